package io.thingstead.defender.internal.audit;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.defender.api.DefenderAlert;
import io.thingstead.defender.api.DefenderAudits;
import io.thingstead.defender.internal.Alerts;
import io.thingstead.defender.internal.AuditCheckEntity;
import io.thingstead.defender.internal.AuditConfigurationEntity;
import io.thingstead.defender.internal.Docs;
import io.thingstead.defender.internal.ResourceKeys;
import io.thingstead.defender.internal.ScheduledAuditEntity;
import io.thingstead.defender.internal.SuppressionEntity;
import io.thingstead.defender.internal.Targets;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@link DefenderAudits}: the configuration, scheduled audits and suppressions as entities (ADR 0009), tasks and
 * findings in SQL ({@link AuditStore}); audits run on the module's managed executor ({@link #execute}).
 */
@ApplicationScoped
public class AuditService implements DefenderAudits {
    private static final Logger LOG = Logger.getLogger(AuditService.class);

    @PersistenceContext(unitName = "defender")
    EntityManager em;

    @Inject
    AuditStore store;

    @Inject
    AuditRunner runner;

    @Inject
    Alerts alerts;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    io.thingstead.defender.internal.Tx tx;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    // --- configuration ----------------------------------------------------------------------------------------------

    @Override
    @Transactional
    public JsonObject describeConfiguration() {
        AuditConfigurationEntity configuration = em.find(AuditConfigurationEntity.class, Boolean.TRUE);
        Map<String, AuditCheckEntity> checks = checks();
        JsonObjectBuilder checkConfigurations = Json.createObjectBuilder();
        for (AuditCheck check : AuditCheck.values()) {
            AuditCheckEntity entity = checks.get(check.name());
            JsonObjectBuilder item = Json.createObjectBuilder().add("enabled", entity != null && entity.enabled);
            JsonObject config = entity == null ? JsonValue.EMPTY_JSON_OBJECT : Docs.object(entity.configuration);
            if (!config.isEmpty()) {
                item.add("configuration", config);
            }
            checkConfigurations.add(check.name(), item);
        }
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (configuration != null && configuration.roleArn != null) {
            json.add("roleArn", configuration.roleArn);
        }
        json.add(
                "auditNotificationTargetConfigurations",
                configuration == null ? JsonValue.EMPTY_JSON_OBJECT : Docs.object(configuration.notificationTargets));
        json.add("auditCheckConfigurations", checkConfigurations);
        return json.build();
    }

    @Override
    @Transactional
    public void updateConfiguration(JsonObject request) {
        AuditConfigurationEntity configuration = em.find(AuditConfigurationEntity.class, Boolean.TRUE);
        if (configuration == null) {
            configuration = new AuditConfigurationEntity();
            configuration.updatedAt = clock.instant();
            em.persist(configuration);
        }
        Optional<String> role = Docs.string(request, "roleArn");
        if (role.isPresent()) {
            configuration.roleArn = role.get();
        }
        Optional<JsonObject> targets = Docs.obj(request, "auditNotificationTargetConfigurations");
        if (targets.isPresent()) {
            for (Map.Entry<String, JsonValue> target : targets.get().entrySet()) {
                if (!target.getKey().equals("SNS")) {
                    throw IotException.invalidRequest("auditNotificationTargetConfigurations: unknown type "
                            + Docs.cut(target.getKey()) + " (SNS is the only one)");
                }
                JsonObject sns = target.getValue().asJsonObject();
                if (Docs.bool(sns, "enabled").orElse(false) || sns.containsKey("targetArn")) {
                    Targets.mqttTopic(
                            "auditNotificationTargetConfigurations.SNS.targetArn", Docs.required(sns, "targetArn"));
                }
            }
            configuration.notificationTargets = targets.get().toString();
        }
        Optional<JsonObject> checkConfigurations = Docs.obj(request, "auditCheckConfigurations");
        if (checkConfigurations.isPresent()) {
            Map<String, AuditCheckEntity> existing = checks();
            for (Map.Entry<String, JsonValue> entry : checkConfigurations.get().entrySet()) {
                AuditCheck check = AuditCheck.named(entry.getKey())
                        .orElseThrow(
                                () -> IotException.invalidRequest("Unsupported audit check: " + Docs.cut(entry.getKey())
                                        + " (Thingstead supports " + List.of(AuditCheck.values()) + ")"));
                JsonObject item = entry.getValue().asJsonObject();
                AuditCheckEntity entity = existing.get(check.name());
                if (entity == null) {
                    entity = new AuditCheckEntity(check.name());
                    em.persist(entity);
                }
                entity.enabled = Docs.bool(item, "enabled").orElse(entity.enabled);
                Optional<JsonObject> config = Docs.obj(item, "configuration");
                if (config.isPresent()) {
                    validateCheckConfiguration(check, config.get());
                    entity.configuration = config.get().toString();
                }
            }
        }
        configuration.updatedAt = clock.instant();
    }

    private static void validateCheckConfiguration(AuditCheck check, JsonObject config) {
        for (Map.Entry<String, JsonValue> entry : config.entrySet()) {
            String key = entry.getKey();
            boolean known = (check == AuditCheck.DEVICE_CERTIFICATE_AGE_CHECK && key.equals(AuditCheck.AGE_THRESHOLD))
                    || (check == AuditCheck.DEVICE_CERTIFICATE_EXPIRING_CHECK
                            && key.equals(AuditCheck.EXPIRATION_THRESHOLD));
            if (!known) {
                throw IotException.invalidRequest("Unknown configuration " + Docs.cut(key) + " for " + check);
            }
            int days;
            try {
                days = Integer.parseInt(Docs.string(config, key).orElse(""));
            } catch (NumberFormatException e) {
                throw IotException.invalidRequest(key + " must be a number of days.");
            }
            int min = key.equals(AuditCheck.AGE_THRESHOLD) ? 30 : 1;
            if (days < min || days > 3652) {
                throw IotException.invalidRequest(key + " must be between " + min + " and 3652 days.");
            }
        }
    }

    @Override
    @Transactional
    public void deleteConfiguration(boolean deleteScheduledAudits) {
        long scheduled = em.createQuery("SELECT count(s) FROM ScheduledAuditEntity s", Long.class)
                .getSingleResult();
        if (scheduled > 0 && !deleteScheduledAudits) {
            throw IotException.invalidRequest(
                    "The account has scheduled audits: delete them first or set deleteScheduledAudits.");
        }
        em.createQuery("DELETE FROM ScheduledAuditEntity").executeUpdate();
        em.createQuery("DELETE FROM AuditCheckEntity").executeUpdate();
        em.createQuery("DELETE FROM AuditConfigurationEntity").executeUpdate();
    }

    private Map<String, AuditCheckEntity> checks() {
        Map<String, AuditCheckEntity> checks = new HashMap<>();
        for (AuditCheckEntity entity : em.createQuery("SELECT c FROM AuditCheckEntity c", AuditCheckEntity.class)
                .getResultList()) {
            checks.put(entity.checkName, entity);
        }
        return checks;
    }

    // --- tasks ------------------------------------------------------------------------------------------------------

    @Override
    public String startOnDemandAudit(List<String> targetCheckNames) {
        return start("ON_DEMAND_AUDIT_TASK", targetCheckNames, Optional.empty());
    }

    /** Validates the checks, records the task and starts it in the background. */
    public String start(String type, List<String> targetCheckNames, Optional<String> scheduledAuditName) {
        if (targetCheckNames.isEmpty()) {
            throw IotException.invalidRequest("targetCheckNames must name at least one check.");
        }
        Map<String, AuditCheckEntity> checks = enabledChecks();
        List<String> names = targetCheckNames.stream().distinct().toList();
        for (String name : names) {
            if (AuditCheck.named(name).isEmpty()) {
                throw IotException.invalidRequest("Unsupported audit check: " + Docs.cut(name));
            }
            if (!checks.containsKey(name)) {
                throw IotException.invalidRequest("Audit check " + name + " is not enabled for this account:"
                        + " enable it with UpdateAccountAuditConfiguration.");
            }
        }
        String taskId = UUID.randomUUID().toString().replace("-", "");
        Instant start = clock.instant();
        store.createTask(taskId, type, start, scheduledAuditName, names);
        Map<String, Map<String, String>> configurations = new HashMap<>();
        for (String name : names) {
            Map<String, String> config = new HashMap<>();
            Docs.object(checks.get(name).configuration)
                    .forEach((k, v) -> config.put(k, ((jakarta.json.JsonString) v).getString()));
            configurations.put(name, config);
        }
        executor.execute(() -> execute(taskId, start, names, configurations));
        return taskId;
    }

    @Transactional
    Map<String, AuditCheckEntity> enabledChecks() {
        Map<String, AuditCheckEntity> enabled = new HashMap<>();
        checks().forEach((name, entity) -> {
            if (entity.enabled) {
                enabled.put(name, entity);
            }
        });
        return enabled;
    }

    /** Runs a task's checks one after the other and stores their findings; suppressions are applied as stored. */
    void execute(String taskId, Instant start, List<String> names, Map<String, Map<String, String>> configurations) {
        long t0 = System.nanoTime();
        Map<String, Suppressions> suppressions = new HashMap<>();
        boolean failed = false;
        for (String name : names) {
            AuditCheck check = AuditCheck.named(name).orElseThrow();
            if (store.canceled(taskId)) {
                break;
            }
            Suppressions suppressed = suppressions.computeIfAbsent(name, n -> loadSuppressions(n, start));
            long[] counts = new long[2];
            try {
                AuditRunner.Run run = new AuditRunner.Run(
                        start,
                        start.minus(AuditRunner.LOOK_BACK),
                        configurations.getOrDefault(name, Map.of()),
                        () -> store.canceled(taskId));
                long total = runner.run(check, run, findings -> {
                    List<Boolean> flags = findings.stream()
                            .map(f -> suppressed.covers(f.resourceKey()))
                            .toList();
                    store.insert(taskId, start, clock.instant(), findings, flags);
                    for (boolean flag : flags) {
                        counts[flag ? 1 : 0]++;
                    }
                });
                long nonCompliant = counts[0] + counts[1];
                store.checkDone(
                        taskId,
                        name,
                        counts[0] > 0 ? "COMPLETED_NON_COMPLIANT" : "COMPLETED_COMPLIANT",
                        Math.max(total, nonCompliant),
                        nonCompliant,
                        counts[1],
                        null,
                        null);
            } catch (RuntimeException e) {
                failed = true;
                LOG.errorf(e, "audit task %s: check %s failed", taskId, name);
                store.checkDone(
                        taskId,
                        name,
                        "FAILED",
                        0,
                        counts[0] + counts[1],
                        counts[1],
                        "INTERNAL_FAILURE",
                        String.valueOf(e.getMessage()));
            }
        }
        store.finish(taskId, failed ? "FAILED" : "COMPLETED", clock.instant());
        LOG.infof("audit task %s finished in %d ms", taskId, (System.nanoTime() - t0) / 1_000_000);
        try {
            notifyCompleted(taskId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not send the notification of audit task %s", taskId);
        }
    }

    /** Which resources of one check are suppressed at the audit's start. */
    record Suppressions(java.util.Set<String> keys) {
        boolean covers(String key) {
            return keys.contains(key);
        }
    }

    @Transactional
    Suppressions loadSuppressions(String check, Instant at) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (SuppressionEntity s : em.createQuery(
                        "SELECT s FROM SuppressionEntity s WHERE s.checkName = :check", SuppressionEntity.class)
                .setParameter("check", check)
                .getResultList()) {
            if (s.suppressIndefinitely || s.expirationDate == null || s.expirationDate.isAfter(at)) {
                keys.add(s.resourceKey);
            }
        }
        return new Suppressions(keys);
    }

    private void notifyCompleted(String taskId) {
        Optional<String> topic = notificationTopic();
        JsonObject task = describeAuditTask(taskId);
        JsonObjectBuilder document = Json.createObjectBuilder()
                .add("accountId", platform.accountId())
                .add("taskId", taskId)
                .add("taskStatus", task.getString("taskStatus"))
                .add("taskType", task.getString("taskType"));
        if (task.containsKey("scheduledAuditName")) {
            document.add("scheduledAuditName", task.getString("scheduledAuditName"));
        }
        JsonObject statistics = task.getJsonObject("taskStatistics");
        document.add("failedChecksCount", statistics.getInt("failedChecks"))
                .add("canceledChecksCount", statistics.getInt("canceledChecks"))
                .add("nonCompliantChecksCount", statistics.getInt("nonCompliantChecks"))
                .add("compliantChecksCount", statistics.getInt("compliantChecks"))
                .add("totalChecksCount", statistics.getInt("totalChecks"))
                .add("taskStartTime", task.getJsonNumber("taskStartTime").longValue() * 1000);
        JsonArrayBuilder details = Json.createArrayBuilder();
        task.getJsonObject("auditDetails").forEach((check, value) -> {
            JsonObject detail = value.asJsonObject();
            details.add(Json.createObjectBuilder()
                    .add("checkName", check)
                    .add("checkRunStatus", detail.getString("checkRunStatus"))
                    .add("nonCompliantResourcesCount", detail.getJsonNumber("nonCompliantResourcesCount"))
                    .add(
                            "suppressedNonCompliantResourceCount",
                            detail.getJsonNumber("suppressedNonCompliantResourcesCount"))
                    .add("totalResourcesCount", detail.getJsonNumber("totalResourcesCount")));
        });
        document.add("auditDetails", details);
        alerts.send(DefenderAlert.Kind.AUDIT, topic, document.build());
    }

    @Transactional
    Optional<String> notificationTopic() {
        AuditConfigurationEntity configuration = em.find(AuditConfigurationEntity.class, Boolean.TRUE);
        if (configuration == null) {
            return Optional.empty();
        }
        JsonObject targets = Docs.object(configuration.notificationTargets);
        JsonObject sns = targets.getJsonObject("SNS");
        if (sns == null || !Docs.bool(sns, "enabled").orElse(false)) {
            return Optional.empty();
        }
        return Docs.string(sns, "targetArn").map(arn -> Targets.mqttTopic("targetArn", arn));
    }

    @Override
    public void cancelAuditTask(String taskId) {
        AuditStore.Task task = store.task(taskId)
                .orElseThrow(() -> IotException.notFound("Audit task " + Docs.cut(taskId) + " does not exist."));
        if (!task.status().equals("IN_PROGRESS")) {
            throw IotException.invalidRequest("Audit task " + taskId + " is " + task.status() + ", not IN_PROGRESS.");
        }
        store.cancel(taskId);
    }

    @Override
    public JsonObject describeAuditTask(String taskId) {
        AuditStore.Task task = store.task(taskId)
                .orElseThrow(() -> IotException.notFound("Audit task " + Docs.cut(taskId) + " does not exist."));
        int total = 0, inProgress = 0, compliant = 0, nonCompliant = 0, failed = 0, canceled = 0;
        JsonObjectBuilder details = Json.createObjectBuilder();
        for (AuditStore.CheckRun check : store.checks(taskId)) {
            total++;
            switch (check.runStatus()) {
                case "IN_PROGRESS" -> inProgress++;
                case "COMPLETED_COMPLIANT" -> compliant++;
                case "COMPLETED_NON_COMPLIANT" -> nonCompliant++;
                case "FAILED" -> failed++;
                case "CANCELED" -> canceled++;
                default -> {}
            }
            JsonObjectBuilder detail = Json.createObjectBuilder().add("checkRunStatus", check.runStatus());
            if (check.runStatus().startsWith("COMPLETED")) {
                detail.add("checkCompliant", check.runStatus().equals("COMPLETED_COMPLIANT"))
                        .add("totalResourcesCount", check.total())
                        .add("nonCompliantResourcesCount", check.nonCompliant())
                        .add("suppressedNonCompliantResourcesCount", check.suppressed());
            } else {
                detail.add("totalResourcesCount", check.total())
                        .add("nonCompliantResourcesCount", check.nonCompliant())
                        .add("suppressedNonCompliantResourcesCount", check.suppressed());
            }
            check.errorCode().ifPresent(code -> detail.add("errorCode", code));
            check.message().ifPresent(message -> detail.add("message", message));
            details.add(check.checkName(), detail);
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("taskStatus", task.status())
                .add("taskType", task.type())
                .add("taskStartTime", Docs.epochSeconds(task.startedAt()))
                .add(
                        "taskStatistics",
                        Json.createObjectBuilder()
                                .add("totalChecks", total)
                                .add("inProgressChecks", inProgress)
                                .add("waitingForDataCollectionChecks", 0)
                                .add("compliantChecks", compliant)
                                .add("nonCompliantChecks", nonCompliant)
                                .add("failedChecks", failed)
                                .add("canceledChecks", canceled))
                .add("auditDetails", details);
        task.scheduledAuditName().ifPresent(name -> json.add("scheduledAuditName", name));
        return json.build();
    }

    @Override
    public JsonObject listAuditTasks(
            Instant startTime,
            Instant endTime,
            Optional<String> taskType,
            Optional<String> taskStatus,
            Optional<String> nextToken,
            int maxResults) {
        int limit = limit(maxResults, 100, 250);
        Optional<String> after = PageTokens.decode("audit-tasks", nextToken, "nextToken");
        List<AuditStore.Task> tasks = store.tasks(startTime, endTime, taskType, taskStatus, after, limit + 1);
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (AuditStore.Task task : tasks.subList(0, Math.min(limit, tasks.size()))) {
            items.add(Json.createObjectBuilder()
                    .add("taskId", task.taskId())
                    .add("taskStatus", task.status())
                    .add("taskType", task.type()));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("tasks", items);
        if (tasks.size() > limit) {
            json.add(
                    "nextToken",
                    PageTokens.encode("audit-tasks", tasks.get(limit - 1).taskId()));
        }
        return json.build();
    }

    @Override
    public JsonObject listAuditFindings(JsonObject request) {
        Optional<String> taskId = Docs.string(request, "taskId");
        Optional<Instant> start = Docs.time(request, "startTime");
        Optional<Instant> end = Docs.time(request, "endTime");
        if (taskId.isPresent() && (start.isPresent() || end.isPresent())) {
            throw IotException.invalidRequest("Specify either taskId or startTime and endTime, not both.");
        }
        if (taskId.isEmpty() && (start.isEmpty() || end.isEmpty())) {
            throw IotException.invalidRequest("Specify either taskId or both startTime and endTime.");
        }
        Optional<String> resourceKey = Docs.obj(request, "resourceIdentifier").map(ResourceKeys::of);
        int limit = limit(Docs.integer(request, "maxResults").orElse(0L).intValue(), 25, 250);
        Optional<String> after = PageTokens.decode("audit-findings", Docs.string(request, "nextToken"), "nextToken");
        List<JsonObject> findings = store.findings(
                taskId,
                Docs.string(request, "checkName"),
                resourceKey,
                start,
                end,
                Docs.bool(request, "listSuppressedFindings"),
                Optional.empty(),
                after,
                limit + 1);
        JsonArrayBuilder items = Json.createArrayBuilder();
        findings.subList(0, Math.min(limit, findings.size())).forEach(items::add);
        JsonObjectBuilder json = Json.createObjectBuilder().add("findings", items);
        if (findings.size() > limit) {
            json.add(
                    "nextToken",
                    PageTokens.encode("audit-findings", findings.get(limit - 1).getString("findingId")));
        }
        return json.build();
    }

    @Override
    public JsonObject describeAuditFinding(String findingId) {
        List<JsonObject> found = store.findings(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(findingId),
                Optional.empty(),
                1);
        if (found.isEmpty()) {
            throw IotException.notFound("Audit finding " + Docs.cut(findingId) + " does not exist.");
        }
        return Json.createObjectBuilder().add("finding", found.get(0)).build();
    }

    // --- scheduled audits -------------------------------------------------------------------------------------------

    @Override
    @Transactional
    public String createScheduledAudit(String name, JsonObject request) {
        Docs.name("scheduledAuditName", name);
        if (em.find(ScheduledAuditEntity.class, name) != null) {
            throw IotException.alreadyExists("Scheduled audit " + name + " already exists.", name, arn(name));
        }
        ScheduledAuditEntity entity = new ScheduledAuditEntity();
        entity.name = name;
        entity.createdAt = clock.instant();
        applySchedule(entity, request, true);
        em.persist(entity);
        return arn(name);
    }

    private void applySchedule(ScheduledAuditEntity entity, JsonObject request, boolean creating) {
        Optional<String> frequency = Docs.string(request, "frequency");
        if (creating && frequency.isEmpty()) {
            throw IotException.invalidRequest("frequency is required.");
        }
        if (frequency.isPresent()) {
            if (!List.of("DAILY", "WEEKLY", "BIWEEKLY", "MONTHLY").contains(frequency.get())) {
                throw IotException.invalidRequest("frequency must be DAILY, WEEKLY, BIWEEKLY or MONTHLY.");
            }
            entity.frequency = frequency.get();
        }
        Docs.string(request, "dayOfWeek").ifPresent(day -> {
            if (!List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT").contains(day)) {
                throw IotException.invalidRequest("dayOfWeek must be SUN to SAT.");
            }
            entity.dayOfWeek = day;
        });
        Docs.string(request, "dayOfMonth").ifPresent(day -> {
            if (!day.equals("LAST")) {
                try {
                    int d = Integer.parseInt(day);
                    if (d < 1 || d > 31) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw IotException.invalidRequest("dayOfMonth must be 1 to 31 or LAST.");
                }
            }
            entity.dayOfMonth = day;
        });
        if ((entity.frequency.equals("WEEKLY") || entity.frequency.equals("BIWEEKLY")) && entity.dayOfWeek == null) {
            throw IotException.invalidRequest("dayOfWeek is required for a " + entity.frequency + " audit.");
        }
        if (entity.frequency.equals("MONTHLY") && entity.dayOfMonth == null) {
            throw IotException.invalidRequest("dayOfMonth is required for a MONTHLY audit.");
        }
        List<String> checks = Docs.strings(request, "targetCheckNames");
        if (creating && checks.isEmpty()) {
            throw IotException.invalidRequest("targetCheckNames is required.");
        }
        if (!checks.isEmpty()) {
            for (String check : checks) {
                if (AuditCheck.named(check).isEmpty()) {
                    throw IotException.invalidRequest("Unsupported audit check: " + Docs.cut(check));
                }
            }
            JsonArrayBuilder array = Json.createArrayBuilder();
            checks.forEach(array::add);
            entity.checkNames = array.build().toString();
        }
        entity.nextRunAt = nextRun(entity, clock.instant());
    }

    /** The next run after {@code after}: at 00:00 UTC of the next matching day. */
    static Instant nextRun(ScheduledAuditEntity entity, Instant after) {
        LocalDate day = after.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        LocalDate next = switch (entity.frequency) {
            case "DAILY" -> day;
            case "WEEKLY" -> day.with(TemporalAdjusters.nextOrSame(dayOfWeek(entity.dayOfWeek)));
            case "BIWEEKLY" ->
                (entity.lastRunAt == null
                        ? day.with(TemporalAdjusters.nextOrSame(dayOfWeek(entity.dayOfWeek)))
                        : entity.lastRunAt.atZone(ZoneOffset.UTC).toLocalDate().plusWeeks(2));
            default -> {
                LocalDate month = day.withDayOfMonth(1);
                LocalDate candidate = dayOfMonth(month, entity.dayOfMonth);
                yield candidate.isBefore(day) ? dayOfMonth(month.plusMonths(1), entity.dayOfMonth) : candidate;
            }
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate dayOfMonth(LocalDate month, String day) {
        if (day.equals("LAST")) {
            return month.with(TemporalAdjusters.lastDayOfMonth());
        }
        return month.withDayOfMonth(Math.min(Integer.parseInt(day), month.lengthOfMonth()));
    }

    private static DayOfWeek dayOfWeek(String day) {
        return switch (day) {
            case "SUN" -> DayOfWeek.SUNDAY;
            case "MON" -> DayOfWeek.MONDAY;
            case "TUE" -> DayOfWeek.TUESDAY;
            case "WED" -> DayOfWeek.WEDNESDAY;
            case "THU" -> DayOfWeek.THURSDAY;
            case "FRI" -> DayOfWeek.FRIDAY;
            default -> DayOfWeek.SATURDAY;
        };
    }

    private String arn(String name) {
        return platform.iotArn("scheduledaudit", name).toString();
    }

    private ScheduledAuditEntity scheduled(String name) {
        ScheduledAuditEntity entity = em.find(ScheduledAuditEntity.class, name);
        if (entity == null) {
            throw IotException.notFound("Scheduled audit " + Docs.cut(name) + " does not exist.");
        }
        return entity;
    }

    @Override
    @Transactional
    public JsonObject describeScheduledAudit(String name) {
        ScheduledAuditEntity entity = scheduled(name);
        return scheduledJson(entity)
                .add("targetCheckNames", Docs.array(entity.checkNames))
                .build();
    }

    private JsonObjectBuilder scheduledJson(ScheduledAuditEntity entity) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("scheduledAuditName", entity.name)
                .add("scheduledAuditArn", arn(entity.name))
                .add("frequency", entity.frequency);
        if (entity.dayOfMonth != null) {
            json.add("dayOfMonth", entity.dayOfMonth);
        }
        if (entity.dayOfWeek != null) {
            json.add("dayOfWeek", entity.dayOfWeek);
        }
        return json;
    }

    @Override
    @Transactional
    public String updateScheduledAudit(String name, JsonObject request) {
        applySchedule(scheduled(name), request, false);
        return arn(name);
    }

    @Override
    @Transactional
    public void deleteScheduledAudit(String name) {
        em.remove(scheduled(name));
    }

    @Override
    @Transactional
    public JsonObject listScheduledAudits(Optional<String> nextToken, int maxResults) {
        int limit = limit(maxResults, 25, 250);
        String after =
                PageTokens.decode("scheduled-audits", nextToken, "nextToken").orElse("");
        List<ScheduledAuditEntity> page = em.createQuery(
                        "SELECT s FROM ScheduledAuditEntity s WHERE s.name > :after ORDER BY s.name",
                        ScheduledAuditEntity.class)
                .setParameter("after", after)
                .setMaxResults(limit + 1)
                .getResultList();
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.subList(0, Math.min(limit, page.size())).forEach(s -> items.add(scheduledJson(s)));
        JsonObjectBuilder json = Json.createObjectBuilder().add("scheduledAudits", items);
        if (page.size() > limit) {
            json.add("nextToken", PageTokens.encode("scheduled-audits", page.get(limit - 1).name));
        }
        return json.build();
    }

    /** Starts the scheduled audits that are due; called every minute. */
    public void runDueScheduledAudits() {
        for (ScheduledAuditEntity due : tx.call(this::dueScheduledAudits)) {
            try {
                List<String> checks = new ArrayList<>();
                Docs.array(due.checkNames).forEach(v -> checks.add(((jakarta.json.JsonString) v).getString()));
                List<String> enabled =
                        checks.stream().filter(enabledChecks()::containsKey).toList();
                if (!enabled.isEmpty()) {
                    start("SCHEDULED_AUDIT_TASK", enabled, Optional.of(due.name));
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not start scheduled audit %s", due.name);
            }
        }
    }

    @Transactional
    List<ScheduledAuditEntity> dueScheduledAudits() {
        Instant now = clock.instant();
        List<ScheduledAuditEntity> due = em.createQuery(
                        "SELECT s FROM ScheduledAuditEntity s WHERE s.nextRunAt <= :now", ScheduledAuditEntity.class)
                .setParameter("now", now)
                .getResultList();
        for (ScheduledAuditEntity entity : due) {
            entity.lastRunAt = now;
            entity.nextRunAt = nextRun(entity, now);
        }
        return due;
    }

    // --- suppressions -----------------------------------------------------------------------------------------------

    private record SuppressionKey(String check, String key, JsonObject identifier) {}

    private static SuppressionKey key(JsonObject request) {
        String check = Docs.required(request, "checkName");
        if (AuditCheck.named(check).isEmpty()) {
            throw IotException.invalidRequest("Unsupported audit check: " + Docs.cut(check));
        }
        JsonObject identifier = Docs.obj(request, "resourceIdentifier")
                .orElseThrow(() -> IotException.invalidRequest("resourceIdentifier is required."));
        return new SuppressionKey(check, ResourceKeys.of(identifier), identifier);
    }

    @Override
    @Transactional
    public void createSuppression(JsonObject request) {
        SuppressionKey key = key(request);
        if (em.find(SuppressionEntity.class, new SuppressionEntity.Key(key.check(), key.key())) != null) {
            throw IotException.alreadyExists("The suppression already exists.", key.key(), null);
        }
        SuppressionEntity entity = new SuppressionEntity();
        entity.checkName = key.check();
        entity.resourceKey = key.key();
        entity.resourceIdentifier = key.identifier().toString();
        entity.createdAt = clock.instant();
        applySuppression(entity, request);
        em.persist(entity);
    }

    private static void applySuppression(SuppressionEntity entity, JsonObject request) {
        Docs.time(request, "expirationDate").ifPresent(date -> entity.expirationDate = date);
        Docs.bool(request, "suppressIndefinitely").ifPresent(b -> entity.suppressIndefinitely = b);
        Docs.string(request, "description").ifPresent(d -> entity.description = d);
        if (!entity.suppressIndefinitely && entity.expirationDate == null) {
            throw IotException.invalidRequest("Specify expirationDate or suppressIndefinitely.");
        }
    }

    private SuppressionEntity suppression(SuppressionKey key) {
        SuppressionEntity entity = em.find(SuppressionEntity.class, new SuppressionEntity.Key(key.check(), key.key()));
        if (entity == null) {
            throw IotException.notFound("The suppression does not exist.");
        }
        return entity;
    }

    @Override
    @Transactional
    public JsonObject describeSuppression(JsonObject request) {
        return suppressionJson(suppression(key(request)));
    }

    private static JsonObject suppressionJson(SuppressionEntity entity) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("checkName", entity.checkName)
                .add("resourceIdentifier", Docs.object(entity.resourceIdentifier))
                .add("suppressIndefinitely", entity.suppressIndefinitely);
        if (entity.expirationDate != null) {
            json.add("expirationDate", Docs.epochSeconds(entity.expirationDate));
        }
        if (entity.description != null) {
            json.add("description", entity.description);
        }
        return json.build();
    }

    @Override
    @Transactional
    public void updateSuppression(JsonObject request) {
        applySuppression(suppression(key(request)), request);
    }

    @Override
    @Transactional
    public void deleteSuppression(JsonObject request) {
        em.remove(suppression(key(request)));
    }

    @Override
    @Transactional
    public JsonObject listSuppressions(JsonObject request) {
        Optional<String> check = Docs.string(request, "checkName");
        Optional<String> resource = Docs.obj(request, "resourceIdentifier").map(ResourceKeys::of);
        boolean ascending = Docs.bool(request, "ascendingOrder").orElse(true);
        int limit = limit(Docs.integer(request, "maxResults").orElse(0L).intValue(), 25, 250);
        int offset = PageTokens.decode("suppressions", Docs.string(request, "nextToken"), "nextToken")
                .map(Integer::parseInt)
                .orElse(0);
        StringBuilder jpql = new StringBuilder("SELECT s FROM SuppressionEntity s WHERE TRUE = TRUE");
        check.ifPresent(c -> jpql.append(" AND s.checkName = :check"));
        resource.ifPresent(r -> jpql.append(" AND s.resourceKey = :key"));
        jpql.append(" ORDER BY s.createdAt ").append(ascending ? "ASC" : "DESC").append(", s.checkName, s.resourceKey");
        var query = em.createQuery(jpql.toString(), SuppressionEntity.class);
        check.ifPresent(c -> query.setParameter("check", c));
        resource.ifPresent(r -> query.setParameter("key", r));
        List<SuppressionEntity> page =
                query.setFirstResult(offset).setMaxResults(limit + 1).getResultList();
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.subList(0, Math.min(limit, page.size())).forEach(s -> items.add(suppressionJson(s)));
        JsonObjectBuilder json = Json.createObjectBuilder().add("suppressions", items);
        if (page.size() > limit) {
            json.add("nextToken", PageTokens.encode("suppressions", Integer.toString(offset + limit)));
        }
        return json.build();
    }

    static int limit(int requested, int fallback, int max) {
        if (requested < 0 || requested > max) {
            throw IotException.invalidRequest("maxResults must be between 1 and " + max + ".");
        }
        return requested == 0 ? fallback : requested;
    }

    Map<String, Map<String, String>> unusedConfigurations() {
        return new LinkedHashMap<>();
    }
}
