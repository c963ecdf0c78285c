package io.thingstead.jobs.internal;

import io.thingstead.jobs.api.JobChanged;
import io.thingstead.jobs.api.JobExecutionChanged;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.api.JobStatus;
import io.thingstead.registry.api.EventConfigurations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.UUID;

/**
 * AWS IoT's Jobs events, published after the change committed: {@code $aws/events/job/<job>/completed}, {@code
 * /canceled}, {@code /cancellation_in_progress}, {@code /deleted}, {@code /deletion_in_progress}, and {@code
 * $aws/events/jobExecution/<job>/succeeded}, {@code /failed}, {@code /rejected}, {@code /canceled}, {@code
 * /timed_out}, {@code /removed}, {@code /deleted}, with AWS's documents. The documents are built in the transaction
 * (the job is still there when it is being deleted) and sent after it. As on AWS, each kind is published only while
 * {@code UpdateEventConfigurations} has switched its event type ({@code JOB}, {@code JOB_EXECUTION}) on (both start
 * off); {@code thingstead.jobs.lifecycle-events=false} turns both off whatever that says.
 */
@ApplicationScoped
public class LifecycleEvents {
    @PersistenceContext(unitName = "jobs")
    EntityManager em;

    @Inject
    JobsPublisher publisher;

    @Inject
    AfterCommit afterCommit;

    @Inject
    JobsConfig config;

    @Inject
    JobStore jobs;

    @Inject
    Targets targets;

    @Inject
    EventConfigurations eventConfigurations;

    void onExecution(@Observes JobExecutionChanged change) {
        if (!config.settings().lifecycleEvents()) {
            return;
        }
        if (!change.deleted()
                && (!change.status().terminal() || change.previous().equals(java.util.Optional.of(change.status())))) {
            return;
        }
        if (!eventConfigurations.enabled("JOB_EXECUTION")) { // one primary-key read, only for a publishable change
            return;
        }
        String operation = change.deleted() ? "deleted" : change.status().operation();
        JsonObjectBuilder event = Json.createObjectBuilder()
                .add("eventType", "JOB_EXECUTION")
                .add("eventId", UUID.randomUUID().toString())
                .add("timestamp", change.at().getEpochSecond())
                .add("operation", operation)
                .add("jobId", change.jobId())
                .add("thingArn", targets.thingArn(change.thingName()))
                .add("status", change.status().name());
        if (!change.statusDetails().isEmpty()) {
            event.add("statusDetails", Members.stringMap(change.statusDetails()));
        }
        JsonObject document = event.build();
        String topic = "$aws/events/jobExecution/" + change.jobId() + "/" + operation;
        afterCommit.run(() -> publisher.publish(topic, document));
    }

    void onJob(@Observes JobChanged change) {
        if (!config.settings().lifecycleEvents()) {
            return;
        }
        String operation;
        String status;
        if (change.deleted()) {
            operation = "deleted";
            status = "DELETED";
        } else {
            switch (change.status()) {
                case COMPLETED -> operation = "completed";
                case CANCELED -> operation = "canceled";
                case DELETION_IN_PROGRESS -> operation = "deletion_in_progress";
                default -> {
                    return;
                }
            }
            status = change.status().name();
        }
        if (!eventConfigurations.enabled("JOB")) {
            return;
        }
        JobEntity job = em.find(JobEntity.class, change.jobId());
        if (job == null) {
            return;
        }
        JsonObjectBuilder event = Json.createObjectBuilder()
                .add("eventType", "JOB")
                .add("eventId", UUID.randomUUID().toString())
                .add("timestamp", change.at().getEpochSecond())
                .add("operation", operation)
                .add("jobId", job.jobId)
                .add("status", status)
                .add("targetSelection", job.targetSelection)
                .add("targets", Members.parse("{\"t\":" + job.targets + "}").getJsonArray("t"));
        if (job.description != null) {
            event.add("description", job.description);
        }
        if (job.completedAt != null) {
            event.add("completedAt", job.completedAt.toEpochMilli());
        }
        event.add("createdAt", job.createdAt.toEpochMilli()).add("lastUpdatedAt", job.lastUpdatedAt.toEpochMilli());
        if (job.comment != null && change.status() != JobStatus.COMPLETED) {
            event.add("comment", job.comment);
        }
        if (change.status() == JobStatus.COMPLETED) {
            em.flush();
            Map<JobExecutionStatus, Long> counts = jobs.counts(job.jobId);
            event.add(
                    "jobProcessDetails",
                    Json.createObjectBuilder()
                            .add("numberOfCanceledThings", counts.getOrDefault(JobExecutionStatus.CANCELED, 0L))
                            .add("numberOfRejectedThings", counts.getOrDefault(JobExecutionStatus.REJECTED, 0L))
                            .add("numberOfFailedThings", counts.getOrDefault(JobExecutionStatus.FAILED, 0L))
                            .add("numberOfRemovedThings", counts.getOrDefault(JobExecutionStatus.REMOVED, 0L))
                            .add("numberOfSucceededThings", counts.getOrDefault(JobExecutionStatus.SUCCEEDED, 0L))
                            .add("numberOfTimedOutThings", counts.getOrDefault(JobExecutionStatus.TIMED_OUT, 0L)));
        }
        JsonObject document = event.build();
        String base = "$aws/events/job/" + job.jobId + "/";
        if (change.status() == JobStatus.CANCELED && !change.deleted()) {
            // cancelling takes one transaction here; AWS announces its start and its end, and so does Thingstead
            JsonObject starting = Json.createObjectBuilder(document)
                    .add("operation", "cancellation_in_progress")
                    .add("status", "CANCELLATION_IN_PROGRESS")
                    .build();
            afterCommit.run(() -> {
                publisher.publish(base + "cancellation_in_progress", starting);
                publisher.publish(base + operation, document);
            });
        } else {
            afterCommit.run(() -> publisher.publish(base + operation, document));
        }
    }
}
