package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.jobs.api.JobExecutionChanged;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.api.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Job executions one at a time, as devices and operators change them: start the next, update, describe, cancel,
 * delete. Every change of a thing's executions takes a transaction-scoped advisory lock on the thing, so a device's
 * requests and the platform's changes to its executions are applied one after the other and the notifications after
 * commit see what came before ({@link ThingChanges}).
 */
@ApplicationScoped
public class ExecutionStore {
    static final List<JobExecutionStatus> PENDING = List.of(JobExecutionStatus.QUEUED, JobExecutionStatus.IN_PROGRESS);

    @PersistenceContext(unitName = "jobs")
    EntityManager em;

    @Inject
    PendingExecutions pending;

    @Inject
    Event<JobExecutionChanged> changes;

    @Inject
    Clock clock;

    /** The outcome of a change: the execution as it is now (if any) and what the notifications need. */
    record Changed(Optional<ExecutionView> execution, ThingChanges things, Optional<String> abortCheck) {}

    /** A device's UpdateJobExecution request. */
    record Update(
            JobExecutionStatus status,
            Optional<Map<String, String>> statusDetails,
            Optional<Long> expectedVersion,
            Optional<Long> executionNumber,
            Optional<Long> stepTimeoutInMinutes) {}

    @Transactional
    public Changed startNext(String thing, Optional<Map<String, String>> details, Optional<Long> stepTimeout) {
        lockThing(thing);
        ThingChanges things = ThingChanges.none();
        Optional<ExecutionEntity> next = firstPending(thing);
        if (next.isEmpty()) {
            return new Changed(Optional.empty(), things, Optional.empty());
        }
        ExecutionEntity execution = next.get();
        if (execution.status == JobExecutionStatus.QUEUED) {
            Instant now = now();
            JobEntity job = em.find(JobEntity.class, execution.jobId);
            JobExecutionStatus previous = execution.status;
            details.ifPresent(execution::details);
            start(execution, job, now);
            stepTimeout.ifPresent(minutes -> stepTimer(execution, minutes, now));
            execution.versionNumber++;
            execution.lastUpdatedAt = now;
            fire(execution, Optional.of(previous), false, now);
        }
        return new Changed(Optional.of(ExecutionView.of(execution)), things, Optional.empty());
    }

    @Transactional
    public Changed update(String thing, String jobId, Update update) {
        lockThing(thing);
        ThingChanges things = ThingChanges.none();
        things.before(thing, pending.next(thing));
        ExecutionEntity execution = find(thing, jobId, update.executionNumber())
                .orElseThrow(() -> DeviceRefusal.notFound("Job execution " + jobId + " of " + thing
                        + update.executionNumber().map(n -> " number " + n).orElse("") + " not found."));
        if (update.expectedVersion().isPresent() && update.expectedVersion().get() != execution.versionNumber) {
            throw new DeviceRefusal(
                    "VersionMismatch",
                    ErrorCode.INVALID_STATE_TRANSITION,
                    "Expected version " + update.expectedVersion().get() + " does not match the current version "
                            + execution.versionNumber + ".",
                    Optional.of(ExecutionView.of(execution).state()));
        }
        Optional<Outcomes.Refusal> refusal = Outcomes.deviceUpdate(execution.status, update.status());
        if (refusal.isPresent()) {
            throw new DeviceRefusal(
                    refusal.get().error(),
                    refusal.get().code(),
                    refusal.get().message(),
                    refusal.get().error().equals("InvalidStateTransition")
                            ? Optional.of(ExecutionView.of(execution).state())
                            : Optional.empty());
        }
        Instant now = now();
        JobEntity job = em.find(JobEntity.class, execution.jobId);
        JobExecutionStatus previous = execution.status;
        update.statusDetails().ifPresent(execution::details);
        if (update.status() == JobExecutionStatus.IN_PROGRESS) {
            if (previous == JobExecutionStatus.QUEUED) {
                start(execution, job, now);
            }
            update.stepTimeoutInMinutes().ifPresent(minutes -> stepTimer(execution, minutes, now));
        } else {
            execution.status = update.status();
            execution.timeoutAt = null;
        }
        execution.versionNumber++;
        execution.lastUpdatedAt = now;
        fire(execution, Optional.of(previous), false, now);
        Optional<String> abortCheck = Optional.empty();
        if (execution.status.terminal()) {
            things.listChanged(thing);
            retryIfConfigured(job, execution, now);
            if (!job.config().abort().isEmpty()) {
                abortCheck = Optional.of(job.jobId);
            }
        }
        return new Changed(Optional.of(ExecutionView.of(execution)), things, abortCheck);
    }

    /** DescribeJobExecution ({@code $next} for the first pending one). */
    @Transactional
    public Optional<ExecutionView> describe(String thing, String jobId, Optional<Long> executionNumber) {
        if (jobId.equals("$next")) {
            return pending.list(thing).stream().findFirst();
        }
        return find(thing, jobId, executionNumber, LockModeType.NONE).map(ExecutionView::of);
    }

    /** CancelJobExecution. */
    @Transactional
    public Changed cancel(
            String thing,
            String jobId,
            boolean force,
            Optional<Long> expectedVersion,
            Optional<Map<String, String>> details) {
        lockThing(thing);
        ThingChanges things = ThingChanges.none();
        things.before(thing, pending.next(thing));
        ExecutionEntity execution = find(thing, jobId, Optional.empty())
                .orElseThrow(() ->
                        IotException.notFound("Job execution of job " + jobId + " on thing " + thing + " not found."));
        if (expectedVersion.isPresent() && expectedVersion.get() != execution.versionNumber) {
            throw IotException.versionConflict("The expected version " + expectedVersion.get()
                    + " does not match the job execution's version " + execution.versionNumber + ".");
        }
        if (execution.status.terminal()) {
            throw new IotException(
                    ErrorCode.INVALID_STATE_TRANSITION,
                    "Job execution is in terminal status " + execution.status + " and cannot be canceled.");
        }
        if (execution.status == JobExecutionStatus.IN_PROGRESS && !force) {
            throw new IotException(
                    ErrorCode.INVALID_STATE_TRANSITION,
                    "Job execution is IN_PROGRESS; cancel it with force to cancel it while the device runs it.");
        }
        Instant now = now();
        JobExecutionStatus previous = execution.status;
        details.ifPresent(execution::details);
        execution.forceCanceled = previous == JobExecutionStatus.IN_PROGRESS;
        execution.status = JobExecutionStatus.CANCELED;
        execution.timeoutAt = null;
        execution.versionNumber++;
        execution.lastUpdatedAt = now;
        fire(execution, Optional.of(previous), false, now);
        things.listChanged(thing);
        return new Changed(Optional.of(ExecutionView.of(execution)), things, Optional.empty());
    }

    /** DeleteJobExecution. */
    @Transactional
    public Changed delete(String thing, String jobId, long executionNumber, boolean force) {
        lockThing(thing);
        ThingChanges things = ThingChanges.none();
        things.before(thing, pending.next(thing));
        ExecutionEntity execution = em.find(
                ExecutionEntity.class, new ExecutionKey(jobId, thing, executionNumber), LockModeType.PESSIMISTIC_WRITE);
        if (execution == null) {
            throw IotException.notFound(
                    "Job execution " + executionNumber + " of job " + jobId + " on thing " + thing + " not found.");
        }
        if (execution.status.pending() && !force) {
            throw new IotException(
                    ErrorCode.INVALID_STATE_TRANSITION,
                    "Job execution is " + execution.status + "; only a terminal job execution can be deleted"
                            + " without force.");
        }
        Instant now = now();
        boolean wasLatest = execution.latest;
        fire(execution, Optional.of(execution.status), true, now);
        if (execution.status.pending()) {
            things.listChanged(thing);
        }
        em.remove(execution);
        if (wasLatest) {
            em.flush();
            em.createQuery(
                            "select e from ExecutionEntity e where e.jobId = :job and e.thingName = :thing"
                                    + " order by e.executionNumber desc",
                            ExecutionEntity.class)
                    .setParameter("job", jobId)
                    .setParameter("thing", thing)
                    .setMaxResults(1)
                    .getResultStream()
                    .findFirst()
                    .ifPresent(previous -> previous.latest = true);
        }
        return new Changed(Optional.empty(), things, Optional.empty());
    }

    /**
     * Times out an IN_PROGRESS execution whose timer ran out (called by the ticker for each one it found), retrying
     * it when the job's retry configuration says so.
     */
    @Transactional
    public Changed timeOut(ExecutionKey key) {
        lockThing(key.thingName());
        ThingChanges things = ThingChanges.none();
        things.before(key.thingName(), pending.next(key.thingName()));
        ExecutionEntity execution = em.find(ExecutionEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
        Instant now = now();
        if (execution == null
                || execution.status != JobExecutionStatus.IN_PROGRESS
                || execution.timeoutAt == null
                || execution.timeoutAt.isAfter(now)) {
            return new Changed(Optional.empty(), ThingChanges.none(), Optional.empty());
        }
        JobEntity job = em.find(JobEntity.class, execution.jobId);
        execution.status = JobExecutionStatus.TIMED_OUT;
        execution.timeoutAt = null;
        execution.versionNumber++;
        execution.lastUpdatedAt = now;
        fire(execution, Optional.of(JobExecutionStatus.IN_PROGRESS), false, now);
        things.listChanged(key.thingName());
        retryIfConfigured(job, execution, now);
        return new Changed(
                Optional.of(ExecutionView.of(execution)),
                things,
                job.config().abort().isEmpty() ? Optional.empty() : Optional.of(job.jobId));
    }

    private void start(ExecutionEntity execution, JobEntity job, Instant now) {
        execution.status = JobExecutionStatus.IN_PROGRESS;
        execution.startedAt = now;
        execution.inProgressDeadline = job == null
                ? null
                : job.config()
                        .inProgressTimeoutMinutes()
                        .map(minutes -> now.plus(minutes, ChronoUnit.MINUTES))
                        .orElse(null);
        execution.timeoutAt = execution.inProgressDeadline;
    }

    /** A new step timer replaces the previous one; it never outlasts the in-progress timer (AWS's absolute bound). */
    private void stepTimer(ExecutionEntity execution, long minutes, Instant now) {
        if (minutes < 1 || minutes > 10080) {
            throw DeviceRefusal.invalidRequest(
                    "stepTimeoutInMinutes must be between 1 and 10080 (7 days), not " + minutes + ".");
        }
        Instant step = now.plus(Duration.ofMinutes(minutes));
        execution.timeoutAt = execution.inProgressDeadline != null && execution.inProgressDeadline.isBefore(step)
                ? execution.inProgressDeadline
                : step;
    }

    /** Queues the next attempt when the job's retry configuration allows one (AWS's jobExecutionsRetryConfig). */
    private void retryIfConfigured(JobEntity job, ExecutionEntity ended, Instant now) {
        if (job == null || !job.status.active() || job.config().retry().isEmpty()) {
            return;
        }
        List<JobExecutionStatus> earlier = em.createQuery(
                        "select e.status from ExecutionEntity e where e.jobId = :job and e.thingName = :thing"
                                + " and e.executionNumber < :number",
                        JobExecutionStatus.class)
                .setParameter("job", ended.jobId)
                .setParameter("thing", ended.thingName)
                .setParameter("number", ended.executionNumber)
                .getResultList();
        long failed =
                earlier.stream().filter(s -> s == JobExecutionStatus.FAILED).count();
        long timedOut =
                earlier.stream().filter(s -> s == JobExecutionStatus.TIMED_OUT).count();
        if (!Outcomes.retry(job.config().retry(), ended.status, failed, timedOut)) {
            return;
        }
        ended.latest = false;
        ExecutionEntity retry = new ExecutionEntity(
                ended.jobId, ended.thingName, ended.executionNumber + 1, ended.retryAttempt + 1, now);
        em.persist(retry);
        fire(retry, Optional.empty(), false, now);
    }

    private Optional<ExecutionEntity> firstPending(String thing) {
        return em.createQuery(
                        "select e from ExecutionEntity e where e.thingName = :thing and e.status in :pending"
                                + " order by case when e.status = :inProgress then 0 else 1 end, e.queuedAt,"
                                + " e.jobId, e.executionNumber",
                        ExecutionEntity.class)
                .setParameter("thing", thing)
                .setParameter("pending", PENDING)
                .setParameter("inProgress", JobExecutionStatus.IN_PROGRESS)
                .setMaxResults(1)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
    }

    /** The execution with this number, or the newest one; none while its job is being deleted. */
    Optional<ExecutionEntity> find(String thing, String jobId, Optional<Long> executionNumber) {
        return find(thing, jobId, executionNumber, LockModeType.PESSIMISTIC_WRITE);
    }

    private Optional<ExecutionEntity> find(
            String thing, String jobId, Optional<Long> executionNumber, LockModeType lock) {
        Optional<ExecutionEntity> execution = executionNumber.isPresent()
                ? Optional.ofNullable(
                        em.find(ExecutionEntity.class, new ExecutionKey(jobId, thing, executionNumber.get()), lock))
                : em.createQuery(
                                "select e from ExecutionEntity e where e.jobId = :job and e.thingName = :thing"
                                        + " and e.latest = true",
                                ExecutionEntity.class)
                        .setParameter("job", jobId)
                        .setParameter("thing", thing)
                        .setLockMode(lock)
                        .getResultStream()
                        .findFirst();
        return execution.filter(e -> {
            JobEntity job = em.find(JobEntity.class, e.jobId);
            return job != null && job.status != JobStatus.DELETION_IN_PROGRESS;
        });
    }

    /** Serialises the changes of one thing's executions until the transaction ends. */
    void lockThing(String thing) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(?1, 7))")
                .setParameter(1, "jobs/" + thing)
                .getSingleResult();
    }

    private void fire(ExecutionEntity execution, Optional<JobExecutionStatus> previous, boolean deleted, Instant now) {
        changes.fire(new JobExecutionChanged(
                execution.jobId,
                execution.thingName,
                execution.executionNumber,
                previous,
                execution.status,
                execution.details(),
                deleted,
                now));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
