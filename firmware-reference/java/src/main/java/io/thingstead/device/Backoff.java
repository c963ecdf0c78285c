package io.thingstead.device;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (the AWS Architecture Blog's recommendation, and the IoT Lens's): the n-th
 * retry waits a random time between zero and {@code min(cap, base * 2^n)}. Spreading retries randomly over the whole
 * window keeps a fleet that lost its connection at the same moment from reconnecting at the same moment.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The wait before the next attempt; each call widens the window until it reaches the cap. */
    public Duration next() {
        long ceiling = ceilingMillis(attempt);
        if (attempt < 62) {
            attempt++;
        }
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** After a success: the next failure starts from the smallest window again. */
    public void reset() {
        attempt = 0;
    }

    long ceilingMillis(int n) {
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        if (n >= 62 || baseMillis > (capMillis >> Math.min(n, 62))) {
            return capMillis;
        }
        return Math.min(capMillis, baseMillis << n);
    }
}
