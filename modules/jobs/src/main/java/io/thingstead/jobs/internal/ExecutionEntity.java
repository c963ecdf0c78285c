package io.thingstead.jobs.internal;

import io.thingstead.jobs.api.JobExecutionStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A job execution (table {@code jobs_execution}): one attempt of one job on one thing. A retry is a new row with the
 * next execution number; {@code latest} marks the newest. {@code versionNumber} is AWS's execution version (the
 * {@code expectedVersion} devices send), changed under the row lock rather than by JPA's optimistic version.
 */
@Entity
@DynamicUpdate
@Table(name = "jobs_execution")
@IdClass(ExecutionKey.class)
public class ExecutionEntity {
    @Id
    @Column(name = "job_id", nullable = false)
    String jobId;

    @Id
    @Column(name = "thing_name", nullable = false)
    String thingName;

    @Id
    @Column(name = "execution_number", nullable = false)
    long executionNumber;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    JobExecutionStatus status;

    @Column(name = "status_details")
    String statusDetails;

    @Column(name = "force_canceled", nullable = false)
    boolean forceCanceled;

    @Column(name = "retry_attempt", nullable = false)
    int retryAttempt;

    @Column(name = "latest", nullable = false)
    boolean latest;

    @Column(name = "version_number", nullable = false)
    long versionNumber;

    @Column(name = "queued_at", nullable = false)
    Instant queuedAt;

    @Column(name = "started_at")
    Instant startedAt;

    @Column(name = "last_updated_at", nullable = false)
    Instant lastUpdatedAt;

    @Column(name = "timeout_at")
    Instant timeoutAt;

    @Column(name = "in_progress_deadline")
    Instant inProgressDeadline;

    protected ExecutionEntity() {}

    ExecutionEntity(String jobId, String thingName, long executionNumber, int retryAttempt, Instant now) {
        this.jobId = jobId;
        this.thingName = thingName;
        this.executionNumber = executionNumber;
        this.status = JobExecutionStatus.QUEUED;
        this.retryAttempt = retryAttempt;
        this.latest = true;
        this.versionNumber = 1;
        this.queuedAt = now;
        this.lastUpdatedAt = now;
    }

    ExecutionKey key() {
        return new ExecutionKey(jobId, thingName, executionNumber);
    }

    Map<String, String> details() {
        return Members.stringMap(statusDetails);
    }

    void details(Map<String, String> details) {
        this.statusDetails =
                details.isEmpty() ? null : Members.stringMap(details).toString();
    }
}
