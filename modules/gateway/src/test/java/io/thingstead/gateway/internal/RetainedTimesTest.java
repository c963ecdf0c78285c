package io.thingstead.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetainedTimesTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aRetainedPublishSetsTheTimeAndAnEmptyOneClearsIt() {
        RetainedTimes times = new RetainedTimes(START);
        assertThat(times.lastModified("a/b")).isEqualTo(START);

        Instant first = START.plusSeconds(5);
        times.accepted("a/b", 12, first);
        assertThat(times.lastModified("a/b")).isEqualTo(first);

        Instant second = START.plusSeconds(9);
        times.accepted("a/b", 3, second);
        assertThat(times.lastModified("a/b")).isEqualTo(second);

        times.accepted("a/b", 0, START.plusSeconds(11));
        assertThat(times.lastModified("a/b")).as("cleared: unknown again").isEqualTo(START);
    }
}
