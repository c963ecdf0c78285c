package io.thingstead.defender.api;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/** Detect's results: active violations, violation events and their verification states. A CDI bean. */
public interface Violations {
    /** ListActiveViolations. */
    JsonObject listActive(
            Optional<String> thingName,
            Optional<String> securityProfileName,
            Optional<String> behaviorCriteriaType,
            boolean listSuppressedAlerts,
            Optional<String> verificationState,
            Optional<String> nextToken,
            int maxResults);

    /** ListViolationEvents: events in [startTime, endTime]. */
    JsonObject listEvents(
            Instant startTime,
            Instant endTime,
            Optional<String> thingName,
            Optional<String> securityProfileName,
            Optional<String> behaviorCriteriaType,
            boolean listSuppressedAlerts,
            Optional<String> verificationState,
            Optional<String> nextToken,
            int maxResults);

    /** PutVerificationStateOnViolation. */
    void putVerificationState(String violationId, String verificationState, Optional<String> description);
}
