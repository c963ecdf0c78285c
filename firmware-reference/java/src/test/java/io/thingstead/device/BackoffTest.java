package io.thingstead.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void theWindowDoublesUpToTheCapAndEveryWaitIsWithinIt() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(7));

        long[] ceilings = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (long ceiling : ceilings) {
            Duration wait = backoff.next();
            assertThat(wait.toMillis()).isBetween(0L, ceiling);
        }
        assertThat(backoff.ceilingMillis(100)).isEqualTo(30000);
        assertThat(backoff.ceilingMillis(61)).isEqualTo(30000);
    }

    @Test
    void fullJitterSpreadsRetriesOverTheWholeWindow() {
        Random random = new Random(42);
        long below = 0;
        long above = 0;
        for (int i = 0; i < 2000; i++) {
            Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), random);
            for (int n = 0; n < 5; n++) {
                backoff.next();
            }
            long wait = backoff.next().toMillis(); // the window is 32 s now
            if (wait < 16_000) {
                below++;
            } else {
                above++;
            }
        }
        assertThat(below).isBetween(800L, 1200L);
        assertThat(above).isBetween(800L, 1200L);
    }

    @Test
    void resetStartsOverAndBadSettingsAreRefused() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(1));
        for (int i = 0; i < 20; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isLessThanOrEqualTo(100);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
