package io.thingstead.defender.internal.mitigation;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.defender.api.DefenderAlert;
import io.thingstead.defender.api.Mitigations;
import io.thingstead.defender.internal.Alerts;
import io.thingstead.defender.internal.Docs;
import io.thingstead.defender.internal.MitigationActionEntity;
import io.thingstead.defender.internal.Targets;
import io.thingstead.defender.internal.Tx;
import io.thingstead.defender.internal.audit.AuditCheck;
import io.thingstead.defender.internal.audit.AuditStore;
import io.thingstead.defender.internal.detect.DetectEngine;
import io.thingstead.defender.internal.detect.DetectStore;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.pki.api.UpdateCaCertificate;
import io.thingstead.policy.api.Policies;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.ThingPrincipals;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * {@link Mitigations}: mitigation actions as entities (ADR 0009); tasks and their executions in SQL. A task runs on the
 * module's managed executor and applies each action to each finding (audit) or violation (detect) with the owning
 * module's API: the PKI deactivates certificates (the gateway then closes their connections within a second), the
 * registry adds things to groups, the policy module replaces a default version, and findings are published on an MQTT
 * topic instead of SNS.
 */
@ApplicationScoped
public class MitigationService implements Mitigations {
    private static final Logger LOG = Logger.getLogger(MitigationService.class);

    /** AWS's action types, by the member of {@code actionParams} that selects them. */
    static final Map<String, String> TYPES = Map.of(
            "updateDeviceCertificateParams", "UPDATE_DEVICE_CERTIFICATE",
            "updateCACertificateParams", "UPDATE_CA_CERTIFICATE",
            "addThingsToThingGroupParams", "ADD_THINGS_TO_THING_GROUP",
            "replaceDefaultPolicyVersionParams", "REPLACE_DEFAULT_POLICY_VERSION",
            "enableIoTLoggingParams", "ENABLE_IOT_LOGGING",
            "publishFindingToSnsParams", "PUBLISH_FINDING_TO_SNS");

    /** A policy that allows nothing: AWS's BLANK_POLICY template. */
    static final String BLANK_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}";

    @PersistenceContext(unitName = "defender")
    EntityManager em;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    Tx tx;

    @Inject
    AuditStore audits;

    @Inject
    DetectStore violations;

    @Inject
    DetectEngine engine;

    @Inject
    DeviceCertificates certificates;

    @Inject
    CaCertificates cas;

    @Inject
    ThingGroups groups;

    @Inject
    ThingPrincipals principals;

    @Inject
    Policies policies;

    @Inject
    Alerts alerts;

    Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    private String arn(String name) {
        return platform.iotArn("mitigationaction", name).toString();
    }

    // --- actions ----------------------------------------------------------------------------------------------------

    @Override
    @Transactional
    public JsonObject createAction(String name, JsonObject request) {
        Docs.name("actionName", name);
        if (em.find(MitigationActionEntity.class, name) != null) {
            throw IotException.alreadyExists("Mitigation action " + name + " already exists.", name, arn(name));
        }
        MitigationActionEntity entity = new MitigationActionEntity();
        entity.name = name;
        entity.id = UUID.randomUUID();
        entity.roleArn = Docs.required(request, "roleArn");
        if (entity.roleArn.length() < 20 || entity.roleArn.length() > 2048) {
            throw IotException.invalidRequest("roleArn must be 20 to 2048 characters.");
        }
        JsonObject params = Docs.obj(request, "actionParams")
                .orElseThrow(() -> IotException.invalidRequest("actionParams is required."));
        entity.actionType = validate(params);
        entity.params = params.toString();
        entity.createdAt = clock.instant();
        entity.updatedAt = entity.createdAt;
        em.persist(entity);
        return Json.createObjectBuilder()
                .add("actionArn", arn(name))
                .add("actionId", entity.id.toString())
                .build();
    }

    /** The action type of {@code actionParams}; refuses what cannot be applied here. */
    String validate(JsonObject params) {
        if (params.size() != 1 || !TYPES.containsKey(params.keySet().iterator().next())) {
            throw IotException.invalidRequest("actionParams must have exactly one of " + TYPES.keySet() + ".");
        }
        String member = params.keySet().iterator().next();
        JsonObject p = params.getJsonObject(member);
        switch (TYPES.get(member)) {
            case "UPDATE_DEVICE_CERTIFICATE", "UPDATE_CA_CERTIFICATE" -> {
                if (!"DEACTIVATE".equals(p.getString("action", ""))) {
                    throw IotException.invalidRequest(member + ".action must be DEACTIVATE.");
                }
            }
            case "ADD_THINGS_TO_THING_GROUP" -> {
                List<String> names = Docs.strings(p, "thingGroupNames");
                if (names.isEmpty() || names.size() > 10) {
                    throw IotException.invalidRequest(member + ".thingGroupNames must name 1 to 10 groups.");
                }
                names.forEach(groups::describe);
            }
            case "REPLACE_DEFAULT_POLICY_VERSION" -> {
                if (!"BLANK_POLICY".equals(p.getString("templateName", ""))) {
                    throw IotException.invalidRequest(member + ".templateName must be BLANK_POLICY.");
                }
            }
            case "PUBLISH_FINDING_TO_SNS" -> Targets.mqttTopic(member + ".topicArn", Docs.required(p, "topicArn"));
            default ->
                throw IotException.invalidRequest("ENABLE_IOT_LOGGING is not supported: Thingstead has no AWS IoT"
                        + " logging to enable (its logs are WildFly's, configured by the operator).");
        }
        return TYPES.get(member);
    }

    private MitigationActionEntity action(String name) {
        MitigationActionEntity entity = em.find(MitigationActionEntity.class, name);
        if (entity == null) {
            throw IotException.notFound("Mitigation action " + Docs.cut(name) + " does not exist.");
        }
        return entity;
    }

    private JsonObject json(MitigationActionEntity a) {
        return Json.createObjectBuilder()
                .add("actionName", a.name)
                .add("actionType", a.actionType)
                .add("actionArn", arn(a.name))
                .add("actionId", a.id.toString())
                .add("roleArn", a.roleArn)
                .add("actionParams", Docs.object(a.params))
                .add("creationDate", Docs.epochSeconds(a.createdAt))
                .add("lastModifiedDate", Docs.epochSeconds(a.updatedAt))
                .build();
    }

    @Override
    @Transactional
    public JsonObject describeAction(String name) {
        return json(action(name));
    }

    @Override
    @Transactional
    public JsonObject updateAction(String name, JsonObject request) {
        MitigationActionEntity entity = action(name);
        Docs.string(request, "roleArn").ifPresent(r -> entity.roleArn = r);
        Optional<JsonObject> params = Docs.obj(request, "actionParams");
        if (params.isPresent()) {
            String type = validate(params.get());
            if (!type.equals(entity.actionType)) {
                throw IotException.invalidRequest("An action's type cannot change (" + entity.actionType + ").");
            }
            entity.params = params.get().toString();
        }
        entity.updatedAt = clock.instant();
        return Json.createObjectBuilder()
                .add("actionArn", arn(name))
                .add("actionId", entity.id.toString())
                .build();
    }

    @Override
    @Transactional
    public void deleteAction(String name) {
        MitigationActionEntity entity = em.find(MitigationActionEntity.class, name);
        if (entity != null) {
            em.remove(entity);
        }
    }

    @Override
    @Transactional
    public JsonObject listActions(Optional<String> actionType, Optional<String> nextToken, int maxResults) {
        int limit = limit(maxResults);
        String after =
                PageTokens.decode("mitigation-actions", nextToken, "nextToken").orElse("");
        jakarta.persistence.TypedQuery<MitigationActionEntity> page = em.createQuery(
                        "SELECT a FROM MitigationActionEntity a WHERE a.name > :after"
                                + (actionType.isPresent() ? " AND a.actionType = :type" : "")
                                + " ORDER BY a.name",
                        MitigationActionEntity.class)
                .setParameter("after", after)
                .setMaxResults(limit + 1);
        actionType.ifPresent(t -> page.setParameter("type", t));
        List<MitigationActionEntity> rows = page.getResultList();
        JsonArrayBuilder items = Json.createArrayBuilder();
        rows.stream()
                .limit(limit)
                .forEach(a -> items.add(Json.createObjectBuilder()
                        .add("actionName", a.name)
                        .add("actionArn", arn(a.name))
                        .add("creationDate", Docs.epochSeconds(a.createdAt))));
        JsonObjectBuilder json = Json.createObjectBuilder().add("actionIdentifiers", items);
        if (rows.size() > limit) {
            json.add("nextToken", PageTokens.encode("mitigation-actions", rows.get(limit - 1).name));
        }
        return json.build();
    }

    static int limit(int requested) {
        if (requested < 0 || requested > 250) {
            throw IotException.invalidRequest("maxResults must be between 1 and 250.");
        }
        return requested == 0 ? 25 : requested;
    }

    @Transactional
    Map<String, MitigationActionEntity> actions(Set<String> names) {
        Map<String, MitigationActionEntity> found = new LinkedHashMap<>();
        for (String name : names) {
            MitigationActionEntity entity = em.find(MitigationActionEntity.class, name);
            if (entity == null) {
                throw IotException.invalidRequest("Mitigation action " + Docs.cut(name) + " does not exist.");
            }
            em.detach(entity);
            found.put(name, entity);
        }
        return found;
    }

    // --- audit mitigation -------------------------------------------------------------------------------------------

    @Override
    public String startAuditMitigation(String taskId, JsonObject request) {
        if (!taskId.matches("[a-zA-Z0-9_-]{1,128}")) {
            throw IotException.invalidRequest("taskId must be 1-128 of [a-zA-Z0-9_-].");
        }
        JsonObject target =
                Docs.obj(request, "target").orElseThrow(() -> IotException.invalidRequest("target is required."));
        JsonObject mapping = Docs.obj(request, "auditCheckToActionsMapping")
                .orElseThrow(() -> IotException.invalidRequest("auditCheckToActionsMapping is required."));
        Set<String> names = new LinkedHashSet<>();
        Map<String, List<String>> byCheck = new LinkedHashMap<>();
        mapping.forEach((check, value) -> {
            if (AuditCheck.named(check).isEmpty()) {
                throw IotException.invalidRequest("Unsupported audit check: " + Docs.cut(check));
            }
            List<String> list = new ArrayList<>();
            for (JsonValue v : value.asJsonArray()) {
                list.add(((JsonString) v).getString());
            }
            byCheck.put(check, list);
            names.addAll(list);
        });
        Map<String, MitigationActionEntity> actions = tx.call(() -> actions(names));
        Optional<String> auditTaskId = Docs.string(target, "auditTaskId");
        List<String> findingIds = Docs.strings(target, "findingIds");
        if (auditTaskId.isEmpty() && findingIds.isEmpty()) {
            throw IotException.invalidRequest("target needs auditTaskId or findingIds.");
        }
        if (auditTaskId.isPresent() && audits.task(auditTaskId.get()).isEmpty()) {
            throw IotException.notFound("Audit task " + Docs.cut(auditTaskId.get()) + " does not exist.");
        }
        createTask(taskId, "AUDIT", request);
        executor.execute(() -> runAudit(taskId, auditTaskId, findingIds, byCheck, actions));
        return taskId;
    }

    private void createTask(String taskId, String kind, JsonObject request) {
        int inserted = jdbc.update(
                "INSERT INTO defender_mitigation_task (task_id, kind, status, started_at, request,"
                        + " client_request_token) VALUES (?, ?, 'IN_PROGRESS', ?, ?, ?) ON CONFLICT DO NOTHING",
                taskId,
                kind,
                clock.instant(),
                request.toString(),
                Docs.string(request, "clientRequestToken").orElse(null));
        if (inserted == 0) {
            throw IotException.alreadyExists("Task " + taskId + " already exists.", taskId, null);
        }
    }

    void runAudit(
            String taskId,
            Optional<String> auditTaskId,
            List<String> findingIds,
            Map<String, List<String>> byCheck,
            Map<String, MitigationActionEntity> actions) {
        try {
            List<AuditStore.StoredFinding> findings = new ArrayList<>();
            if (auditTaskId.isPresent()) {
                Optional<String> after = Optional.empty();
                while (true) {
                    List<AuditStore.StoredFinding> page = audits.findingsOfTask(auditTaskId.get(), after, 1000);
                    findings.addAll(page);
                    if (page.size() < 1000) {
                        break;
                    }
                    after = Optional.of(page.get(page.size() - 1).findingId());
                }
            } else {
                for (String id : findingIds) {
                    audits.storedFinding(id).ifPresent(findings::add);
                }
            }
            for (AuditStore.StoredFinding finding : findings) {
                for (String name : byCheck.getOrDefault(finding.checkName(), List.of())) {
                    MitigationActionEntity action = actions.get(name);
                    execute(
                            taskId,
                            finding.findingId(),
                            finding.checkName(),
                            null,
                            action,
                            () -> applyToFinding(action, finding));
                }
            }
            finish(taskId, "COMPLETED");
        } catch (RuntimeException e) {
            LOG.errorf(e, "audit mitigation task %s failed", taskId);
            finish(taskId, "FAILED");
        }
    }

    private void finish(String taskId, String status) {
        jdbc.update(
                "UPDATE defender_mitigation_task SET status = ?, ended_at = ? WHERE task_id = ?"
                        + " AND status = 'IN_PROGRESS'",
                status,
                clock.instant(),
                taskId);
    }

    private void execute(
            String taskId, String subject, String check, String thing, MitigationActionEntity action, Runnable work) {
        Instant start = clock.instant();
        // AWS's execution statuses: COMPLETED for audit mitigation, SUCCESSFUL for detect mitigation
        String status = check != null ? "COMPLETED" : "SUCCESSFUL";
        String code = null;
        String message = null;
        try {
            work.run();
        } catch (Skipped e) {
            status = "SKIPPED";
            message = e.getMessage();
        } catch (IotException e) {
            status = "FAILED";
            code = e.getClass().getSimpleName();
            message = e.getMessage();
        } catch (RuntimeException e) {
            status = "FAILED";
            code = "InternalFailure";
            message = String.valueOf(e.getMessage());
            LOG.warnf(e, "mitigation %s on %s failed", action.name, subject);
        }
        jdbc.update(
                "INSERT INTO defender_mitigation_execution (task_id, subject_id, action_name, action_id, check_name,"
                        + " thing_name, status, started_at, ended_at, error_code, message)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                taskId,
                subject,
                action.name,
                action.id.toString(),
                check,
                thing,
                status,
                start,
                clock.instant(),
                code,
                message);
    }

    /** An action that does not apply to a finding's resource. */
    static final class Skipped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Skipped(String message) {
            super(message, null, false, false);
        }
    }

    void applyToFinding(MitigationActionEntity action, AuditStore.StoredFinding finding) {
        JsonObject identifier = finding.resource().getJsonObject("resourceIdentifier");
        Optional<String> certificateId = Docs.string(identifier, "deviceCertificateId");
        JsonObject params = Docs.object(action.params);
        switch (action.actionType) {
            case "UPDATE_DEVICE_CERTIFICATE" -> {
                List<String> ids = new ArrayList<>();
                certificateId.ifPresent(ids::add);
                if (ids.isEmpty() && finding.document().containsKey("relatedResources")) {
                    for (JsonValue related : finding.document().getJsonArray("relatedResources")) {
                        Docs.string(related.asJsonObject().getJsonObject("resourceIdentifier"), "deviceCertificateId")
                                .ifPresent(ids::add);
                    }
                }
                if (ids.isEmpty()) {
                    throw new Skipped("The finding names no device certificate.");
                }
                ids.forEach(id -> certificates.updateStatus(id, "INACTIVE"));
            }
            case "UPDATE_CA_CERTIFICATE" -> {
                String ca = Docs.string(identifier, "caCertificateId")
                        .orElseThrow(() -> new Skipped("The finding names no CA certificate."));
                cas.update(new UpdateCaCertificate(
                        ca, Optional.of("INACTIVE"), Optional.empty(), Optional.empty(), false));
            }
            case "ADD_THINGS_TO_THING_GROUP" -> {
                List<String> things = new ArrayList<>();
                certificateId.ifPresent(id -> things.addAll(
                        principals.thingsOf(platform.iotArn("cert", id).toString())));
                Docs.string(identifier, "clientId").ifPresent(things::add);
                if (things.isEmpty()) {
                    throw new Skipped("No thing is attached to the finding's resource.");
                }
                things.forEach(thing -> addToGroups(params.getJsonObject("addThingsToThingGroupParams"), thing));
            }
            case "REPLACE_DEFAULT_POLICY_VERSION" -> {
                JsonObject version = identifier.getJsonObject("policyVersionIdentifier");
                if (version == null) {
                    throw new Skipped("The finding names no policy.");
                }
                policies.createVersion(version.getString("policyName"), BLANK_POLICY, true);
            }
            case "PUBLISH_FINDING_TO_SNS" ->
                alerts.send(
                        DefenderAlert.Kind.FINDING,
                        Optional.of(Targets.mqttTopic(
                                "topicArn",
                                params.getJsonObject("publishFindingToSnsParams")
                                        .getString("topicArn"))),
                        finding.document());
            default -> throw new Skipped(action.actionType + " is not supported.");
        }
    }

    private void addToGroups(JsonObject params, String thing) {
        boolean override = params.getBoolean("overrideDynamicGroups", false);
        for (String group : Docs.strings(params, "thingGroupNames")) {
            groups.addThing(group, thing, override);
        }
        engine.forget(thing);
    }

    @Override
    public JsonObject describeAuditMitigation(String taskId) {
        JsonObject task = task(taskId, "AUDIT");
        JsonObject request = Docs.object(task.getString("request"));
        Map<String, long[]> statistics = new LinkedHashMap<>();
        for (String check : request.getJsonObject("auditCheckToActionsMapping").keySet()) {
            statistics.put(check, new long[5]);
        }
        jdbc.query(
                        "SELECT check_name, status, count(DISTINCT subject_id) AS n FROM defender_mitigation_execution"
                                + " WHERE task_id = ? GROUP BY check_name, status",
                        r -> new Object[] {r.getString("check_name"), r.getString("status"), r.getLong("n")},
                        taskId)
                .forEach(row -> {
                    long[] s = statistics.computeIfAbsent((String) row[0], c -> new long[5]);
                    long n = (Long) row[2];
                    s[0] += n;
                    switch ((String) row[1]) {
                        case "FAILED" -> s[1] += n;
                        case "COMPLETED" -> s[2] += n;
                        case "SKIPPED" -> s[3] += n;
                        default -> s[4] += n;
                    }
                });
        JsonObjectBuilder stats = Json.createObjectBuilder();
        statistics.forEach((check, s) -> stats.add(
                check,
                Json.createObjectBuilder()
                        .add("totalFindingsCount", s[0])
                        .add("failedFindingsCount", s[1])
                        .add("succeededFindingsCount", s[2])
                        .add("skippedFindingsCount", s[3])
                        .add("canceledFindingsCount", s[4])));
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("taskStatus", task.getString("status"))
                .add("startTime", task.getJsonNumber("startTime"))
                .add("taskStatistics", stats)
                .add("target", request.getJsonObject("target"))
                .add("auditCheckToActionsMapping", request.getJsonObject("auditCheckToActionsMapping"))
                .add("actionsDefinition", definitions(request.getJsonObject("auditCheckToActionsMapping")));
        if (task.containsKey("endTime")) {
            json.add("endTime", task.getJsonNumber("endTime"));
        }
        return json.build();
    }

    private JsonArray definitions(JsonObject mapping) {
        Set<String> names = new LinkedHashSet<>();
        mapping.values().forEach(v -> v.asJsonArray().forEach(n -> names.add(((JsonString) n).getString())));
        return definitions(names);
    }

    private JsonArray definitions(Set<String> names) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        tx.run(() -> {
            for (String name : names) {
                MitigationActionEntity a = em.find(MitigationActionEntity.class, name);
                if (a != null) {
                    list.add(Json.createObjectBuilder()
                            .add("name", a.name)
                            .add("id", a.id.toString())
                            .add("roleArn", a.roleArn)
                            .add("actionParams", Docs.object(a.params)));
                }
            }
        });
        return list.build();
    }

    private JsonObject task(String taskId, String kind) {
        return jdbc.queryOne(
                        "SELECT * FROM defender_mitigation_task WHERE task_id = ? AND kind = ?",
                        MitigationService::taskRow,
                        taskId,
                        kind)
                .orElseThrow(() -> IotException.notFound("Task " + Docs.cut(taskId) + " does not exist."));
    }

    private static JsonObject taskRow(ResultSet r) throws SQLException {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("taskId", r.getString("task_id"))
                .add("status", r.getString("status"))
                .add("startTime", Docs.epochSeconds(Jdbc.instant(r, "started_at")))
                .add("request", r.getString("request"));
        Instant ended = Jdbc.instant(r, "ended_at");
        if (ended != null) {
            json.add("endTime", Docs.epochSeconds(ended));
        }
        return json.build();
    }

    @Override
    public void cancelAuditMitigation(String taskId) {
        task(taskId, "AUDIT");
        finish(taskId, "CANCELED");
    }

    @Override
    public JsonObject listAuditMitigations(
            Optional<String> auditTaskId,
            Optional<String> findingId,
            Optional<String> taskStatus,
            Instant startTime,
            Instant endTime,
            Optional<String> nextToken,
            int maxResults) {
        return listTasks("AUDIT", "tasks", startTime, endTime, taskStatus, nextToken, maxResults);
    }

    private JsonObject listTasks(
            String kind,
            String member,
            Instant startTime,
            Instant endTime,
            Optional<String> taskStatus,
            Optional<String> nextToken,
            int maxResults) {
        int limit = limit(maxResults);
        String after =
                PageTokens.decode("mitigation-tasks", nextToken, "nextToken").orElse("");
        List<JsonObject> rows = jdbc.query(
                "SELECT * FROM defender_mitigation_task WHERE kind = ? AND started_at >= ? AND started_at <= ?"
                        + " AND task_id > ?" + (taskStatus.isPresent() ? " AND status = ?" : "")
                        + " ORDER BY task_id LIMIT ?",
                taskStatus.isPresent()
                        ? List.of(kind, startTime, endTime, after, taskStatus.get(), limit + 1)
                        : List.of(kind, startTime, endTime, after, limit + 1),
                MitigationService::taskRow);
        JsonArrayBuilder items = Json.createArrayBuilder();
        rows.stream().limit(limit).forEach(t -> {
            JsonObjectBuilder item = Json.createObjectBuilder()
                    .add("taskId", t.getString("taskId"))
                    .add("startTime", t.getJsonNumber("startTime"))
                    .add("taskStatus", t.getString("status"));
            items.add(item);
        });
        JsonObjectBuilder json = Json.createObjectBuilder().add(member, items);
        if (rows.size() > limit) {
            json.add(
                    "nextToken",
                    PageTokens.encode("mitigation-tasks", rows.get(limit - 1).getString("taskId")));
        }
        return json.build();
    }

    @Override
    public JsonObject listAuditMitigationExecutions(
            String taskId,
            Optional<String> findingId,
            Optional<String> actionStatus,
            Optional<String> nextToken,
            int maxResults) {
        return executions(
                Optional.of(taskId), findingId, Optional.empty(), actionStatus, nextToken, maxResults, "findingId");
    }

    private JsonObject executions(
            Optional<String> taskId,
            Optional<String> subject,
            Optional<String> thing,
            Optional<String> status,
            Optional<String> nextToken,
            int maxResults,
            String subjectMember) {
        int limit = limit(maxResults);
        StringBuilder sql = new StringBuilder("SELECT * FROM defender_mitigation_execution WHERE TRUE");
        List<Object> parameters = new ArrayList<>();
        taskId.ifPresent(t -> {
            sql.append(" AND task_id = ?");
            parameters.add(t);
        });
        subject.ifPresent(s -> {
            sql.append(" AND subject_id = ?");
            parameters.add(s);
        });
        thing.ifPresent(s -> {
            sql.append(" AND thing_name = ?");
            parameters.add(s);
        });
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            parameters.add(s);
        });
        String after = PageTokens.decode("mitigation-executions", nextToken, "nextToken")
                .orElse("");
        sql.append(" AND (task_id || '/' || subject_id || '/' || action_name) > ?"
                + " ORDER BY (task_id || '/' || subject_id || '/' || action_name) LIMIT ?");
        parameters.add(after);
        parameters.add(limit + 1);
        List<JsonObject> rows = jdbc.query(sql.toString(), parameters, r -> {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("taskId", r.getString("task_id"))
                    .add(subjectMember, r.getString("subject_id"))
                    .add("actionName", r.getString("action_name"))
                    .add("actionId", r.getString("action_id"))
                    .add("status", r.getString("status"))
                    .add("startTime", Docs.epochSeconds(Jdbc.instant(r, "started_at")))
                    .add("endTime", Docs.epochSeconds(Jdbc.instant(r, "ended_at")))
                    .add(
                            "key",
                            r.getString("task_id") + "/" + r.getString("subject_id") + "/"
                                    + r.getString("action_name"));
            if (r.getString("thing_name") != null) {
                json.add("thingName", r.getString("thing_name"));
            }
            if (r.getString("error_code") != null) {
                json.add("errorCode", r.getString("error_code"));
            }
            if (r.getString("message") != null) {
                json.add("message", r.getString("message"));
            }
            return json.build();
        });
        JsonArrayBuilder items = Json.createArrayBuilder();
        rows.stream().limit(limit).forEach(row -> {
            JsonObjectBuilder item = Json.createObjectBuilder(row);
            item.remove("key");
            items.add(item);
        });
        JsonObjectBuilder json = Json.createObjectBuilder().add("actionsExecutions", items);
        if (rows.size() > limit) {
            json.add(
                    "nextToken",
                    PageTokens.encode(
                            "mitigation-executions", rows.get(limit - 1).getString("key")));
        }
        return json.build();
    }

    // --- detect mitigation ------------------------------------------------------------------------------------------

    @Override
    public String startDetectMitigation(String taskId, JsonObject request) {
        if (!taskId.matches("[a-zA-Z0-9_-]{1,128}")) {
            throw IotException.invalidRequest("taskId must be 1-128 of [a-zA-Z0-9_-].");
        }
        JsonObject target =
                Docs.obj(request, "target").orElseThrow(() -> IotException.invalidRequest("target is required."));
        List<String> names = Docs.strings(request, "actions");
        if (names.isEmpty() || names.size() > 5) {
            throw IotException.invalidRequest("actions must name 1 to 5 mitigation actions.");
        }
        Map<String, MitigationActionEntity> actions = tx.call(() -> actions(new LinkedHashSet<>(names)));
        for (MitigationActionEntity a : actions.values()) {
            if (!List.of("UPDATE_DEVICE_CERTIFICATE", "ADD_THINGS_TO_THING_GROUP")
                    .contains(a.actionType)) {
                throw IotException.invalidRequest("Action " + a.name + " (" + a.actionType + ") does not apply to"
                        + " violations: detect mitigation takes UPDATE_DEVICE_CERTIFICATE and"
                        + " ADD_THINGS_TO_THING_GROUP.");
            }
        }
        List<String> violationIds = Docs.strings(target, "violationIds");
        List<String> profiles =
                Docs.string(target, "securityProfileName").map(List::of).orElse(List.of());
        Instant from = Instant.EPOCH;
        Instant to = clock.instant();
        Optional<JsonObject> range = Docs.obj(request, "violationEventOccurrenceRange");
        if (range.isPresent()) {
            from = Docs.time(range.get(), "startTime").orElse(from);
            to = Docs.time(range.get(), "endTime").orElse(to);
        }
        if (violationIds.isEmpty() && profiles.isEmpty()) {
            throw IotException.invalidRequest("target needs violationIds or securityProfileName.");
        }
        createTask(taskId, "DETECT", request);
        Instant start = from;
        Instant end = to;
        executor.execute(() -> {
            try {
                for (String[] violation : violations.violationsBetween(start, end, violationIds, profiles)) {
                    for (MitigationActionEntity action : actions.values()) {
                        execute(
                                taskId,
                                violation[0],
                                null,
                                violation[1],
                                action,
                                () -> applyToThing(action, violation[1]));
                    }
                }
                finish(taskId, "SUCCESSFUL");
            } catch (RuntimeException e) {
                LOG.errorf(e, "detect mitigation task %s failed", taskId);
                finish(taskId, "FAILED");
            }
        });
        return taskId;
    }

    void applyToThing(MitigationActionEntity action, String thing) {
        JsonObject params = Docs.object(action.params);
        switch (action.actionType) {
            case "UPDATE_DEVICE_CERTIFICATE" -> {
                List<String> certs = principals.listPrincipals(thing, Optional.empty(), 250).items().stream()
                        .filter(p -> p.contains(":cert/"))
                        .map(p -> p.substring(p.indexOf(":cert/") + 6))
                        .toList();
                if (certs.isEmpty()) {
                    throw new Skipped("Thing " + thing + " has no certificate.");
                }
                certs.forEach(id -> certificates.updateStatus(id, "INACTIVE"));
            }
            case "ADD_THINGS_TO_THING_GROUP" -> addToGroups(params.getJsonObject("addThingsToThingGroupParams"), thing);
            default -> throw new Skipped(action.actionType + " does not apply to a violation.");
        }
    }

    @Override
    public JsonObject describeDetectMitigation(String taskId) {
        JsonObject task = task(taskId, "DETECT");
        JsonObject request = Docs.object(task.getString("request"));
        long[] s = new long[3];
        jdbc.query(
                        "SELECT status, count(*) AS n FROM defender_mitigation_execution WHERE task_id = ?"
                                + " GROUP BY status",
                        r -> new Object[] {r.getString("status"), r.getLong("n")},
                        taskId)
                .forEach(row -> {
                    long n = (Long) row[1];
                    switch ((String) row[0]) {
                        case "SUCCESSFUL" -> s[0] += n;
                        case "SKIPPED" -> s[1] += n;
                        default -> s[2] += n;
                    }
                });
        JsonObjectBuilder summary = Json.createObjectBuilder()
                .add("taskId", taskId)
                .add("taskStatus", task.getString("status"))
                .add("taskStartTime", task.getJsonNumber("startTime"))
                .add("target", request.getJsonObject("target"))
                .add("actionsDefinition", definitions(new LinkedHashSet<>(Docs.strings(request, "actions"))))
                .add("onlyActiveViolationsIncluded", request.getBoolean("includeOnlyActiveViolations", false))
                .add("suppressedAlertsIncluded", request.getBoolean("includeSuppressedAlerts", false))
                .add(
                        "taskStatistics",
                        Json.createObjectBuilder()
                                .add("actionsExecuted", s[0])
                                .add("actionsSkipped", s[1])
                                .add("actionsFailed", s[2]));
        if (task.containsKey("endTime")) {
            summary.add("taskEndTime", task.getJsonNumber("endTime"));
        }
        request.getJsonObject("violationEventOccurrenceRange");
        if (request.containsKey("violationEventOccurrenceRange")) {
            summary.add("violationEventOccurrenceRange", request.getJsonObject("violationEventOccurrenceRange"));
        }
        return Json.createObjectBuilder().add("taskSummary", summary).build();
    }

    @Override
    public void cancelDetectMitigation(String taskId) {
        task(taskId, "DETECT");
        finish(taskId, "CANCELED");
    }

    @Override
    public JsonObject listDetectMitigations(
            Instant startTime, Instant endTime, Optional<String> nextToken, int maxResults) {
        return listTasks("DETECT", "tasks", startTime, endTime, Optional.empty(), nextToken, maxResults);
    }

    @Override
    public JsonObject listDetectMitigationExecutions(
            Optional<String> taskId,
            Optional<String> violationId,
            Optional<String> thingName,
            Optional<String> startTime,
            Optional<String> endTime,
            Optional<String> nextToken,
            int maxResults) {
        return executions(taskId, violationId, thingName, Optional.empty(), nextToken, maxResults, "violationId");
    }
}
