package io.thingstead.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Two firmware slots (A/B) and the boot decision, as a device with a bootloader keeps them, on disk under {@code
 * <state>/firmware/}: {@code slot-a.bin}, {@code slot-b.bin} and {@code slots.properties} (written atomically).
 *
 * <ul>
 *   <li>An update is installed into the <em>inactive</em> slot only; the running image is never touched.
 *   <li>The next boot is a <em>trial</em> of the new slot: it counts the attempt first, then runs the image's
 *       self-test. Passed: the new slot becomes the active one and the device owes the platform a SUCCEEDED. Failed:
 *       back to the previous slot, a FAILED is owed.
 *   <li>A trial that never finishes (the new image hangs, crashes or never reaches the platform) is found by the boot
 *       after it — the attempt was counted and nothing confirmed it — and rolled back, with a FAILED owed.
 *   <li>The owed report survives restarts until {@link #reported()} clears it after the platform acknowledged it.
 * </ul>
 *
 * <p>The image format of this reference device: a first line {@code THINGSTEAD-FIRMWARE 1}, header lines {@code
 * key: value} up to an empty line ({@code version}, and {@code selftest: pass|fail|hang} so that tests can ship
 * images that fail), then the payload. A real device's self-test checks its own hardware and services.
 */
public final class FirmwareSlots {
    static final String MAGIC = "THINGSTEAD-FIRMWARE 1";

    private final Path directory;
    private final Properties state = new Properties();

    public FirmwareSlots(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        Path file = directory.resolve("slots.properties");
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                state.load(in);
            }
        }
    }

    /** What the platform is owed about an update, once connected. */
    public record Report(String jobId, boolean succeeded, String version, String reason) {}

    /** What a boot found. */
    public enum Boot {
        /** No update was on trial. */
        NORMAL,
        /** The new image passed its self-test and is now the active one. */
        UPDATED,
        /** The new image failed (or never finished) its trial: the previous image runs. */
        ROLLED_BACK,
        /** The new image hangs in its trial: the device's watchdog will restart it, and the next boot rolls back. */
        HUNG
    }

    public synchronized String activeSlot() {
        return state.getProperty("active", "a");
    }

    public synchronized String activeVersion() {
        return state.getProperty("active.version", "1.0.0");
    }

    /** Where a download is kept until it is verified: never a slot. */
    public Path downloadFile() {
        return directory.resolve("download.part");
    }

    /**
     * Copies a verified image into the inactive slot and puts it on trial for the next boot.
     *
     * @param jobId the job execution to report on after the trial
     */
    public synchronized void install(Path verifiedImage, String version, String jobId) throws IOException {
        String slot = "a".equals(activeSlot()) ? "b" : "a";
        Path target = directory.resolve("slot-" + slot + ".bin");
        Path temp = directory.resolve("slot-" + slot + ".bin.tmp");
        Files.copy(verifiedImage, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        state.setProperty("trial.slot", slot);
        state.setProperty("trial.version", version);
        state.setProperty("trial.job", jobId);
        state.setProperty("trial.attempts", "0");
        save();
    }

    /** What the bootloader does at power-on. */
    public synchronized Boot boot() throws IOException {
        String slot = state.getProperty("trial.slot");
        if (slot == null) {
            return Boot.NORMAL;
        }
        String job = state.getProperty("trial.job");
        String version = state.getProperty("trial.version");
        int attempts = Integer.parseInt(state.getProperty("trial.attempts", "0"));
        if (attempts >= 1) {
            endTrial(new Report(
                    job, false, activeVersion(), "the new image " + version + " never finished its self-test"));
            return Boot.ROLLED_BACK;
        }
        state.setProperty("trial.attempts", Integer.toString(attempts + 1));
        save(); // counted before the image runs: a crash in the self-test is seen by the next boot
        String selfTest = header(directory.resolve("slot-" + slot + ".bin")).getOrDefault("selftest", "invalid image");
        switch (selfTest) {
            case "pass" -> {
                state.setProperty("active", slot);
                state.setProperty("active.version", version);
                endTrial(new Report(job, true, version, null));
                return Boot.UPDATED;
            }
            case "hang" -> {
                return Boot.HUNG;
            }
            default -> {
                endTrial(new Report(
                        job,
                        false,
                        activeVersion(),
                        "the new image " + version + " failed its self-test: " + selfTest));
                return Boot.ROLLED_BACK;
            }
        }
    }

    /** The report owed to the platform, if any. */
    public synchronized Optional<Report> owed() {
        String job = state.getProperty("report.job");
        if (job == null) {
            return Optional.empty();
        }
        return Optional.of(new Report(
                job,
                Boolean.parseBoolean(state.getProperty("report.succeeded")),
                state.getProperty("report.version"),
                state.getProperty("report.reason")));
    }

    /** The platform acknowledged the owed report. */
    public synchronized void reported() throws IOException {
        state.remove("report.job");
        state.remove("report.succeeded");
        state.remove("report.version");
        state.remove("report.reason");
        save();
    }

    private void endTrial(Report report) throws IOException {
        state.remove("trial.slot");
        state.remove("trial.version");
        state.remove("trial.job");
        state.remove("trial.attempts");
        state.setProperty("report.job", report.jobId());
        state.setProperty("report.succeeded", Boolean.toString(report.succeeded()));
        state.setProperty("report.version", report.version());
        if (report.reason() != null) {
            state.setProperty("report.reason", report.reason());
        }
        save();
    }

    private void save() throws IOException {
        Path temp = directory.resolve("slots.properties.tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            state.store(out, "firmware slots");
        }
        Files.move(
                temp,
                directory.resolve("slots.properties"),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The image's header; {@code selftest} says {@code invalid image} when the image is not in this format. */
    static Map<String, String> header(Path image) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        byte[] start;
        try (InputStream in = Files.newInputStream(image)) {
            start = in.readNBytes(4096);
        }
        String text = new String(start, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !MAGIC.equals(lines[0])) {
            return header;
        }
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                header.put(
                        lines[i].substring(0, colon).strip(),
                        lines[i].substring(colon + 1).strip());
            }
        }
        header.putIfAbsent("selftest", "pass");
        return header;
    }

    /** An image in this device's format (for tests and tools). */
    public static byte[] image(String version, String selfTest, byte[] payload) {
        byte[] head = (MAGIC + "\nversion: " + version + "\nselftest: " + selfTest + "\n\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] image = new byte[head.length + payload.length];
        System.arraycopy(head, 0, image, 0, head.length);
        System.arraycopy(payload, 0, image, head.length, payload.length);
        return image;
    }
}
