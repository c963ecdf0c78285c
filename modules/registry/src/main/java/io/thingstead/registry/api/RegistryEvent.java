package io.thingstead.registry.api;

import java.util.Objects;

/**
 * CDI event fired inside the registry's transaction when a change of an enabled event type happens (AWS IoT's
 * registry events: {@code $aws/events/thing/{name}/created}, ...): the topic and AWS's JSON payload. Observe it with
 * {@code during = TransactionPhase.AFTER_SUCCESS}, so that nothing is published for a change that rolls back; the
 * gateway does and publishes it.
 */
public record RegistryEvent(String topic, String payload) {
    public RegistryEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
