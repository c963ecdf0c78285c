package io.thingstead.jobs.internal;

import io.thingstead.jobs.api.JobStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A job (table {@code jobs_job}). Changed only under a row lock ({@code PESSIMISTIC_WRITE}); the version guards it. */
@Entity
@Table(name = "jobs_job")
public class JobEntity {
    @Id
    @Column(name = "job_id", nullable = false)
    String jobId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    JobStatus status;

    @Column(name = "target_selection", nullable = false)
    String targetSelection;

    @Column(name = "targets", nullable = false)
    String targets;

    @Column(name = "document", nullable = false)
    String document;

    @Column(name = "document_source")
    String documentSource;

    @Column(name = "description")
    String description;

    @Column(name = "configuration", nullable = false)
    String configuration;

    @Column(name = "force_canceled", nullable = false)
    boolean forceCanceled;

    @Column(name = "reason_code")
    String reasonCode;

    @Column(name = "comment")
    String comment;

    @Column(name = "rollout_notified", nullable = false)
    long rolloutNotified;

    @Column(name = "rollout_step", nullable = false)
    int rolloutStep;

    @Column(name = "rollout_credit", nullable = false)
    double rolloutCredit;

    @Column(name = "rollout_tick_at")
    Instant rolloutTickAt;

    @Column(name = "pending_targets", nullable = false)
    long pendingTargets;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "last_updated_at", nullable = false)
    Instant lastUpdatedAt;

    @Column(name = "completed_at")
    Instant completedAt;

    @Version
    @Column(name = "version", nullable = false)
    long version;

    protected JobEntity() {}

    JobEntity(String jobId, JobStatus status, String targetSelection, Instant now) {
        this.jobId = jobId;
        this.status = status;
        this.targetSelection = targetSelection;
        this.createdAt = now;
        this.lastUpdatedAt = now;
    }

    boolean continuous() {
        return "CONTINUOUS".equals(targetSelection);
    }

    private transient JobConfiguration parsed;

    JobConfiguration config() {
        if (parsed == null) {
            parsed = JobConfiguration.stored(configuration);
        }
        return parsed;
    }

    void config(JobConfiguration configuration) {
        this.configuration = configuration.toJson().toString();
        this.parsed = configuration;
    }
}
