package io.thingstead.jobs.internal;

import io.thingstead.jobs.api.JobExecutionStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A job execution as it was read in a transaction, and the JSON shapes AWS gives it: on the MQTT topics and the HTTPS
 * device API (times in whole epoch seconds) and on the control plane (epoch seconds with a fraction, status details
 * in {@code detailsMap}).
 */
record ExecutionView(
        String jobId,
        String thingName,
        long executionNumber,
        JobExecutionStatus status,
        Map<String, String> statusDetails,
        boolean forceCanceled,
        int retryAttempt,
        long versionNumber,
        Instant queuedAt,
        Optional<Instant> startedAt,
        Instant lastUpdatedAt,
        Optional<Instant> timeoutAt) {

    static ExecutionView of(ExecutionEntity e) {
        return new ExecutionView(
                e.jobId,
                e.thingName,
                e.executionNumber,
                e.status,
                e.details(),
                e.forceCanceled,
                e.retryAttempt,
                e.versionNumber,
                e.queuedAt,
                Optional.ofNullable(e.startedAt),
                e.lastUpdatedAt,
                Optional.ofNullable(e.timeoutAt));
    }

    ExecutionKey key() {
        return new ExecutionKey(jobId, thingName, executionNumber);
    }

    /** AWS: "will not be included if the job execution has reached a terminal status". */
    Optional<Long> secondsBeforeTimedOut(Instant now) {
        if (status != JobExecutionStatus.IN_PROGRESS || timeoutAt.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Math.max(0, timeoutAt.get().getEpochSecond() - now.getEpochSecond()));
    }

    /** JobExecutionSummary of the device API: {@code jobId, queuedAt, startedAt, lastUpdatedAt, versionNumber, executionNumber}. */
    JsonObject deviceSummary() {
        JsonObjectBuilder json =
                Json.createObjectBuilder().add("jobId", jobId).add("queuedAt", queuedAt.getEpochSecond());
        startedAt.ifPresent(t -> json.add("startedAt", t.getEpochSecond()));
        return json.add("lastUpdatedAt", lastUpdatedAt.getEpochSecond())
                .add("versionNumber", versionNumber)
                .add("executionNumber", executionNumber)
                .build();
    }

    /** JobExecutionState: {@code status, statusDetails, versionNumber}. */
    JsonObject state() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("status", status.name());
        if (!statusDetails.isEmpty()) {
            json.add("statusDetails", Members.stringMap(statusDetails));
        }
        return json.add("versionNumber", versionNumber).build();
    }

    /**
     * JobExecution of the device API.
     *
     * @param document the job document for this execution (placeholders replaced): a JSON value on MQTT, a string over
     *     HTTPS; null to leave it out
     */
    JsonObject device(JsonValue document, Instant now) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("jobId", jobId).add("thingName", thingName);
        if (document != null) {
            json.add("jobDocument", document);
        }
        json.add("status", status.name());
        if (!statusDetails.isEmpty()) {
            json.add("statusDetails", Members.stringMap(statusDetails));
        }
        json.add("queuedAt", queuedAt.getEpochSecond());
        startedAt.ifPresent(t -> json.add("startedAt", t.getEpochSecond()));
        json.add("lastUpdatedAt", lastUpdatedAt.getEpochSecond())
                .add("versionNumber", versionNumber)
                .add("executionNumber", executionNumber);
        secondsBeforeTimedOut(now).ifPresent(s -> json.add("approximateSecondsBeforeTimedOut", s));
        return json.build();
    }

    /** JobExecution of the control plane (DescribeJobExecution). */
    JsonObject control(String thingArn, Instant now) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("jobId", jobId)
                .add("status", status.name())
                .add("forceCanceled", forceCanceled)
                .add("statusDetails", Json.createObjectBuilder().add("detailsMap", Members.stringMap(statusDetails)))
                .add("thingArn", thingArn)
                .add("queuedAt", epoch(queuedAt));
        startedAt.ifPresent(t -> json.add("startedAt", epoch(t)));
        json.add("lastUpdatedAt", epoch(lastUpdatedAt))
                .add("executionNumber", executionNumber)
                .add("versionNumber", versionNumber);
        secondsBeforeTimedOut(now).ifPresent(s -> json.add("approximateSecondsBeforeTimedOut", s));
        return json.build();
    }

    /** JobExecutionSummary of the control plane: {@code status, queuedAt, startedAt, lastUpdatedAt, executionNumber, retryAttempt}. */
    JsonObject controlSummary() {
        JsonObjectBuilder json =
                Json.createObjectBuilder().add("status", status.name()).add("queuedAt", epoch(queuedAt));
        startedAt.ifPresent(t -> json.add("startedAt", epoch(t)));
        return json.add("lastUpdatedAt", epoch(lastUpdatedAt))
                .add("executionNumber", executionNumber)
                .add("retryAttempt", retryAttempt)
                .build();
    }

    /** AWS's JSON protocol writes times as epoch seconds with a fraction. */
    static BigDecimal epoch(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }
}
