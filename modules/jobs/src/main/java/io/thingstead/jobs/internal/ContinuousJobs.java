package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.registry.api.AttachmentsChanged;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Continuous jobs follow their groups: a thing that joins a target group (static or dynamic, or a child group of one)
 * gets its execution at once, outside the rollout rate (AWS: "in near-real time"); a thing that leaves every target
 * group of a continuous job that does not name it has its QUEUED execution REMOVED; one that comes back after that
 * gets a new execution. Reacts to the registry's {@link AttachmentsChanged} after it committed, on a worker thread.
 */
@ApplicationScoped
public class ContinuousJobs {
    private static final Logger LOG = Logger.getLogger(ContinuousJobs.class);

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    @Inject
    JobStore jobs;

    @Inject
    Targets targets;

    @Inject
    Notifications notifications;

    void onMembership(@Observes(during = TransactionPhase.AFTER_SUCCESS) AttachmentsChanged change) {
        try {
            executor.execute(() -> reconcile(change.thingName()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not look at continuous jobs for %s", change.thingName());
        }
    }

    void reconcile(String thing) {
        try {
            Set<String> groups;
            try {
                groups = targets.groupsOf(thing);
            } catch (IotException e) {
                groups = Set.of(); // the thing is gone
            }
            List<String> jobIds = jobs.continuousJobsOfGroups(groups);
            for (String jobId : jobIds) {
                notifications.send(jobs.addThings(jobId, List.of(thing)).things());
            }
            List<String> leave = new ArrayList<>();
            for (JobEntity job : jobs.continuousJobsQueuedFor(thing)) {
                if (jobIds.contains(job.jobId) || names(job, thing)) {
                    continue;
                }
                leave.add(job.jobId);
            }
            notifications.send(jobs.remove(thing, leave));
        } catch (RuntimeException e) {
            LOG.warnf(e, "continuous jobs for %s could not be brought up to date", thing);
        }
    }

    private boolean names(JobEntity job, String thing) {
        return targets.parse(Members.strings(Members.parse("{\"t\":" + job.targets + "}"), "t"))
                .things()
                .contains(thing);
    }
}
