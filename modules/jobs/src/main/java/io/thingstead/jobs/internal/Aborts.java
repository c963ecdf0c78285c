package io.thingstead.jobs.internal;

import io.thingstead.jobs.internal.JobConfiguration.AbortCriterion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies jobs' abort configurations: checked after every update that ends an execution (so that a failing batch
 * stops the job before the next batch is rolled out) and on every tick. A job that meets a criterion is canceled as
 * CancelJob without force would: its rollout stops, QUEUED executions are CANCELED, IN_PROGRESS ones may finish
 * (AWS: "only QUEUED job executions are canceled").
 */
@ApplicationScoped
public class Aborts {
    private static final Logger LOG = Logger.getLogger(Aborts.class);

    @Inject
    JobStore jobs;

    @Inject
    Notifications notifications;

    @Inject
    JobsMetrics metrics;

    void check(String jobId) {
        Optional<JobEntity> job = jobs.find(jobId);
        if (job.isEmpty()
                || !job.get().status.active()
                || job.get().config().abort().isEmpty()) {
            return;
        }
        Optional<AbortCriterion> met = Outcomes.abort(job.get().config().abort(), jobs.attempts(jobId));
        if (met.isEmpty()) {
            return;
        }
        AbortCriterion criterion = met.get();
        String comment = "Job aborted: at least " + criterion.thresholdPercentage() + "% of "
                + "executions ended " + criterion.failureType() + " after at least "
                + criterion.minNumberOfExecutedThings() + " were executed (abortConfig).";
        try {
            JobStore.Ended ended = jobs.cancel(jobId, false, Optional.of(JobStore.ABORTED), Optional.of(comment));
            metrics.aborted();
            LOG.infof("Job %s aborted by its abort configuration (%s)", jobId, criterion);
            notifications.send(ended.things());
        } catch (RuntimeException e) {
            LOG.debugf(e, "job %s could not be aborted now; the next tick tries again", jobId);
        }
    }
}
