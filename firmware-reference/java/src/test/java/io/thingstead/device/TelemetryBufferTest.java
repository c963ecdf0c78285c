package io.thingstead.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryBufferTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void messagesComeOutInOrderAndStayUntilAcknowledged() {
        TelemetryBuffer buffer = new TelemetryBuffer(dir, 100);
        long first = buffer.append("dt/a/telemetry", bytes("one"));
        long second = buffer.append("dt/a/telemetry", bytes("two"));

        List<TelemetryBuffer.Message> peeked = buffer.peek(10);
        assertThat(peeked).extracting(TelemetryBuffer.Message::sequence).containsExactly(first, second);
        assertThat(new String(peeked.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(peeked.get(0).topic()).isEqualTo("dt/a/telemetry");
        assertThat(buffer.peek(10)).hasSize(2);

        buffer.acknowledge(first);
        assertThat(buffer.peek(10))
                .extracting(TelemetryBuffer.Message::sequence)
                .containsExactly(second);
    }

    @Test
    void theBufferSurvivesARestartAndKeepsNumbering() {
        TelemetryBuffer before = new TelemetryBuffer(dir, 100);
        for (int i = 0; i < 5; i++) {
            before.append("t", bytes("m" + i));
        }
        before.acknowledge(1);

        TelemetryBuffer after = new TelemetryBuffer(dir, 100);
        assertThat(after.size()).isEqualTo(4);
        assertThat(after.oldest())
                .hasValueSatisfying(m -> assertThat(m.sequence()).isEqualTo(2));
        assertThat(after.append("t", bytes("next"))).isEqualTo(6);
    }

    @Test
    void whenFullTheOldestIsDroppedAndCounted() {
        TelemetryBuffer buffer = new TelemetryBuffer(dir, 3);
        for (int i = 1; i <= 5; i++) {
            buffer.append("t", bytes("m" + i));
        }
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.dropped()).isEqualTo(2);
        assertThat(buffer.peek(10))
                .extracting(TelemetryBuffer.Message::sequence)
                .containsExactly(3L, 4L, 5L);
    }

    @Test
    void payloadsCarryTheirSequenceAndHalfWrittenFilesAreDiscarded() throws Exception {
        Files.writeString(dir.resolve("00000000000000000009.msg.tmp"), "half");
        TelemetryBuffer buffer = new TelemetryBuffer(dir, 10);

        long sequence = buffer.append("t", n -> bytes("{\"sequence\":" + n + "}"));

        assertThat(new String(buffer.oldest().orElseThrow().payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"sequence\":" + sequence + "}");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }
}
