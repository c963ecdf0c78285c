package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void aBurstOfOneSecondThenTheRate() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(20);
        long t = 5_000 * MS;
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("lamp", t)).as("request %d", i).isTrue();
        }
        assertThat(limiter.tryAcquire("lamp", t)).isFalse();
        // other things have their own budget
        assertThat(limiter.tryAcquire("fan", t)).isTrue();
        // one request every 50 ms comes back
        assertThat(limiter.tryAcquire("lamp", t + 49 * MS)).isFalse();
        assertThat(limiter.tryAcquire("lamp", t + 50 * MS)).isTrue();
        assertThat(limiter.tryAcquire("lamp", t + 50 * MS)).isFalse();
        // after a second, a full burst again, never more
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("lamp", t + 5_000 * MS)).isTrue();
        }
        assertThat(limiter.tryAcquire("lamp", t + 5_000 * MS)).isFalse();
    }

    @Test
    void zeroMeansNoLimit() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire("lamp", 0)).isTrue();
        }
    }

    @Test
    void idleKeysAreForgotten() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(20);
        for (int i = 0; i < 5000; i++) {
            limiter.tryAcquire("thing-" + i, 0);
        }
        assertThat(limiter.tracked()).isEqualTo(5000);
        limiter.tryAcquire("late", 2_000 * MS);
        assertThat(limiter.tracked()).isLessThanOrEqualTo(1);
    }
}
