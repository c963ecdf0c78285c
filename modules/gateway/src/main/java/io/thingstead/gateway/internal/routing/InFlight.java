package io.thingstead.gateway.internal.routing;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per key (a connection) received and not yet answered, with a maximum: AWS answers 429 when a connection
 * has more than 10 shadow requests in flight. Keys with nothing in flight take no memory. Thread-safe.
 */
public final class InFlight {
    private final int maximum;
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    public InFlight(int maximum) {
        if (maximum < 1) {
            throw new IllegalArgumentException("the maximum must be at least 1");
        }
        this.maximum = maximum;
    }

    /** Counts one more request of {@code key}; false (nothing counted) when it already has the maximum in flight. */
    public boolean tryEnter(String key) {
        boolean[] entered = new boolean[1];
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maximum) {
                return count;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    /** One request of {@code key} was answered. */
    public void leave(String key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    public int inFlight(String key) {
        return counts.getOrDefault(key, 0);
    }

    public int keys() {
        return counts.size();
    }
}
