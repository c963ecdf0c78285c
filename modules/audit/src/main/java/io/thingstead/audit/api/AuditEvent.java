package io.thingstead.audit.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded control-plane change: who did what to which resource, when, and how it ended.
 *
 * @param actor the authenticated principal (e.g. {@code accessKey/TSAK.../operator}, {@code user/alice})
 * @param action the operation in AWS terms (e.g. {@code iot:CreateThing})
 * @param resourceArn the resource acted on, when there is one
 * @param outcome {@code SUCCESS} or the AWS error type that ended it
 * @param details small, non-secret facts worth keeping (request parameters, never secrets or payloads)
 */
public record AuditEvent(
        Instant at,
        String actor,
        String action,
        Optional<String> resourceArn,
        String outcome,
        Optional<String> sourceIp,
        Map<String, String> details) {
    public static final String SUCCESS = "SUCCESS";

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        details = Map.copyOf(details);
    }
}
