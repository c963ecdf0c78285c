package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.internal.JobConfiguration.AbortCriterion;
import io.thingstead.jobs.internal.JobConfiguration.FailureType;
import io.thingstead.jobs.internal.JobConfiguration.RetryCriterion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules of execution states, retries and aborts, as pure functions. */
final class Outcomes {
    private Outcomes() {}

    /** Why a device's update is refused, if it is; {@code error} is the MQTT error code, {@code code} the HTTPS one. */
    record Refusal(String error, ErrorCode code, String message) {}

    /**
     * A device may move a pending execution to IN_PROGRESS (again, to report progress), SUCCEEDED, FAILED or REJECTED;
     * nothing changes a terminal execution (AWS: InvalidStateTransition).
     */
    static Optional<Refusal> deviceUpdate(JobExecutionStatus current, JobExecutionStatus requested) {
        if (requested != JobExecutionStatus.IN_PROGRESS
                && requested != JobExecutionStatus.SUCCEEDED
                && requested != JobExecutionStatus.FAILED
                && requested != JobExecutionStatus.REJECTED) {
            return Optional.of(new Refusal(
                    "InvalidRequest",
                    ErrorCode.INVALID_REQUEST,
                    "A device can set status IN_PROGRESS, SUCCEEDED, FAILED or REJECTED, not " + requested + "."));
        }
        if (current.terminal()) {
            return Optional.of(new Refusal(
                    "InvalidStateTransition",
                    ErrorCode.INVALID_STATE_TRANSITION,
                    "Job execution cannot be updated from status " + current + " to " + requested + "."));
        }
        return Optional.empty();
    }

    /**
     * Whether an execution that just ended {@code ended} (FAILED or TIMED_OUT) gets another attempt: the criterion of
     * its type (or ALL) allows more retries than the thing had for it.
     *
     * @param failedBefore earlier attempts of this job on this thing that ended FAILED (not counting this one)
     * @param timedOutBefore the same for TIMED_OUT
     */
    static boolean retry(
            List<RetryCriterion> criteria, JobExecutionStatus ended, long failedBefore, long timedOutBefore) {
        if (ended != JobExecutionStatus.FAILED && ended != JobExecutionStatus.TIMED_OUT) {
            return false;
        }
        for (RetryCriterion criterion : criteria) {
            long used;
            if (criterion.failureType() == FailureType.ALL) {
                used = failedBefore + timedOutBefore;
            } else if (criterion.failureType().name().equals(ended.name())) {
                used = ended == JobExecutionStatus.FAILED ? failedBefore : timedOutBefore;
            } else {
                continue;
            }
            return used < criterion.numberOfRetries();
        }
        return false;
    }

    /**
     * The abort criterion a job meets, if any. An attempt counts as executed once it ended SUCCEEDED, FAILED,
     * REJECTED or TIMED_OUT (CANCELED and REMOVED say nothing about the update); the job aborts when at least {@code
     * minNumberOfExecutedThings} attempts were executed and the failures of the criterion's type are at least {@code
     * thresholdPercentage} percent of them. Every attempt counts, retries included, so that a job retrying a failing
     * update over and over is stopped too.
     */
    static Optional<AbortCriterion> abort(List<AbortCriterion> criteria, Map<JobExecutionStatus, Long> attempts) {
        long failed = attempts.getOrDefault(JobExecutionStatus.FAILED, 0L);
        long rejected = attempts.getOrDefault(JobExecutionStatus.REJECTED, 0L);
        long timedOut = attempts.getOrDefault(JobExecutionStatus.TIMED_OUT, 0L);
        long executed = failed + rejected + timedOut + attempts.getOrDefault(JobExecutionStatus.SUCCEEDED, 0L);
        for (AbortCriterion criterion : criteria) {
            if (executed < criterion.minNumberOfExecutedThings() || executed == 0) {
                continue;
            }
            long failures = switch (criterion.failureType()) {
                case FAILED -> failed;
                case REJECTED -> rejected;
                case TIMED_OUT -> timedOut;
                case ALL -> failed + rejected + timedOut;
            };
            if (failures * 100.0 / executed >= criterion.thresholdPercentage() - 1e-9) {
                return Optional.of(criterion);
            }
        }
        return Optional.empty();
    }
}
