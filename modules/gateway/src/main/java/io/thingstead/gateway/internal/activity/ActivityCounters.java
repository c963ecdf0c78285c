package io.thingstead.gateway.internal.activity;

import io.thingstead.gateway.api.ActivityCounts;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's counts for {@link io.thingstead.gateway.api.DeviceActivity}: atomic, because a connection's
 * PUBLISHes are checked on the broker's threads while a reader takes and resets them on another. Reading and resetting
 * is not one atomic step across the counters: a message counted between the two lands in the next snapshot, never
 * nowhere.
 */
public final class ActivityCounters {
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger smallest = new AtomicInteger(-1);
    private final AtomicInteger largest = new AtomicInteger(-1);
    private final AtomicLong authorizationFailures = new AtomicLong();

    /** A PUBLISH the client sent, with its payload size. */
    public void published(int payloadBytes) {
        messages.incrementAndGet();
        bytes.addAndGet(payloadBytes);
        int small = smallest.get();
        while ((small < 0 || payloadBytes < small) && !smallest.compareAndSet(small, payloadBytes)) {
            small = smallest.get();
        }
        int large = largest.get();
        while (payloadBytes > large && !largest.compareAndSet(large, payloadBytes)) {
            large = largest.get();
        }
    }

    /** A PUBLISH or SUBSCRIBE its policies refused. */
    public void authorizationFailure() {
        authorizationFailures.incrementAndGet();
    }

    public boolean isEmpty() {
        return messages.get() == 0 && authorizationFailures.get() == 0;
    }

    /** The counts since the previous call, reset; empty when nothing was counted. */
    public Optional<ActivityCounts> take(
            String clientId, Optional<String> thingName, String principal, Optional<String> ipAddress) {
        if (isEmpty()) {
            return Optional.empty();
        }
        long sent = messages.getAndSet(0);
        long sentBytes = bytes.getAndSet(0);
        int small = smallest.getAndSet(-1);
        int large = largest.getAndSet(-1);
        long failures = authorizationFailures.getAndSet(0);
        return Optional.of(
                new ActivityCounts(clientId, thingName, principal, ipAddress, sent, sentBytes, small, large, failures));
    }
}
