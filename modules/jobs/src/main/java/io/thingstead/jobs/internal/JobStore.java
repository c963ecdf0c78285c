package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.jobs.api.JobChanged;
import io.thingstead.jobs.api.JobExecutionChanged;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.api.JobStatus;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Jobs and what happens to all of a job's executions at once: creating a job with its targets, the rollout moving
 * pending targets into executions, cancelling, deleting, completing, aborting, the schedule. The job row is changed
 * through JPA under a row lock; the executions of a rollout or a cancellation are inserted and updated set-wise with
 * SQL (thousands per statement) on the same transaction's connection.
 */
@ApplicationScoped
public class JobStore {
    /** The reason code of a job its abort configuration canceled. */
    static final String ABORTED = "ABORTED";

    @PersistenceContext(unitName = "jobs")
    EntityManager em;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PendingExecutions pending;

    @Inject
    Event<JobChanged> jobChanges;

    @Inject
    Event<JobExecutionChanged> executionChanges;

    @Inject
    JobsConfig config;

    @Inject
    Clock clock;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** A validated CreateJob request. */
    record NewJob(
            String jobId,
            Targets.Named targets,
            List<String> things,
            String targetSelection,
            String document,
            Optional<String> documentSource,
            Optional<String> description,
            JobConfiguration configuration,
            boolean scheduled) {}

    @Transactional
    public JobEntity create(NewJob request) {
        if (em.find(JobEntity.class, request.jobId()) != null) {
            throw IotException.alreadyExists(
                    "Job with id " + request.jobId() + " already exists.", request.jobId(), null);
        }
        Instant now = now();
        JobEntity job = new JobEntity(
                request.jobId(),
                request.scheduled() ? JobStatus.SCHEDULED : JobStatus.IN_PROGRESS,
                request.targetSelection(),
                now);
        job.targets = jsonArray(request.targets().arns());
        job.document = request.document();
        job.documentSource = request.documentSource().orElse(null);
        job.description = request.description().orElse(null);
        job.config(request.configuration());
        job.pendingTargets = request.things().size();
        em.persist(job);
        em.flush();
        for (String group : request.targets().groups()) {
            jdbc.update("INSERT INTO jobs_job_group (job_id, group_name) VALUES (?, ?)", job.jobId, group);
        }
        addPendingTargets(job.jobId, request.things(), 0);
        jobChanges.fire(new JobChanged(job.jobId, Optional.empty(), job.status, false, Optional.empty(), now));
        return job;
    }

    /** AssociateTargetsWithJob: more targets for a continuous job's rollout. */
    @Transactional
    public JobEntity associate(String jobId, Targets.Named added, List<String> things, Optional<String> comment) {
        JobEntity job = lock(jobId);
        if (!job.continuous()) {
            throw IotException.invalidRequest("Targets can be added to continuous jobs only.");
        }
        if (!job.status.active()) {
            throw IotException.invalidRequest(
                    "Job " + jobId + " is " + job.status + "; targets can be added to an" + " active job only.");
        }
        List<String> arns = new ArrayList<>(Members.parse("{\"t\":" + job.targets + "}").getJsonArray("t").stream()
                .map(v -> ((jakarta.json.JsonString) v).getString())
                .toList());
        for (String arn : added.arns()) {
            if (!arns.contains(arn)) {
                arns.add(arn);
            }
        }
        if (arns.size() > Targets.MAX_TARGETS) {
            throw IotException.invalidRequest("A job can have at most " + Targets.MAX_TARGETS + " targets.");
        }
        job.targets = jsonArray(arns);
        for (String group : added.groups()) {
            jdbc.update(
                    "INSERT INTO jobs_job_group (job_id, group_name) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    jobId,
                    group);
        }
        long position = jdbc.queryOne(
                        "SELECT coalesce(max(position), 0) FROM jobs_pending_target WHERE job_id = ?",
                        row -> row.getLong(1),
                        jobId)
                .orElse(0L);
        job.pendingTargets += addPendingTargets(jobId, things, position);
        comment.ifPresent(c -> job.comment = c);
        job.lastUpdatedAt = now();
        return job;
    }

    /** Inserts the targets not already pending or executed; returns how many were added. */
    private int addPendingTargets(String jobId, List<String> things, long after) {
        if (things.isEmpty()) {
            return 0;
        }
        return jdbc.update(
                "INSERT INTO jobs_pending_target (job_id, position, thing_name)"
                        + " SELECT ?, ? + ordinality, t FROM unnest(?::text[]) WITH ORDINALITY AS u(t, ordinality)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM jobs_execution e WHERE e.job_id = ? AND e.thing_name = t)"
                        + " ON CONFLICT DO NOTHING",
                jobId,
                after,
                things,
                jobId);
    }

    @Transactional
    public Optional<JobEntity> find(String jobId) {
        return Optional.ofNullable(em.find(JobEntity.class, jobId));
    }

    JobEntity lock(String jobId) {
        JobEntity job = em.find(JobEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw IotException.notFound("Job " + jobId + " does not exist.");
        }
        return job;
    }

    /** UpdateJob. */
    @Transactional
    public JobEntity update(
            String jobId, JobConfiguration update, Optional<String> description, jakarta.json.JsonObject request) {
        JobEntity job = lock(jobId);
        if (job.status == JobStatus.DELETION_IN_PROGRESS) {
            throw IotException.invalidRequest("Job " + jobId + " is being deleted.");
        }
        description.ifPresent(d -> job.description = d);
        job.config(job.config().updatedWith(update, request));
        job.lastUpdatedAt = now();
        return job;
    }

    /** Counts of the newest execution of each thing by state (AWS's jobProcessDetails). */
    Map<JobExecutionStatus, Long> counts(String jobId) {
        Map<JobExecutionStatus, Long> counts = new EnumMap<>(JobExecutionStatus.class);
        jdbc.query(
                        "SELECT status, count(*) FROM jobs_execution WHERE job_id = ? AND latest GROUP BY status",
                        row -> Map.entry(JobExecutionStatus.valueOf(row.getString(1)), row.getLong(2)),
                        jobId)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** Counts of every attempt by state, retries included (the abort criteria's figures). */
    Map<JobExecutionStatus, Long> attempts(String jobId) {
        Map<JobExecutionStatus, Long> counts = new EnumMap<>(JobExecutionStatus.class);
        jdbc.query(
                        "SELECT status, count(*) FROM jobs_execution WHERE job_id = ? GROUP BY status",
                        row -> Map.entry(JobExecutionStatus.valueOf(row.getString(1)), row.getLong(2)),
                        jobId)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** What the rollout did in one transaction. */
    record Dispatched(List<ExecutionView> created, ThingChanges things, boolean more) {}

    /**
     * Creates the executions the job's rollout allows now (at most one batch): takes the next pending targets in order
     * and inserts a QUEUED execution for each, in one statement. A job another node is rolling out is skipped.
     */
    @Transactional
    public Dispatched dispatch(String jobId) {
        Optional<String> locked = jdbc.queryOne(
                "SELECT job_id FROM jobs_job WHERE job_id = ? AND status = 'IN_PROGRESS' AND pending_targets > 0"
                        + " FOR UPDATE SKIP LOCKED",
                row -> row.getString(1),
                jobId);
        if (locked.isEmpty()) {
            return new Dispatched(List.of(), ThingChanges.none(), false);
        }
        JobEntity job = em.find(JobEntity.class, jobId);
        Instant now = now();
        JobConfiguration configuration = job.config();
        long succeeded = configuration
                        .rollout()
                        .flatMap(JobConfiguration.Rollout::exponentialRate)
                        .flatMap(JobConfiguration.ExponentialRate::numberOfSucceededThings)
                        .isPresent()
                ? counts(jobId).getOrDefault(JobExecutionStatus.SUCCEEDED, 0L)
                : 0;
        RolloutPlan.Rate rate =
                RolloutPlan.rate(configuration.rollout(), job.rolloutNotified, succeeded, job.rolloutStep);
        Duration elapsed = job.rolloutTickAt == null ? Duration.ofSeconds(1) : Duration.between(job.rolloutTickAt, now);
        RolloutPlan.Allowance allowance = RolloutPlan.allowance(rate, job.rolloutCredit, elapsed, job.pendingTargets);
        int batch = Math.min(allowance.executions(), config.settings().dispatchBatch());
        job.rolloutStep = rate.step();
        job.rolloutCredit = allowance.credit() + (allowance.executions() - batch);
        job.rolloutTickAt = now;
        if (batch == 0) {
            return new Dispatched(List.of(), ThingChanges.none(), false);
        }
        List<String> things = jdbc.query(
                "DELETE FROM jobs_pending_target WHERE job_id = ? AND position IN (SELECT position FROM"
                        + " jobs_pending_target WHERE job_id = ? ORDER BY position LIMIT ?) RETURNING thing_name",
                row -> row.getString(1),
                jobId,
                jobId,
                batch);
        ThingChanges changes = ThingChanges.none();
        changes.before(pending.next(things), things);
        List<ExecutionView> created = insertExecutions(jobId, things, now);
        created.forEach(view -> {
            changes.listChanged(view.thingName());
            fireCreated(view, now);
        });
        job.rolloutNotified += created.size();
        job.pendingTargets = Math.max(0, job.pendingTargets - things.size());
        job.lastUpdatedAt = now;
        return new Dispatched(created, changes, job.pendingTargets > 0);
    }

    /** Inserts QUEUED executions (number 1, or the next after a REMOVED one) for things without a pending one. */
    private List<ExecutionView> insertExecutions(String jobId, Collection<String> things, Instant now) {
        if (things.isEmpty()) {
            return List.of();
        }
        // a thing that was REMOVED (it left a continuous job's groups) and came back gets a new execution; a thing
        // whose execution ran, or runs, gets none
        jdbc.update(
                "UPDATE jobs_execution SET latest = false WHERE job_id = ? AND thing_name = ANY(?) AND latest"
                        + " AND status = 'REMOVED'",
                jobId,
                things);
        return jdbc.query(
                "INSERT INTO jobs_execution (job_id, thing_name, execution_number, status, latest, version_number,"
                        + " queued_at, last_updated_at, retry_attempt, force_canceled)"
                        + " SELECT ?, t, coalesce((SELECT max(execution_number) FROM jobs_execution e"
                        + " WHERE e.job_id = ? AND e.thing_name = t), 0) + 1, 'QUEUED', true, 1, ?, ?, 0, false"
                        + " FROM unnest(?::text[]) AS u(t) WHERE NOT EXISTS (SELECT 1 FROM jobs_execution e"
                        + " WHERE e.job_id = ? AND e.thing_name = t AND e.latest)"
                        + " ON CONFLICT DO NOTHING"
                        + " RETURNING job_id, thing_name, execution_number, status, status_details, force_canceled,"
                        + " retry_attempt, version_number, queued_at, started_at, last_updated_at, timeout_at",
                List.of(jobId, jobId, now, now, things, jobId),
                PendingExecutions::view);
    }

    /**
     * Creates executions for things of a continuous job at once, outside its rollout (AWS: things that join a target
     * group after the job was created get their execution in near real time).
     */
    @Transactional
    public Dispatched addThings(String jobId, List<String> things) {
        JobEntity job = em.find(JobEntity.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || !job.status.active() || !job.continuous()) {
            return new Dispatched(List.of(), ThingChanges.none(), false);
        }
        if (job.status == JobStatus.SCHEDULED) {
            long position = jdbc.queryOne(
                            "SELECT coalesce(max(position), 0) FROM jobs_pending_target WHERE job_id = ?",
                            row -> row.getLong(1),
                            jobId)
                    .orElse(0L);
            job.pendingTargets += addPendingTargets(jobId, things, position);
            return new Dispatched(List.of(), ThingChanges.none(), false);
        }
        Instant now = now();
        ThingChanges changes = ThingChanges.none();
        changes.before(pending.next(things), things);
        List<ExecutionView> created = insertExecutions(jobId, things, now);
        created.forEach(view -> {
            changes.listChanged(view.thingName());
            fireCreated(view, now);
        });
        return new Dispatched(created, changes, false);
    }

    /** Marks a thing's QUEUED executions of these continuous jobs REMOVED: it is no longer one of their targets. */
    @Transactional
    public ThingChanges remove(String thing, Collection<String> jobIds) {
        ThingChanges changes = ThingChanges.none();
        if (jobIds.isEmpty()) {
            return changes;
        }
        changes.before(pending.next(List.of(thing)), List.of(thing));
        Instant now = now();
        List<ExecutionView> removed = jdbc.query(
                "UPDATE jobs_execution SET status = 'REMOVED', version_number = version_number + 1,"
                        + " last_updated_at = ? WHERE thing_name = ? AND job_id = ANY(?) AND status = 'QUEUED'"
                        + " RETURNING job_id, thing_name, execution_number, status, status_details, force_canceled,"
                        + " retry_attempt, version_number, queued_at, started_at, last_updated_at, timeout_at",
                List.of(now, thing, jobIds),
                PendingExecutions::view);
        for (ExecutionView view : removed) {
            changes.listChanged(thing);
            executionChanges.fire(new JobExecutionChanged(
                    view.jobId(),
                    thing,
                    view.executionNumber(),
                    Optional.of(JobExecutionStatus.QUEUED),
                    JobExecutionStatus.REMOVED,
                    view.statusDetails(),
                    false,
                    now));
        }
        return changes;
    }

    /** The outcome of cancelling or deleting a job. */
    record Ended(JobEntity job, ThingChanges things) {}

    /**
     * CancelJob (also for an abort and an end time): the job becomes CANCELED, its rollout stops, its QUEUED
     * executions are CANCELED, and with {@code force} its IN_PROGRESS ones too (marked force-canceled).
     */
    @Transactional
    public Ended cancel(String jobId, boolean force, Optional<String> reasonCode, Optional<String> comment) {
        JobEntity job = lock(jobId);
        JobStatus previous = job.status;
        switch (job.status) {
            case COMPLETED ->
                throw IotException.invalidRequest("Job " + jobId + " is COMPLETED; it cannot be canceled.");
            case DELETION_IN_PROGRESS -> throw IotException.invalidRequest("Job " + jobId + " is being deleted.");
            case CANCELED -> {
                if (!force) {
                    return new Ended(job, ThingChanges.none());
                }
            }
            default -> {}
        }
        Instant now = now();
        job.status = JobStatus.CANCELED;
        job.forceCanceled = job.forceCanceled || force;
        reasonCode.ifPresent(r -> job.reasonCode = r);
        comment.ifPresent(c -> job.comment = c);
        job.lastUpdatedAt = now;
        job.pendingTargets = 0;
        jdbc.update("DELETE FROM jobs_pending_target WHERE job_id = ?", jobId);
        ThingChanges changes = cancelExecutions(jobId, force, now);
        jobChanges.fire(new JobChanged(jobId, Optional.of(previous), JobStatus.CANCELED, false, reasonCode, now));
        return new Ended(job, changes);
    }

    private ThingChanges cancelExecutions(String jobId, boolean force, Instant now) {
        String statuses = force ? "('QUEUED', 'IN_PROGRESS')" : "('QUEUED')";
        List<String> things = jdbc.query(
                "SELECT thing_name FROM jobs_execution WHERE job_id = ? AND status IN " + statuses,
                row -> row.getString(1),
                jobId);
        ThingChanges changes = ThingChanges.none();
        if (things.isEmpty()) {
            return changes;
        }
        changes.before(pending.next(things), things);
        record Canceled(ExecutionView view, JobExecutionStatus previous) {}
        List<Canceled> canceled = jdbc.query(
                "WITH target AS (SELECT thing_name, execution_number, status FROM jobs_execution"
                        + " WHERE job_id = ? AND status IN " + statuses + " FOR UPDATE)"
                        + " UPDATE jobs_execution e SET status = 'CANCELED',"
                        + " force_canceled = (target.status = 'IN_PROGRESS'), timeout_at = NULL,"
                        + " version_number = e.version_number + 1, last_updated_at = ?"
                        + " FROM target WHERE e.job_id = ? AND e.thing_name = target.thing_name"
                        + " AND e.execution_number = target.execution_number"
                        + " RETURNING e.job_id, e.thing_name, e.execution_number, e.status, e.status_details,"
                        + " e.force_canceled, e.retry_attempt, e.version_number, e.queued_at, e.started_at,"
                        + " e.last_updated_at, e.timeout_at, target.status AS previous",
                List.of(jobId, now, jobId),
                row -> new Canceled(
                        PendingExecutions.view(row), JobExecutionStatus.valueOf(row.getString("previous"))));
        for (Canceled c : canceled) {
            changes.listChanged(c.view().thingName());
            executionChanges.fire(new JobExecutionChanged(
                    jobId,
                    c.view().thingName(),
                    c.view().executionNumber(),
                    Optional.of(c.previous()),
                    JobExecutionStatus.CANCELED,
                    c.view().statusDetails(),
                    false,
                    now));
        }
        return changes;
    }

    /**
     * DeleteJob: only a COMPLETED or CANCELED job without {@code force}; the job and every execution go, pending
     * ones first told to the devices as gone.
     */
    @Transactional
    public Ended delete(String jobId, boolean force) {
        JobEntity job = lock(jobId);
        if (job.status == JobStatus.DELETION_IN_PROGRESS) {
            throw new IotException(ErrorCode.INVALID_STATE_TRANSITION, "Job " + jobId + " is already being deleted.");
        }
        if (job.status.active() && !force) {
            throw new IotException(
                    ErrorCode.INVALID_STATE_TRANSITION,
                    "Job " + jobId + " is " + job.status + "; only a COMPLETED or CANCELED job can be deleted"
                            + " without force.");
        }
        Instant now = now();
        JobStatus previous = job.status;
        job.status = JobStatus.DELETION_IN_PROGRESS;
        jobChanges.fire(new JobChanged(
                jobId, Optional.of(previous), JobStatus.DELETION_IN_PROGRESS, false, Optional.empty(), now));
        List<String> things = jdbc.query(
                "SELECT thing_name FROM jobs_execution WHERE job_id = ? AND status IN ('QUEUED', 'IN_PROGRESS')",
                row -> row.getString(1),
                jobId);
        ThingChanges changes = ThingChanges.none();
        changes.before(pending.next(things), things);
        things.forEach(changes::listChanged);
        List<ExecutionView> deleted = jdbc.query(
                "DELETE FROM jobs_execution WHERE job_id = ? RETURNING job_id, thing_name, execution_number, status,"
                        + " status_details, force_canceled, retry_attempt, version_number, queued_at, started_at,"
                        + " last_updated_at, timeout_at",
                List.of(jobId),
                PendingExecutions::view);
        for (ExecutionView view : deleted) {
            executionChanges.fire(new JobExecutionChanged(
                    jobId,
                    view.thingName(),
                    view.executionNumber(),
                    Optional.of(view.status()),
                    view.status(),
                    view.statusDetails(),
                    true,
                    now));
        }
        jobChanges.fire(new JobChanged(
                jobId, Optional.of(previous), JobStatus.DELETION_IN_PROGRESS, true, Optional.empty(), now));
        em.remove(job);
        return new Ended(job, changes);
    }

    /** A continuous job past its end time becomes COMPLETED once its every execution is over. */
    @Transactional
    public boolean completeIfFinished(String jobId) {
        JobEntity job = lock(jobId);
        boolean running = jdbc.queryOne(
                        "SELECT 1 FROM jobs_execution WHERE job_id = ? AND latest AND status IN ('QUEUED',"
                                + " 'IN_PROGRESS') LIMIT 1",
                        row -> true,
                        jobId)
                .isPresent();
        if (job.status != JobStatus.IN_PROGRESS || running || job.pendingTargets > 0) {
            return false;
        }
        Instant now = now();
        job.status = JobStatus.COMPLETED;
        job.completedAt = now;
        job.lastUpdatedAt = now;
        jobChanges.fire(new JobChanged(
                jobId, Optional.of(JobStatus.IN_PROGRESS), JobStatus.COMPLETED, false, Optional.empty(), now));
        return true;
    }

    /** Snapshot jobs whose rollout is done and whose every execution is over become COMPLETED. */
    @Transactional
    public List<String> completeFinished() {
        List<String> finished = jdbc.query(
                "SELECT j.job_id FROM jobs_job j WHERE j.status = 'IN_PROGRESS' AND j.target_selection = 'SNAPSHOT'"
                        + " AND j.pending_targets = 0 AND NOT EXISTS (SELECT 1 FROM jobs_execution e"
                        + " WHERE e.job_id = j.job_id AND e.latest AND e.status IN ('QUEUED', 'IN_PROGRESS'))"
                        + " FOR UPDATE SKIP LOCKED",
                row -> row.getString(1));
        Instant now = now();
        for (String jobId : finished) {
            JobEntity job = em.find(JobEntity.class, jobId);
            job.status = JobStatus.COMPLETED;
            job.completedAt = now;
            job.lastUpdatedAt = now;
            jobChanges.fire(new JobChanged(
                    jobId, Optional.of(JobStatus.IN_PROGRESS), JobStatus.COMPLETED, false, Optional.empty(), now));
        }
        return finished;
    }

    /** Active jobs with an abort configuration, or with a rollout to do, or with a schedule. */
    List<String> activeJobs(String condition) {
        return jdbc.query(
                "SELECT job_id FROM jobs_job WHERE status IN ('IN_PROGRESS', 'SCHEDULED') AND " + condition
                        + " ORDER BY created_at",
                row -> row.getString(1));
    }

    /** IN_PROGRESS executions whose timer ran out. */
    List<ExecutionKey> expired(int limit) {
        return jdbc.query(
                "SELECT job_id, thing_name, execution_number FROM jobs_execution WHERE status = 'IN_PROGRESS'"
                        + " AND timeout_at <= ? ORDER BY timeout_at LIMIT ?",
                row -> new ExecutionKey(row.getString(1), row.getString(2), row.getLong(3)),
                now(),
                limit);
    }

    /** Continuous, active jobs that target one of these groups. */
    List<String> continuousJobsOfGroups(Collection<String> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                "SELECT DISTINCT j.job_id FROM jobs_job j JOIN jobs_job_group g ON g.job_id = j.job_id"
                        + " WHERE g.group_name = ANY(?) AND j.target_selection = 'CONTINUOUS'"
                        + " AND j.status IN ('IN_PROGRESS', 'SCHEDULED')",
                row -> row.getString(1),
                groups);
    }

    /** Continuous jobs in which this thing has a QUEUED execution, with their groups and targets. */
    List<JobEntity> continuousJobsQueuedFor(String thing) {
        return em.createQuery(
                        "select j from JobEntity j where j.targetSelection = 'CONTINUOUS' and exists (select 1 from"
                                + " ExecutionEntity e where e.jobId = j.jobId and e.thingName = :thing"
                                + " and e.status = :queued)",
                        JobEntity.class)
                .setParameter("thing", thing)
                .setParameter("queued", JobExecutionStatus.QUEUED)
                .getResultList();
    }

    List<String> groupsOf(String jobId) {
        return jdbc.query(
                "SELECT group_name FROM jobs_job_group WHERE job_id = ? ORDER BY group_name",
                row -> row.getString(1),
                jobId);
    }

    /** SCHEDULED to IN_PROGRESS (its start or a maintenance window came) or back (the window closed). */
    @Transactional
    public boolean setScheduled(String jobId, boolean scheduled) {
        JobEntity job = lock(jobId);
        JobStatus target = scheduled ? JobStatus.SCHEDULED : JobStatus.IN_PROGRESS;
        if (!job.status.active() || job.status == target) {
            return false;
        }
        Instant now = now();
        JobStatus previous = job.status;
        job.status = target;
        job.lastUpdatedAt = now;
        job.rolloutTickAt = now;
        jobChanges.fire(new JobChanged(jobId, Optional.of(previous), target, false, Optional.empty(), now));
        return true;
    }

    /** The end time came with endBehavior STOP_ROLLOUT: no more executions; the job completes once they are over. */
    @Transactional
    public void stopRollout(String jobId) {
        JobEntity job = lock(jobId);
        jdbc.update("DELETE FROM jobs_pending_target WHERE job_id = ?", jobId);
        job.pendingTargets = 0;
        if (job.status == JobStatus.SCHEDULED) {
            job.status = JobStatus.IN_PROGRESS;
        }
        job.lastUpdatedAt = now();
    }

    private static String jsonArray(List<String> values) {
        return jakarta.json.Json.createArrayBuilder(values).build().toString();
    }

    private void fireCreated(ExecutionView view, Instant now) {
        executionChanges.fire(new JobExecutionChanged(
                view.jobId(),
                view.thingName(),
                view.executionNumber(),
                Optional.empty(),
                JobExecutionStatus.QUEUED,
                Map.of(),
                false,
                now));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
