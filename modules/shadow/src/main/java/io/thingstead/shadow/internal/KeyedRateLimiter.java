package io.thingstead.shadow.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * So many requests per second per key (a thing name), with a burst of one second's worth: a token bucket per key.
 * Buckets that have refilled completely are forgotten now and then, so idle keys cost nothing. Time comes from the
 * caller, in nanoseconds, so the arithmetic is tested without clocks. Thread-safe.
 */
public final class KeyedRateLimiter {
    private static final long SECOND = 1_000_000_000L;
    private static final int SWEEP_ABOVE = 1024;

    private final double perSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    /** @param perSecond requests per second per key; 0 for no limit */
    public KeyedRateLimiter(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("the rate must not be negative");
        }
        this.perSecond = perSecond;
    }

    /** Takes one request of {@code key} at {@code nowNanos}; false when the key is over its rate. */
    public boolean tryAcquire(String key, long nowNanos) {
        if (perSecond == 0) {
            return true;
        }
        boolean allowed = buckets.computeIfAbsent(key, k -> new Bucket(perSecond, nowNanos))
                .take(nowNanos, perSecond);
        sweep(nowNanos);
        return allowed;
    }

    /** Keys with a bucket (for tests). */
    int tracked() {
        return buckets.size();
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (buckets.size() <= SWEEP_ABOVE || (last != Long.MIN_VALUE && now - last < SECOND)) {
            return;
        }
        if (lastSweep.compareAndSet(last, now)) {
            // a bucket that is full again holds no information; a request racing with its removal gets a new one
            buckets.values().removeIf(bucket -> bucket.fullAt(now, perSecond));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
        }

        synchronized boolean take(long now, double perSecond) {
            refill(now, perSecond);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean fullAt(long now, double perSecond) {
            refill(now, perSecond);
            return tokens >= perSecond;
        }

        private void refill(long now, double perSecond) {
            if (now > updated) {
                tokens = Math.min(perSecond, tokens + (now - updated) * perSecond / SECOND);
                updated = now;
            }
        }
    }
}
