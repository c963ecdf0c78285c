package io.thingstead.jobs.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs rollouts: right after a job is created or gets targets (so that a job without a rollout rate reaches its
 * devices at once), and on every tick for rate-limited ones. Each batch is one transaction ({@link JobStore#dispatch});
 * the notifications of a batch go out after it commits.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    @Inject
    JobStore jobs;

    @Inject
    Notifications notifications;

    @Inject
    JobsMetrics metrics;

    void dispatchSoon(String jobId) {
        executor.execute(() -> dispatch(jobId));
    }

    /** Creates the executions the job's rollout allows now, batch after batch. */
    int dispatch(String jobId) {
        int total = 0;
        try {
            while (true) {
                JobStore.Dispatched batch = jobs.dispatch(jobId);
                total += batch.created().size();
                metrics.rolledOut(batch.created().size());
                notifications.send(batch.things());
                if (!batch.more() || batch.created().isEmpty()) {
                    return total;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "the rollout of job %s failed; the next tick tries again", jobId);
            return total;
        }
    }
}
