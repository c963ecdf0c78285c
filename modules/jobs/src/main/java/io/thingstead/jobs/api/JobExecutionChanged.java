package io.thingstead.jobs.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * CDI event fired in the transaction that changes a job execution's state: created (no previous state), started,
 * finished by the device, timed out, canceled, removed or deleted. Observe it with {@code during =
 * TransactionPhase.AFTER_SUCCESS} to see only committed changes (the portal, Device Defender).
 *
 * @param previous the state before; empty for a new execution
 * @param status the state now; for a deleted execution, its last state
 * @param deleted whether the execution was deleted (DeleteJobExecution, DeleteJob)
 */
public record JobExecutionChanged(
        String jobId,
        String thingName,
        long executionNumber,
        Optional<JobExecutionStatus> previous,
        JobExecutionStatus status,
        Map<String, String> statusDetails,
        boolean deleted,
        Instant at) {
    public JobExecutionChanged {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(status, "status");
        statusDetails = Map.copyOf(statusDetails);
        Objects.requireNonNull(at, "at");
    }
}
