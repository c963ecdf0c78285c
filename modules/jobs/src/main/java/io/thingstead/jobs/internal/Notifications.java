package io.thingstead.jobs.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The notifications devices subscribe to, sent after a change committed: {@code $aws/things/<thing>/jobs/notify}
 * (the pending list, at most ten executions, IN_PROGRESS before QUEUED) when an execution joined or left a thing's
 * pending list, and {@code .../notify-next} (the first pending execution with its document, or none) when the first
 * one changed — AWS's ListNotification and NextNotification.
 */
@ApplicationScoped
public class Notifications {
    static final int LIST_LIMIT = 10;

    @Inject
    PendingExecutions pending;

    @Inject
    JobDocuments documents;

    @Inject
    JobsPublisher publisher;

    @Inject
    Clock clock;

    void send(ThingChanges changes) {
        if (changes.isEmpty()) {
            return;
        }
        Set<String> things = new LinkedHashSet<>(changes.listChanged());
        things.addAll(changes.nextBefore().keySet());
        Map<String, List<ExecutionView>> lists = pending.lists(things);
        Instant now = clock.instant();
        for (String thing : things) {
            List<ExecutionView> list = lists.getOrDefault(thing, List.of());
            if (changes.listChanged().contains(thing)) {
                publisher.publish(topic(thing, "notify"), list(list, now));
            }
            Optional<ExecutionKey> after =
                    list.isEmpty() ? Optional.empty() : Optional.of(list.get(0).key());
            Optional<ExecutionKey> before = changes.nextBefore().get(thing);
            if (before != null && !Objects.equals(before, after)) {
                JsonObjectBuilder next = Json.createObjectBuilder().add("timestamp", now.getEpochSecond());
                if (!list.isEmpty()) {
                    ExecutionView first = list.get(0);
                    next.add(
                            "execution",
                            first.device(documents.forExecution(first.key()).orElse(null), now));
                }
                publisher.publish(topic(thing, "notify-next"), next.build());
            }
        }
    }

    static jakarta.json.JsonObject list(List<ExecutionView> list, Instant now) {
        JsonArrayBuilder inProgress = Json.createArrayBuilder();
        JsonArrayBuilder queued = Json.createArrayBuilder();
        int inProgressCount = 0;
        int queuedCount = 0;
        for (ExecutionView view : list.subList(0, Math.min(LIST_LIMIT, list.size()))) {
            if (view.status() == io.thingstead.jobs.api.JobExecutionStatus.IN_PROGRESS) {
                inProgress.add(view.deviceSummary());
                inProgressCount++;
            } else {
                queued.add(view.deviceSummary());
                queuedCount++;
            }
        }
        JsonObjectBuilder jobs = Json.createObjectBuilder();
        if (inProgressCount > 0) {
            jobs.add("IN_PROGRESS", inProgress);
        }
        if (queuedCount > 0) {
            jobs.add("QUEUED", queued);
        }
        return Json.createObjectBuilder()
                .add("timestamp", now.getEpochSecond())
                .add("jobs", jobs)
                .build();
    }

    static String topic(String thing, String suffix) {
        return "$aws/things/" + thing + "/jobs/" + suffix;
    }

    /** The document shape for a JSON-string consumer (HTTPS): the value as text. */
    static JsonValue asString(JsonValue document) {
        return document == null ? null : Json.createValue(document.toString());
    }
}
