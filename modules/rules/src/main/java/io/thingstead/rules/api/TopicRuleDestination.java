package io.thingstead.rules.api;

import java.time.Instant;
import java.util.Optional;

/**
 * An HTTP topic rule destination: the base URL that HTTP actions may post to once its owner confirmed it.
 *
 * @param status {@code IN_PROGRESS} until confirmed, then {@code ENABLED}; {@code DISABLED} by the operator; {@code
 *     ERROR} when the confirmation request could not be delivered
 */
public record TopicRuleDestination(
        String arn,
        String confirmationUrl,
        Status status,
        Optional<String> statusReason,
        Instant createdAt,
        Instant lastUpdatedAt) {
    /** AWS's {@code TopicRuleDestinationStatus}. */
    public enum Status {
        ENABLED,
        IN_PROGRESS,
        DISABLED,
        ERROR,
        DELETING
    }
}
