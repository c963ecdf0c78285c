package io.thingstead.gateway.internal.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfOneSecondThenOneMessagePerInterval() {
        RateLimiter limiter = new RateLimiter(10, 1 << 20);
        long t = 5 * SECOND;
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.reserve(1, t, 0)).as("burst message %d", i).isZero();
        }
        assertThat(limiter.reserve(1, t, 0))
                .as("over the burst, no wait allowed")
                .isEqualTo(RateLimiter.REFUSED);
        assertThat(limiter.reserve(1, t, SECOND)).isEqualTo(SECOND / 10);
        assertThat(limiter.reserve(1, t + SECOND / 5, 0)).isZero();
    }

    @Test
    void bytesAreBudgetedLikeMessages() {
        RateLimiter limiter = new RateLimiter(1000, 1000);
        assertThat(limiter.reserve(1000, 0, 0)).isZero();
        assertThat(limiter.reserve(500, 0, 0)).isEqualTo(RateLimiter.REFUSED);
        assertThat(limiter.reserve(500, 0, SECOND)).isEqualTo(SECOND / 2);
    }

    @Test
    void aRefusedPublishTakesNothingFromTheBudget() {
        RateLimiter limiter = new RateLimiter(1, 1 << 20);
        assertThat(limiter.reserve(1, 0, 0)).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.reserve(1, 0, 0)).isEqualTo(RateLimiter.REFUSED);
        }
        assertThat(limiter.reserve(1, SECOND, 0)).isZero();
    }

    @Test
    void idleTimeDoesNotSaveUpMoreThanOneSecond() {
        RateLimiter limiter = new RateLimiter(2, 1 << 20);
        limiter.reserve(1, 0, 0);
        long later = 3600 * SECOND;
        assertThat(limiter.reserve(1, later, 0)).isZero();
        assertThat(limiter.reserve(1, later, 0)).isZero();
        assertThat(limiter.reserve(1, later, 0)).isEqualTo(RateLimiter.REFUSED);
    }

    @Test
    void ratesMustBePositive() {
        assertThatThrownBy(() -> new RateLimiter(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
