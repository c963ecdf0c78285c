package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.api.JobStatus;
import io.thingstead.jobs.api.JobsControlPlane;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.ThingGroups;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The AWS IoT Jobs management API ({@link JobsControlPlane}): validation as AWS does it, then the stores. */
@ApplicationScoped
public class ControlPlane implements JobsControlPlane {
    static final Pattern REASON_CODE = Pattern.compile("[\\p{Upper}\\p{Digit}_]{1,128}");
    static final int MAX_RESULTS = 250;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    JobStore jobs;

    @Inject
    ExecutionStore executions;

    @Inject
    TemplateStore templates;

    @Inject
    Targets targets;

    @Inject
    FirmwareStore firmware;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Notifications notifications;

    @Inject
    JobDocuments documents;

    @Inject
    ThingGroups groups;

    @Inject
    JobsConfig config;

    @Inject
    Clock clock;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    public JsonObject createJob(String jobId, JsonObject request) {
        Members.requireJobId(jobId);
        JobConfiguration configuration = JobConfiguration.parse(request, schedulingRules());
        Optional<String> document = Members.string(request, "document");
        Optional<String> documentSource = Members.string(request, "documentSource");
        Optional<String> templateArn = Members.string(request, "jobTemplateArn");
        if (templateArn.isPresent()) {
            TemplateStore.Template template = templates.byArn(templateArn.get());
            if (document.isEmpty() && documentSource.isEmpty()) {
                document = template.document();
                documentSource = template.documentSource();
            }
            configuration = configuration.withDefaultsFrom(template.configuration());
        }
        String text = document(document, documentSource);
        Optional<String> description = description(request);
        String selection = Members.string(request, "targetSelection").orElse("SNAPSHOT");
        if (!selection.equals("SNAPSHOT") && !selection.equals("CONTINUOUS")) {
            throw IotException.invalidRequest("1 validation error detected: Value '" + Members.cut(selection)
                    + "' at 'targetSelection' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [CONTINUOUS, SNAPSHOT]");
        }
        Targets.Named named = targets.parse(Members.strings(request, "targets"));
        targets.requireExisting(named);
        List<String> things = targets.resolve(named);
        boolean scheduled = configuration
                .scheduling()
                .map(s -> s.startTime().isPresent() || !s.maintenanceWindows().isEmpty())
                .orElse(false);
        JobEntity job = jobs.create(new JobStore.NewJob(
                jobId, named, things, selection, text, documentSource, description, configuration, scheduled));
        if (!scheduled) {
            dispatcher.dispatchSoon(jobId);
        }
        JsonObjectBuilder answer =
                Json.createObjectBuilder().add("jobArn", targets.jobArn(jobId)).add("jobId", jobId);
        Optional.ofNullable(job.description).ifPresent(d -> answer.add("description", d));
        return answer.build();
    }

    /** The document of a job: inline, checked, naming only firmware files that exist. */
    String document(Optional<String> document, Optional<String> documentSource) {
        if (documentSource.isPresent()) {
            throw IotException.invalidRequest("documentSource names an S3 object; Thingstead keeps job documents"
                    + " itself: pass the document inline (document), with ${aws:iot:s3-presigned-url:...}"
                    + " placeholders for firmware files stored through PUT /firmware/<name>.");
        }
        String text = document.orElseThrow(
                () -> IotException.invalidRequest("A job needs a document (or a job template that has one)."));
        JobDocument.parse(text);
        for (String name : JobDocument.firmwareNames(text)) {
            if (firmware.find(name).isEmpty()) {
                throw IotException.notFound("The job document names firmware " + name + ", which does not exist;"
                        + " upload it first (PUT /firmware/" + name + ").");
            }
        }
        return text;
    }

    static Optional<String> description(JsonObject request) {
        Optional<String> description = Members.string(request, "description");
        description.ifPresent(d -> {
            if (d.length() > 2028 || d.chars().anyMatch(Character::isISOControl)) {
                throw IotException.invalidRequest("1 validation error detected: Value at 'description' failed to"
                        + " satisfy constraint: Member must have at most 2028 characters and no control characters");
            }
        });
        return description;
    }

    JobConfiguration.SchedulingRules schedulingRules() {
        return new JobConfiguration.SchedulingRules(config.settings().scheduleMinimumLead(), clock);
    }

    @Override
    public JsonObject describeJob(String jobId) {
        Members.requireJobId(jobId);
        JobEntity job = jobs.find(jobId).orElseThrow(() -> IotException.notFound("Job " + jobId + " does not exist."));
        JsonObjectBuilder answer = Json.createObjectBuilder();
        Optional.ofNullable(job.documentSource).ifPresent(s -> answer.add("documentSource", s));
        return answer.add("job", jobJson(job)).build();
    }

    JsonObject jobJson(JobEntity job) {
        Map<JobExecutionStatus, Long> counts = jobs.counts(job.jobId);
        JsonObject configuration = job.config().toJson();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("jobArn", targets.jobArn(job.jobId))
                .add("jobId", job.jobId)
                .add("targetSelection", job.targetSelection)
                .add("status", job.status.name())
                .add("forceCanceled", job.forceCanceled);
        Optional.ofNullable(job.reasonCode).ifPresent(r -> json.add("reasonCode", r));
        Optional.ofNullable(job.comment).ifPresent(c -> json.add("comment", c));
        json.add("targets", Members.parse("{\"t\":" + job.targets + "}").getJsonArray("t"));
        Optional.ofNullable(job.description).ifPresent(d -> json.add("description", d));
        for (String member : List.of(
                "presignedUrlConfig",
                "jobExecutionsRolloutConfig",
                "abortConfig",
                "timeoutConfig",
                "namespaceId",
                "jobTemplateArn",
                "jobExecutionsRetryConfig",
                "documentParameters",
                "schedulingConfig",
                "destinationPackageVersions")) {
            if (configuration.containsKey(member)) {
                json.add(member, configuration.get(member));
            }
        }
        json.add("createdAt", ExecutionView.epoch(job.createdAt))
                .add("lastUpdatedAt", ExecutionView.epoch(job.lastUpdatedAt));
        Optional.ofNullable(job.completedAt).ifPresent(t -> json.add("completedAt", ExecutionView.epoch(t)));
        JsonObjectBuilder process = Json.createObjectBuilder();
        if (job.pendingTargets > 0) {
            process.add(
                    "processingTargets",
                    Members.parse("{\"t\":" + job.targets + "}").getJsonArray("t"));
        }
        process.add("numberOfCanceledThings", count(counts, JobExecutionStatus.CANCELED))
                .add("numberOfSucceededThings", count(counts, JobExecutionStatus.SUCCEEDED))
                .add("numberOfFailedThings", count(counts, JobExecutionStatus.FAILED))
                .add("numberOfRejectedThings", count(counts, JobExecutionStatus.REJECTED))
                .add("numberOfQueuedThings", count(counts, JobExecutionStatus.QUEUED))
                .add("numberOfInProgressThings", count(counts, JobExecutionStatus.IN_PROGRESS))
                .add("numberOfRemovedThings", count(counts, JobExecutionStatus.REMOVED))
                .add("numberOfTimedOutThings", count(counts, JobExecutionStatus.TIMED_OUT));
        json.add("jobProcessDetails", process);
        json.add("isConcurrent", job.status.active() && job.pendingTargets > 0);
        job.config().scheduling().ifPresent(s -> {
            if (!s.maintenanceWindows().isEmpty()) {
                json.add("scheduledJobRollouts", nextWindows(s.maintenanceWindows()));
            }
        });
        return json.build();
    }

    /** The next seven maintenance window starts, as AWS lists them ({@code scheduledJobRollouts}). */
    private JsonArrayBuilder nextWindows(List<JobConfiguration.MaintenanceWindow> windows) {
        List<Instant> starts = new ArrayList<>();
        for (JobConfiguration.MaintenanceWindow window : windows) {
            Instant from = clock.instant();
            for (int i = 0; i < 7; i++) {
                Optional<Instant> next = window.cron().next(from);
                if (next.isEmpty()) {
                    break;
                }
                starts.add(next.get());
                from = next.get().plusSeconds(60);
            }
        }
        JsonArrayBuilder array = Json.createArrayBuilder();
        starts.stream()
                .sorted()
                .distinct()
                .limit(7)
                .forEach(start -> array.add(Json.createObjectBuilder()
                        .add(
                                "startTime",
                                JobConfiguration.SCHEDULE_TIME.format(start.atZone(java.time.ZoneOffset.UTC)))));
        return array;
    }

    private static long count(Map<JobExecutionStatus, Long> counts, JobExecutionStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    @Override
    public JsonObject listJobs(ListJobs query) {
        int limit = PageSizes.check("maxResults", query.maxResults(), 50, MAX_RESULTS);
        Optional<String> after = PageTokens.decode("jobs", query.nextToken(), "nextToken");
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT j.job_id, j.target_selection, j.status, j.created_at,"
                + " j.last_updated_at, j.completed_at, j.pending_targets,"
                + " (SELECT min(g.group_name) FROM jobs_job_group g WHERE g.job_id = j.job_id) AS group_name"
                + " FROM jobs_job j WHERE j.status <> 'DELETION_IN_PROGRESS'");
        query.status().ifPresent(s -> {
            JobStatus.parse(s).orElseThrow(() -> IotException.invalidRequest("Unknown job status " + Members.cut(s)));
            sql.append(" AND j.status = ?");
            parameters.add(s);
        });
        query.targetSelection().ifPresent(t -> {
            sql.append(" AND j.target_selection = ?");
            parameters.add(t);
        });
        Optional<String> group = query.thingGroupName();
        if (query.thingGroupId().isPresent() && group.isEmpty()) {
            group = Optional.of(groupNameOfId(query.thingGroupId().get()));
        }
        group.ifPresent(g -> {
            sql.append(" AND EXISTS (SELECT 1 FROM jobs_job_group g WHERE g.job_id = j.job_id AND g.group_name = ?)");
            parameters.add(g);
        });
        after.ifPresent(key -> {
            int slash = key.indexOf('/');
            sql.append(" AND (j.created_at, j.job_id) < (?, ?)");
            parameters.add(Instant.ofEpochMilli(Long.parseLong(key.substring(0, slash))));
            parameters.add(key.substring(slash + 1));
        });
        sql.append(" ORDER BY j.created_at DESC, j.job_id DESC LIMIT ?");
        parameters.add(limit + 1);
        record Row(JsonObject json, String key) {}
        List<Row> rows = jdbc.query(sql.toString(), parameters, row -> {
            String jobId = row.getString("job_id");
            Instant created = Jdbc.instant(row, "created_at");
            JobStatus status = JobStatus.valueOf(row.getString("status"));
            JsonObjectBuilder summary = Json.createObjectBuilder()
                    .add("jobArn", targets.jobArn(jobId))
                    .add("jobId", jobId);
            String groupName = row.getString("group_name");
            if (groupName != null) {
                try {
                    summary.add("thingGroupId", groups.describe(groupName).thingGroupId());
                } catch (IotException e) {
                    // the group was deleted since
                }
            }
            summary.add("targetSelection", row.getString("target_selection"))
                    .add("status", status.name())
                    .add("createdAt", ExecutionView.epoch(created))
                    .add("lastUpdatedAt", ExecutionView.epoch(Jdbc.instant(row, "last_updated_at")));
            Optional.ofNullable(Jdbc.instant(row, "completed_at"))
                    .ifPresent(t -> summary.add("completedAt", ExecutionView.epoch(t)));
            summary.add("isConcurrent", status.active() && row.getLong("pending_targets") > 0);
            return new Row(summary.build(), created.toEpochMilli() + "/" + jobId);
        });
        var page = io.thingstead.common.api.paging.KeysetPages.of("jobs", rows, limit, Row::key);
        JsonArrayBuilder list = Json.createArrayBuilder();
        page.items().forEach(row -> list.add(row.json()));
        JsonObjectBuilder answer = Json.createObjectBuilder().add("jobs", list);
        page.nextToken().ifPresent(t -> answer.add("nextToken", t));
        return answer.build();
    }

    private String groupNameOfId(String id) {
        for (String name : jdbc.query("SELECT DISTINCT group_name FROM jobs_job_group", row -> row.getString(1))) {
            try {
                if (groups.describe(name).thingGroupId().equals(id)) {
                    return name;
                }
            } catch (IotException e) {
                // deleted
            }
        }
        return "\u0000no-such-group";
    }

    @Override
    public void updateJob(String jobId, JsonObject request) {
        Members.requireJobId(jobId);
        JsonObjectBuilder allowed = Json.createObjectBuilder();
        for (String member : List.of(
                "presignedUrlConfig",
                "jobExecutionsRolloutConfig",
                "abortConfig",
                "timeoutConfig",
                "jobExecutionsRetryConfig")) {
            if (request.containsKey(member) && request.get(member).getValueType() != JsonValue.ValueType.NULL) {
                allowed.add(member, request.get(member));
            }
        }
        JsonObject subset = allowed.build();
        JobConfiguration update = JobConfiguration.parse(subset, null);
        jobs.update(jobId, update, description(request), subset);
        documents.forget(jobId);
    }

    @Override
    public JsonObject cancelJob(String jobId, boolean force, JsonObject request) {
        Members.requireJobId(jobId);
        Optional<String> reason = Members.string(request, "reasonCode");
        reason.ifPresent(r -> {
            if (!REASON_CODE.matcher(r).matches()) {
                throw IotException.invalidRequest("1 validation error detected: Value '" + Members.cut(r)
                        + "' at 'reasonCode' failed to satisfy constraint: Member must satisfy regular expression"
                        + " pattern: [\\p{Upper}\\p{Digit}_]+");
            }
        });
        Optional<String> comment = Members.string(request, "comment");
        comment.ifPresent(c -> {
            if (c.length() > 2028 || c.chars().anyMatch(Character::isISOControl)) {
                throw IotException.invalidRequest("comment has at most 2028 characters and no control characters.");
            }
        });
        JobStore.Ended ended = jobs.cancel(jobId, force, reason, comment);
        notifications.send(ended.things());
        JsonObjectBuilder answer =
                Json.createObjectBuilder().add("jobArn", targets.jobArn(jobId)).add("jobId", jobId);
        Optional.ofNullable(ended.job().description).ifPresent(d -> answer.add("description", d));
        return answer.build();
    }

    @Override
    public void deleteJob(String jobId, boolean force) {
        Members.requireJobId(jobId);
        JobStore.Ended ended = jobs.delete(jobId, force);
        documents.forget(jobId);
        notifications.send(ended.things());
    }

    @Override
    public JsonObject getJobDocument(String jobId) {
        Members.requireJobId(jobId);
        JobEntity job = jobs.find(jobId).orElseThrow(() -> IotException.notFound("Job " + jobId + " does not exist."));
        return Json.createObjectBuilder().add("document", job.document).build();
    }

    @Override
    public JsonObject associateTargets(String jobId, JsonObject request) {
        Members.requireJobId(jobId);
        Targets.Named named = targets.parse(Members.strings(request, "targets"));
        targets.requireExisting(named);
        List<String> things = targets.resolve(named);
        JobEntity job = jobs.associate(jobId, named, things, Members.string(request, "comment"));
        if (job.status == JobStatus.IN_PROGRESS) {
            dispatcher.dispatchSoon(jobId);
        }
        JsonObjectBuilder answer =
                Json.createObjectBuilder().add("jobArn", targets.jobArn(jobId)).add("jobId", jobId);
        Optional.ofNullable(job.description).ifPresent(d -> answer.add("description", d));
        return answer.build();
    }

    @Override
    public JsonObject listExecutionsForJob(
            String jobId, Optional<String> status, Optional<String> nextToken, int maxResults) {
        Members.requireJobId(jobId);
        if (jobs.find(jobId).isEmpty()) {
            throw IotException.notFound("Job " + jobId + " does not exist.");
        }
        int limit = PageSizes.check("maxResults", maxResults, 50, MAX_RESULTS);
        Optional<String> after = PageTokens.decode("job-executions:" + jobId, nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>(List.of(jobId));
        StringBuilder sql = new StringBuilder(
                "SELECT job_id, thing_name, execution_number, status, status_details, force_canceled, retry_attempt,"
                        + " version_number, queued_at, started_at, last_updated_at, timeout_at FROM jobs_execution"
                        + " WHERE job_id = ? AND latest");
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            parameters.add(status(s).name());
        });
        after.ifPresent(a -> {
            sql.append(" AND thing_name > ?");
            parameters.add(a);
        });
        sql.append(" ORDER BY thing_name LIMIT ?");
        parameters.add(limit + 1);
        List<ExecutionView> rows = jdbc.query(sql.toString(), parameters, PendingExecutions::view);
        var page = io.thingstead.common.api.paging.KeysetPages.of(
                "job-executions:" + jobId, rows, limit, ExecutionView::thingName);
        JsonArrayBuilder list = Json.createArrayBuilder();
        page.items()
                .forEach(view -> list.add(Json.createObjectBuilder()
                        .add("thingArn", targets.thingArn(view.thingName()))
                        .add("jobExecutionSummary", view.controlSummary())));
        JsonObjectBuilder answer = Json.createObjectBuilder().add("executionSummaries", list);
        page.nextToken().ifPresent(t -> answer.add("nextToken", t));
        return answer.build();
    }

    @Override
    public JsonObject listExecutionsForThing(
            String thingName,
            Optional<String> status,
            Optional<String> jobId,
            Optional<String> nextToken,
            int maxResults) {
        Members.requireThingName(thingName);
        jobId.ifPresent(Members::requireJobId);
        int limit = PageSizes.check("maxResults", maxResults, 50, MAX_RESULTS);
        Optional<String> after = PageTokens.decode("thing-executions:" + thingName, nextToken, "nextToken");
        List<Object> parameters = new ArrayList<>(List.of(thingName));
        StringBuilder sql = new StringBuilder(
                "SELECT job_id, thing_name, execution_number, status, status_details, force_canceled, retry_attempt,"
                        + " version_number, queued_at, started_at, last_updated_at, timeout_at FROM jobs_execution"
                        + " WHERE thing_name = ? AND latest");
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            parameters.add(status(s).name());
        });
        jobId.ifPresent(j -> {
            sql.append(" AND job_id = ?");
            parameters.add(j);
        });
        after.ifPresent(a -> {
            sql.append(" AND job_id > ?");
            parameters.add(a);
        });
        sql.append(" ORDER BY job_id LIMIT ?");
        parameters.add(limit + 1);
        List<ExecutionView> rows = jdbc.query(sql.toString(), parameters, PendingExecutions::view);
        var page = io.thingstead.common.api.paging.KeysetPages.of(
                "thing-executions:" + thingName, rows, limit, ExecutionView::jobId);
        JsonArrayBuilder list = Json.createArrayBuilder();
        page.items()
                .forEach(view -> list.add(Json.createObjectBuilder()
                        .add("jobId", view.jobId())
                        .add("jobExecutionSummary", view.controlSummary())));
        JsonObjectBuilder answer = Json.createObjectBuilder().add("executionSummaries", list);
        page.nextToken().ifPresent(t -> answer.add("nextToken", t));
        return answer.build();
    }

    private static JobExecutionStatus status(String text) {
        return JobExecutionStatus.parse(text)
                .orElseThrow(() -> IotException.invalidRequest("1 validation error detected: Value '"
                        + Members.cut(text) + "' at 'status' failed to satisfy constraint: Member must satisfy enum"
                        + " value set: [QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED,"
                        + " CANCELED]"));
    }

    @Override
    public JsonObject describeExecution(String thingName, String jobId, Optional<Long> executionNumber) {
        Members.requireThingName(thingName);
        Members.requireJobId(jobId);
        ExecutionView view = executions
                .describe(thingName, jobId, executionNumber)
                .orElseThrow(() -> IotException.notFound("Job execution of job " + jobId + " on thing " + thingName
                        + executionNumber.map(n -> " number " + n).orElse("") + " does not exist."));
        return Json.createObjectBuilder()
                .add("execution", view.control(targets.thingArn(thingName), clock.instant()))
                .build();
    }

    @Override
    public void cancelExecution(String thingName, String jobId, boolean force, JsonObject request) {
        Members.requireThingName(thingName);
        Members.requireJobId(jobId);
        Optional<Long> expected = Members.integer(request, "expectedVersion");
        Optional<Map<String, String>> details = Members.statusDetails(request, "statusDetails");
        ExecutionStore.Changed changed = executions.cancel(thingName, jobId, force, expected, details);
        notifications.send(changed.things());
    }

    @Override
    public void deleteExecution(String thingName, String jobId, long executionNumber, boolean force) {
        Members.requireThingName(thingName);
        Members.requireJobId(jobId);
        ExecutionStore.Changed changed = executions.delete(thingName, jobId, executionNumber, force);
        notifications.send(changed.things());
    }
}
