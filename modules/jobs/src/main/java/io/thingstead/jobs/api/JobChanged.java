package io.thingstead.jobs.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * CDI event fired in the transaction that creates a job or changes its state: scheduled, started, completed,
 * canceled (by CancelJob, its abort configuration or its end time), being deleted, deleted. Observe it with {@code
 * during = TransactionPhase.AFTER_SUCCESS} to see only committed changes.
 *
 * @param previous the state before; empty for a new job
 * @param deleted whether the job is gone (then {@code status} is its last state, DELETION_IN_PROGRESS)
 * @param reasonCode why it was canceled ({@code ABORTED} when its abort configuration canceled it)
 */
public record JobChanged(
        String jobId,
        Optional<JobStatus> previous,
        JobStatus status,
        boolean deleted,
        Optional<String> reasonCode,
        Instant at) {
    public JobChanged {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(at, "at");
    }
}
