package io.thingstead.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareSlotsTest {
    @TempDir
    Path dir;

    private Path image(String version, String selfTest) throws Exception {
        Path file = dir.resolve(version + ".img");
        Files.write(file, FirmwareSlots.image(version, selfTest, "payload".getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    @Test
    void anImageThatPassesItsSelfTestBecomesActiveAndIsReportedOnce() throws Exception {
        FirmwareSlots slots = new FirmwareSlots(dir.resolve("fw"));
        assertThat(slots.boot()).isEqualTo(FirmwareSlots.Boot.NORMAL);
        assertThat(slots.activeSlot()).isEqualTo("a");

        slots.install(image("2.0.0", "pass"), "2.0.0", "job-1");
        assertThat(slots.activeSlot()).as("nothing changes before the restart").isEqualTo("a");
        assertThat(Files.exists(dir.resolve("fw/slot-b.bin"))).isTrue();

        FirmwareSlots afterRestart = new FirmwareSlots(dir.resolve("fw"));
        assertThat(afterRestart.boot()).isEqualTo(FirmwareSlots.Boot.UPDATED);
        assertThat(afterRestart.activeSlot()).isEqualTo("b");
        assertThat(afterRestart.activeVersion()).isEqualTo("2.0.0");
        assertThat(afterRestart.owed()).contains(new FirmwareSlots.Report("job-1", true, "2.0.0", null));
        afterRestart.reported();
        assertThat(new FirmwareSlots(dir.resolve("fw")).owed()).isEmpty();
        assertThat(new FirmwareSlots(dir.resolve("fw")).boot()).isEqualTo(FirmwareSlots.Boot.NORMAL);
    }

    @Test
    void aFailedSelfTestRollsBackToThePreviousSlot() throws Exception {
        FirmwareSlots slots = new FirmwareSlots(dir.resolve("fw"));
        slots.install(image("2.0.0", "fail"), "2.0.0", "job-2");

        assertThat(slots.boot()).isEqualTo(FirmwareSlots.Boot.ROLLED_BACK);
        assertThat(slots.activeSlot()).isEqualTo("a");
        assertThat(slots.activeVersion()).isEqualTo("1.0.0");
        FirmwareSlots.Report report = slots.owed().orElseThrow();
        assertThat(report.succeeded()).isFalse();
        assertThat(report.jobId()).isEqualTo("job-2");
        assertThat(report.reason()).contains("failed its self-test");
    }

    @Test
    void anImageThatNeverFinishesItsTrialIsRolledBackByTheNextBoot() throws Exception {
        FirmwareSlots slots = new FirmwareSlots(dir.resolve("fw"));
        slots.install(image("2.0.0", "hang"), "2.0.0", "job-3");

        assertThat(slots.boot()).isEqualTo(FirmwareSlots.Boot.HUNG);
        assertThat(slots.owed()).isEmpty();
        // power cycle: the attempt was counted before the image ran
        FirmwareSlots next = new FirmwareSlots(dir.resolve("fw"));
        assertThat(next.boot()).isEqualTo(FirmwareSlots.Boot.ROLLED_BACK);
        assertThat(next.activeSlot()).isEqualTo("a");
        assertThat(next.owed().orElseThrow().reason()).contains("never finished");
    }

    @Test
    void somethingThatIsNotAnImageFailsTheSelfTest() throws Exception {
        FirmwareSlots slots = new FirmwareSlots(dir.resolve("fw"));
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "MZ not an image");
        slots.install(junk, "3.0.0", "job-4");
        assertThat(slots.boot()).isEqualTo(FirmwareSlots.Boot.ROLLED_BACK);
        assertThat(slots.owed().orElseThrow().reason()).contains("invalid image");
    }
}
