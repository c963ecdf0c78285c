package io.thingstead.jobs.internal;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.api.JobStatus;
import io.thingstead.jobs.internal.JobConfiguration.EndBehavior;
import io.thingstead.jobs.internal.JobConfiguration.MaintenanceWindow;
import io.thingstead.jobs.internal.JobConfiguration.Scheduling;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * What the Jobs service does on its own, every {@code thingstead.jobs.tick-interval} (1 s): schedules (start and end
 * times, maintenance windows), rollouts at their rate, timeouts of IN_PROGRESS executions, abort criteria, snapshot
 * jobs that are complete, and every ten seconds the gauges. Every step works on rows it locks with {@code SKIP
 * LOCKED} or in transactions of its own, so two nodes ticking at once do not do the same work twice.
 */
@ApplicationScoped
public class JobsTicker {
    private static final Logger LOG = Logger.getLogger(JobsTicker.class);
    static final int TIMEOUTS_PER_TICK = 500;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    JobStore jobs;

    @Inject
    ExecutionStore executions;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Aborts aborts;

    @Inject
    Notifications notifications;

    @Inject
    JobsMetrics metrics;

    @Inject
    Clock clock;

    private Jdbc jdbc;
    private Instant lastGauges = Instant.EPOCH;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    void tick() {
        step("schedules", this::schedules);
        step("rollouts", this::rollouts);
        step("timeouts", this::timeouts);
        step("aborts", this::aborts);
        step("completions", jobs::completeFinished);
        if (Duration.between(lastGauges, clock.instant()).toSeconds() >= 10) {
            lastGauges = clock.instant();
            step("gauges", this::gauges);
        }
    }

    private void step(String name, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "the jobs tick's %s failed; the next tick tries again", name);
        }
    }

    void schedules() {
        Instant now = clock.instant();
        for (String jobId : jobs.activeJobs("configuration LIKE '%schedulingConfig%'")) {
            Optional<JobEntity> job = jobs.find(jobId);
            if (job.isEmpty() || job.get().config().scheduling().isEmpty()) {
                continue;
            }
            Scheduling scheduling = job.get().config().scheduling().get();
            if (scheduling.endTime().isPresent()
                    && !now.isBefore(scheduling.endTime().get())) {
                end(job.get(), scheduling.endBehavior().orElse(EndBehavior.STOP_ROLLOUT));
                continue;
            }
            boolean started =
                    scheduling.startTime().map(start -> !now.isBefore(start)).orElse(true);
            boolean inWindow = inWindow(scheduling.maintenanceWindows(), now);
            boolean run = started && inWindow;
            JobStatus status = job.get().status;
            if (run && status == JobStatus.SCHEDULED) {
                jobs.setScheduled(jobId, false);
                dispatcher.dispatch(jobId);
            } else if (!run && status == JobStatus.IN_PROGRESS) {
                jobs.setScheduled(jobId, true);
            }
        }
    }

    private void end(JobEntity job, EndBehavior behavior) {
        switch (behavior) {
            case STOP_ROLLOUT -> {
                if (job.pendingTargets > 0 || job.status == JobStatus.SCHEDULED) {
                    jobs.stopRollout(job.jobId);
                }
                if (job.continuous()) {
                    jobs.completeIfFinished(job.jobId);
                }
            }
            case CANCEL, FORCE_CANCEL ->
                notifications.send(jobs.cancel(
                                job.jobId,
                                behavior == EndBehavior.FORCE_CANCEL,
                                Optional.of("END_TIME_REACHED"),
                                Optional.of("The job's schedule ended (endBehavior " + behavior + ")."))
                        .things());
        }
    }

    /** Whether one of the windows started less than its duration ago (always, without windows). */
    static boolean inWindow(List<MaintenanceWindow> windows, Instant now) {
        if (windows.isEmpty()) {
            return true;
        }
        for (MaintenanceWindow window : windows) {
            if (window.cron()
                    .latestStartWithin(now, window.durationInMinutes() - 1)
                    .isPresent()) {
                return true;
            }
        }
        return false;
    }

    void rollouts() {
        for (String jobId : jobs.activeJobs("status = 'IN_PROGRESS' AND pending_targets > 0")) {
            dispatcher.dispatch(jobId);
        }
    }

    void timeouts() {
        for (ExecutionKey key : jobs.expired(TIMEOUTS_PER_TICK)) {
            ExecutionStore.Changed changed = executions.timeOut(key);
            if (changed.execution().isPresent()) {
                metrics.timedOut();
            }
            notifications.send(changed.things());
            changed.abortCheck().ifPresent(aborts::check);
        }
    }

    void aborts() {
        for (String jobId : jobs.activeJobs("configuration LIKE '%abortConfig%'")) {
            aborts.check(jobId);
        }
    }

    void gauges() {
        Map<JobStatus, Long> jobCounts = new EnumMap<>(JobStatus.class);
        jdbc.query(
                        "SELECT status, count(*) FROM jobs_job GROUP BY status",
                        row -> Map.entry(JobStatus.valueOf(row.getString(1)), row.getLong(2)))
                .forEach(e -> jobCounts.put(e.getKey(), e.getValue()));
        Map<JobExecutionStatus, Long> executionCounts = new EnumMap<>(JobExecutionStatus.class);
        jdbc.query(
                        "SELECT status, count(*) FROM jobs_execution WHERE latest GROUP BY status",
                        row -> Map.entry(JobExecutionStatus.valueOf(row.getString(1)), row.getLong(2)))
                .forEach(e -> executionCounts.put(e.getKey(), e.getValue()));
        metrics.refresh(jobCounts, executionCounts);
    }
}
