package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.api.JobsDataPlane;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Jobs device API, one implementation for the MQTT topics ({@link MqttJobsService}) and the HTTPS {@code
 * iot-jobs-data} API ({@link JobsDataPlane}): GetPendingJobExecutions, StartNextPendingJobExecution,
 * DescribeJobExecution and UpdateJobExecution, with AWS's rules. The two differ only in shape: on MQTT the job
 * document is a JSON value and every answer carries {@code timestamp} and {@code clientToken}; over HTTPS the document
 * is a JSON string. Refusals are {@link DeviceRefusal}s (MQTT) or IotExceptions (HTTPS).
 */
@ApplicationScoped
public class DeviceJobs implements JobsDataPlane {
    @Inject
    ExecutionStore executions;

    @Inject
    PendingExecutions pending;

    @Inject
    JobDocuments documents;

    @Inject
    Notifications notifications;

    @Inject
    Aborts aborts;

    @Inject
    JobsMetrics metrics;

    @Inject
    Clock clock;

    /** How a document is written: a JSON value (MQTT) or a JSON string (HTTPS). */
    enum Shape {
        MQTT,
        HTTPS
    }

    JsonObjectBuilder pending(String thing, Shape shape) {
        Members.requireThingName(thing);
        List<ExecutionView> list = pending.list(thing);
        JsonArrayBuilder inProgress = Json.createArrayBuilder();
        JsonArrayBuilder queued = Json.createArrayBuilder();
        for (ExecutionView view : list) {
            (view.status() == JobExecutionStatus.IN_PROGRESS ? inProgress : queued).add(view.deviceSummary());
        }
        return Json.createObjectBuilder().add("inProgressJobs", inProgress).add("queuedJobs", queued);
    }

    JsonObjectBuilder startNext(String thing, JsonObject request, Shape shape) {
        Members.requireThingName(thing);
        Optional<Map<String, String>> details = Members.statusDetails(request, "statusDetails");
        Optional<Long> step = Members.integer(request, "stepTimeoutInMinutes");
        ExecutionStore.Changed changed = executions.startNext(thing, details, step);
        notifications.send(changed.things());
        JsonObjectBuilder answer = Json.createObjectBuilder();
        changed.execution().ifPresent(view -> {
            metrics.started();
            answer.add("execution", view.device(document(view, true, shape), clock.instant()));
        });
        return answer;
    }

    JsonObjectBuilder describe(
            String thing, String jobId, Optional<Long> executionNumber, boolean includeDocument, Shape shape) {
        Members.requireThingName(thing);
        if (!jobId.equals("$next")) {
            Members.requireJobId(jobId);
        }
        Optional<ExecutionView> execution = executions.describe(thing, jobId, executionNumber);
        if (execution.isEmpty()) {
            if (jobId.equals("$next") && shape == Shape.MQTT) {
                return Json.createObjectBuilder();
            }
            throw DeviceRefusal.notFound("Job execution " + jobId + " of " + thing + " not found.");
        }
        ExecutionView view = execution.get();
        return Json.createObjectBuilder()
                .add("execution", view.device(document(view, includeDocument, shape), clock.instant()));
    }

    JsonObjectBuilder update(String thing, String jobId, JsonObject request, Shape shape) {
        Members.requireThingName(thing);
        Members.requireJobId(jobId);
        String statusText = Members.string(request, "status")
                .orElseThrow(() -> DeviceRefusal.invalidRequest("status is required."));
        JobExecutionStatus status = JobExecutionStatus.parse(statusText)
                .orElseThrow(() -> DeviceRefusal.invalidRequest("Unknown status " + Members.cut(statusText) + "."));
        ExecutionStore.Update update = new ExecutionStore.Update(
                status,
                Members.statusDetails(request, "statusDetails"),
                Members.integer(request, "expectedVersion"),
                Members.integer(request, "executionNumber"),
                Members.integer(request, "stepTimeoutInMinutes"));
        boolean includeState = Members.bool(request, "includeJobExecutionState").orElse(false);
        boolean includeDocument = Members.bool(request, "includeJobDocument").orElse(false);
        ExecutionStore.Changed changed = executions.update(thing, jobId, update);
        metrics.updated(status);
        notifications.send(changed.things());
        changed.abortCheck().ifPresent(aborts::check);
        ExecutionView view = changed.execution().orElseThrow();
        JsonObjectBuilder answer = Json.createObjectBuilder();
        if (includeState) {
            answer.add("executionState", view.state());
        }
        if (includeDocument) {
            JsonValue document = document(view, true, shape);
            if (document != null) {
                answer.add("jobDocument", document);
            }
        }
        return answer;
    }

    private JsonValue document(ExecutionView view, boolean include, Shape shape) {
        if (!include) {
            return null;
        }
        JsonValue document = documents.forExecution(view.key()).orElse(null);
        return shape == Shape.HTTPS ? Notifications.asString(document) : document;
    }

    // ---- the HTTPS device API --------------------------------------------------------------------------------

    @Override
    public JsonObject getPending(String thingName) {
        return https(() -> pending(thingName, Shape.HTTPS));
    }

    @Override
    public JsonObject startNext(String thingName, JsonObject request) {
        return https(() -> startNext(thingName, request, Shape.HTTPS));
    }

    @Override
    public JsonObject describe(
            String thingName, String jobId, Optional<Long> executionNumber, boolean includeJobDocument) {
        return https(() -> describe(thingName, jobId, executionNumber, includeJobDocument, Shape.HTTPS));
    }

    @Override
    public JsonObject update(String thingName, String jobId, JsonObject request) {
        return https(() -> update(thingName, jobId, request, Shape.HTTPS));
    }

    private static JsonObject https(java.util.function.Supplier<JsonObjectBuilder> operation) {
        try {
            return operation.get().build();
        } catch (DeviceRefusal refusal) {
            throw refusal.toIotException();
        }
    }

    /** For MQTT answers. */
    static JsonObjectBuilder stamped(JsonObjectBuilder answer, Instant now, Optional<String> clientToken) {
        answer.add("timestamp", now.getEpochSecond());
        clientToken.ifPresent(token -> answer.add("clientToken", token));
        return answer;
    }

    /** An IotException thrown where a device refusal is expected. */
    static DeviceRefusal refusal(IotException e) {
        return DeviceRefusal.of(e);
    }
}
