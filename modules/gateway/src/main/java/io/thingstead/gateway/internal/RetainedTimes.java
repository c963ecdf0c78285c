package io.thingstead.gateway.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each retained message was last set: HiveMQ's retained-message store keeps no time, AWS's {@code
 * lastModifiedTime} needs one. Recorded in memory as the gateway accepts a retained PUBLISH (device, HTTPS or
 * platform); an empty retained payload clears the topic and its time. A topic without a time (set before the last
 * restart: the broker keeps retained messages in files by default, ADR 0012; or set by a path that does not record,
 * or in the instant between store and record) reports {@link #since()}, the broker's start.
 */
public final class RetainedTimes {
    private final Map<String, Instant> times = new ConcurrentHashMap<>();
    private final Instant since;

    public RetainedTimes(Instant since) {
        this.since = since;
    }

    /** A retained PUBLISH was accepted for {@code topic}. */
    public void accepted(String topic, int payloadBytes, Instant at) {
        if (payloadBytes == 0) {
            times.remove(topic);
        } else {
            times.put(topic, at);
        }
    }

    /** When the retained message on {@code topic} was last set, {@link #since()} when unknown. */
    public Instant lastModified(String topic) {
        return times.getOrDefault(topic, since);
    }

    public Instant since() {
        return since;
    }
}
