package io.thingstead.registry.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Which event types publish messages on {@code $aws/events/...}: AWS IoT's {@code DescribeEventConfigurations} and
 * {@code UpdateEventConfigurations}. Every AWS event type is known ({@link #EVENT_TYPES}); all start disabled, as in
 * AWS. The registry publishes its own types ({@link RegistryEvent}); other modules may ask {@link #enabled(String)}.
 */
public interface EventConfigurations {
    /** AWS's {@code EventType} values, in AWS's order. */
    java.util.List<String> EVENT_TYPES = java.util.List.of(
            "THING",
            "THING_GROUP",
            "THING_TYPE",
            "THING_GROUP_MEMBERSHIP",
            "THING_GROUP_HIERARCHY",
            "THING_TYPE_ASSOCIATION",
            "JOB",
            "JOB_EXECUTION",
            "POLICY",
            "CERTIFICATE",
            "CA_CERTIFICATE");

    Configuration describe();

    /**
     * Switches the given event types on or off; the others keep their setting.
     *
     * @throws io.thingstead.common.api.error.IotException InvalidRequestException for an unknown event type
     */
    void update(Map<String, Boolean> enabled);

    /** Whether messages of this event type are published now. */
    boolean enabled(String eventType);

    /**
     * @param enabled every event type and whether it is on
     * @param creationDate when the configuration was created (the installation)
     * @param lastModifiedDate when an event type was last switched
     */
    record Configuration(Map<String, Boolean> enabled, Instant creationDate, Instant lastModifiedDate) {
        public Configuration {
            enabled = Map.copyOf(enabled);
            Objects.requireNonNull(creationDate, "creationDate");
            Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
        }
    }
}
