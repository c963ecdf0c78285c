package io.thingstead.defender.internal.detect;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.defender.api.SecurityProfiles;
import io.thingstead.defender.internal.CustomMetricEntity;
import io.thingstead.defender.internal.Docs;
import io.thingstead.defender.internal.ProfileTargetEntity;
import io.thingstead.defender.internal.SecurityProfileEntity;
import io.thingstead.defender.internal.Targets;
import io.thingstead.registry.api.ThingGroups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SecurityProfiles}: security profiles, their targets and custom metrics as entities (ADR 0009). Behaviors are
 * validated by {@link Behavior#parse} against the evaluation tick ({@link DetectEngine#tickSeconds()}); the engine
 * reads the profiles again at every tick, so a change applies from the next one.
 */
@ApplicationScoped
public class SecurityProfileService implements SecurityProfiles {
    static final String ALL_REGISTERED = "all/registered-things";
    static final String ALL_UNREGISTERED = "all/unregistered-things";

    @PersistenceContext(unitName = "defender")
    EntityManager em;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    DetectEngine engine;

    @Inject
    ThingGroups groups;

    @Inject
    DetectStore store;

    String arn(String name) {
        return platform.iotArn("securityprofile", name).toString();
    }

    @Override
    @Transactional
    public JsonObject create(String name, JsonObject request) {
        Docs.name("securityProfileName", name);
        if (em.find(SecurityProfileEntity.class, name) != null) {
            throw IotException.alreadyExists("Security profile " + name + " already exists.", name, arn(name));
        }
        SecurityProfileEntity entity = new SecurityProfileEntity();
        entity.name = name;
        entity.createdAt = clock.instant();
        entity.updatedAt = entity.createdAt;
        entity.version = 1;
        apply(entity, request);
        em.persist(entity);
        return Json.createObjectBuilder()
                .add("securityProfileName", name)
                .add("securityProfileArn", arn(name))
                .build();
    }

    private void apply(SecurityProfileEntity entity, JsonObject request) {
        Docs.string(request, "securityProfileDescription").ifPresent(d -> {
            if (d.length() > 1000) {
                throw IotException.invalidRequest("securityProfileDescription must be at most 1000 characters.");
            }
            entity.description = d;
        });
        Optional<JsonArray> behaviors = Docs.arr(request, "behaviors");
        if (behaviors.isPresent()) {
            List<String> errors = errors(behaviors.get());
            if (!errors.isEmpty()) {
                throw IotException.invalidRequest(String.join(" ", errors));
            }
            entity.behaviors = behaviors.get().toString();
        }
        Optional<JsonObject> targets = Docs.obj(request, "alertTargets");
        if (targets.isPresent()) {
            for (Map.Entry<String, JsonValue> target : targets.get().entrySet()) {
                if (!target.getKey().equals("SNS")) {
                    throw IotException.invalidRequest(
                            "alertTargets: unknown type " + Docs.cut(target.getKey()) + " (SNS is the only one)");
                }
                Targets.mqttTopic(
                        "alertTargets.SNS.alertTargetArn",
                        Docs.required(target.getValue().asJsonObject(), "alertTargetArn"));
            }
            entity.alertTargets = targets.get().toString();
        }
        Docs.arr(request, "additionalMetricsToRetainV2").ifPresent(a -> entity.additionalMetrics = a.toString());
    }

    private List<String> errors(JsonArray behaviors) {
        Map<String, String> custom = customTypes();
        List<String> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (behaviors.size() > 100) {
            errors.add("A security profile has at most 100 behaviors.");
        }
        for (JsonValue value : behaviors) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                errors.add("Each behavior must be an object.");
                continue;
            }
            try {
                Behavior behavior = Behavior.parse(value.asJsonObject(), custom, engine.tickSeconds());
                if (!names.add(behavior.name())) {
                    errors.add("Behavior name " + behavior.name() + " is used twice.");
                }
            } catch (Behavior.Invalid e) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    Map<String, String> customTypes() {
        Map<String, String> types = new HashMap<>();
        em.createQuery("SELECT c FROM CustomMetricEntity c", CustomMetricEntity.class)
                .getResultList()
                .forEach(c -> types.put(c.name, c.metricType));
        return types;
    }

    private SecurityProfileEntity find(String name) {
        SecurityProfileEntity entity = em.find(SecurityProfileEntity.class, name);
        if (entity == null) {
            throw IotException.notFound("Security profile " + Docs.cut(name) + " does not exist.");
        }
        return entity;
    }

    private JsonObject json(SecurityProfileEntity entity) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("securityProfileName", entity.name)
                .add("securityProfileArn", arn(entity.name))
                .add("behaviors", Docs.array(entity.behaviors))
                .add("alertTargets", Docs.object(entity.alertTargets))
                .add("additionalMetricsToRetainV2", Docs.array(entity.additionalMetrics))
                .add("version", entity.version)
                .add("creationDate", Docs.epochSeconds(entity.createdAt))
                .add("lastModifiedDate", Docs.epochSeconds(entity.updatedAt));
        if (entity.description != null) {
            json.add("securityProfileDescription", entity.description);
        }
        return json.build();
    }

    @Override
    @Transactional
    public JsonObject describe(String name) {
        return json(find(name));
    }

    @Override
    @Transactional
    public JsonObject update(String name, JsonObject request, Optional<Long> expectedVersion) {
        SecurityProfileEntity entity = find(name);
        if (expectedVersion.isPresent() && expectedVersion.get() != entity.version) {
            throw IotException.versionConflict(
                    "The security profile's version is " + entity.version + ", not " + expectedVersion.get() + ".");
        }
        Set<String> before = behaviorNames(entity.behaviors);
        apply(entity, request);
        if (Docs.bool(request, "deleteBehaviors").orElse(false)) {
            entity.behaviors = "[]";
        }
        if (Docs.bool(request, "deleteAlertTargets").orElse(false)) {
            entity.alertTargets = "{}";
        }
        if (Docs.bool(request, "deleteAdditionalMetricsToRetain").orElse(false)) {
            entity.additionalMetrics = "[]";
        }
        entity.version++;
        entity.updatedAt = clock.instant();
        Set<String> removed = new HashSet<>(before);
        removed.removeAll(behaviorNames(entity.behaviors));
        for (String behavior : removed) {
            store.invalidate(name, Optional.of(behavior), entity.updatedAt);
        }
        return json(entity);
    }

    private static Set<String> behaviorNames(String behaviors) {
        Set<String> names = new HashSet<>();
        for (JsonValue value : Docs.array(behaviors)) {
            names.add(value.asJsonObject().getString("name", ""));
        }
        return names;
    }

    @Override
    @Transactional
    public void delete(String name, Optional<Long> expectedVersion) {
        SecurityProfileEntity entity = find(name);
        if (expectedVersion.isPresent() && expectedVersion.get() != entity.version) {
            throw IotException.versionConflict(
                    "The security profile's version is " + entity.version + ", not " + expectedVersion.get() + ".");
        }
        em.createQuery("DELETE FROM ProfileTargetEntity t WHERE t.profileName = :name")
                .setParameter("name", name)
                .executeUpdate();
        em.remove(entity);
        store.invalidate(name, Optional.empty(), clock.instant());
    }

    @Override
    @Transactional
    public JsonObject list(Optional<String> metricName, Optional<String> nextToken, int maxResults) {
        int limit = limit(maxResults);
        String after =
                PageTokens.decode("security-profiles", nextToken, "nextToken").orElse("");
        List<SecurityProfileEntity> page = em.createQuery(
                        "SELECT p FROM SecurityProfileEntity p WHERE p.name > :after ORDER BY p.name",
                        SecurityProfileEntity.class)
                .setParameter("after", after)
                .getResultList();
        JsonArrayBuilder items = Json.createArrayBuilder();
        String last = null;
        int count = 0;
        boolean more = false;
        for (SecurityProfileEntity p : page) {
            if (metricName.isPresent()
                    && Docs.array(p.behaviors).stream()
                            .noneMatch(b ->
                                    metricName.get().equals(b.asJsonObject().getString("metric", "")))) {
                continue;
            }
            if (count == limit) {
                more = true;
                break;
            }
            items.add(Json.createObjectBuilder().add("name", p.name).add("arn", arn(p.name)));
            last = p.name;
            count++;
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("securityProfileIdentifiers", items);
        if (more) {
            json.add("nextToken", PageTokens.encode("security-profiles", last));
        }
        return json.build();
    }

    /** The canonical target: a thing group's ARN, or one of the two "all" targets. */
    private String target(String targetArn) {
        Arn arn;
        try {
            arn = Arn.parse(targetArn);
        } catch (RuntimeException e) {
            throw IotException.invalidRequest("securityProfileTargetArn must be an ARN: " + Docs.cut(targetArn));
        }
        if (!arn.region().equals(platform.region()) || !arn.account().equals(platform.accountId())) {
            throw IotException.invalidRequest("securityProfileTargetArn must name this account and region.");
        }
        String resource = arn.resource();
        if (resource.equals(ALL_REGISTERED) || resource.equals(ALL_UNREGISTERED)) {
            return targetArn;
        }
        if (arn.resourceType().equals("thinggroup")) {
            groups.describe(arn.resourceId());
            return targetArn;
        }
        throw IotException.invalidRequest("securityProfileTargetArn must be a thing group's ARN, .../" + ALL_REGISTERED
                + " or .../" + ALL_UNREGISTERED + ", not " + Docs.cut(targetArn));
    }

    @Override
    @Transactional
    public void attach(String name, String targetArn) {
        find(name);
        String target = target(targetArn);
        ProfileTargetEntity.Key key = new ProfileTargetEntity.Key();
        key.profileName = name;
        key.targetArn = target;
        if (em.find(ProfileTargetEntity.class, key) != null) {
            return;
        }
        ProfileTargetEntity entity = new ProfileTargetEntity();
        entity.profileName = name;
        entity.targetArn = target;
        entity.attachedAt = clock.instant();
        em.persist(entity);
    }

    @Override
    @Transactional
    public void detach(String name, String targetArn) {
        find(name);
        int removed = em.createQuery(
                        "DELETE FROM ProfileTargetEntity t WHERE t.profileName = :name AND t.targetArn = :target")
                .setParameter("name", name)
                .setParameter("target", targetArn)
                .executeUpdate();
        if (removed == 0) {
            throw IotException.notFound("Security profile " + name + " is not attached to " + Docs.cut(targetArn));
        }
    }

    @Override
    @Transactional
    public JsonObject listTargets(String name, Optional<String> nextToken, int maxResults) {
        find(name);
        int limit = limit(maxResults);
        String after = PageTokens.decode("security-profile-targets", nextToken, "nextToken")
                .orElse("");
        List<ProfileTargetEntity> page = em.createQuery(
                        "SELECT t FROM ProfileTargetEntity t WHERE t.profileName = :name AND t.targetArn > :after"
                                + " ORDER BY t.targetArn",
                        ProfileTargetEntity.class)
                .setParameter("name", name)
                .setParameter("after", after)
                .setMaxResults(limit + 1)
                .getResultList();
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.stream()
                .limit(limit)
                .forEach(t -> items.add(Json.createObjectBuilder().add("arn", t.targetArn)));
        JsonObjectBuilder json = Json.createObjectBuilder().add("securityProfileTargets", items);
        if (page.size() > limit) {
            json.add("nextToken", PageTokens.encode("security-profile-targets", page.get(limit - 1).targetArn));
        }
        return json.build();
    }

    @Override
    @Transactional
    public JsonObject listForTarget(String targetArn, boolean recursive, Optional<String> nextToken, int maxResults) {
        int limit = limit(maxResults);
        List<String> arns = new ArrayList<>(List.of(targetArn));
        if (recursive) {
            Arn arn = Arn.parse(targetArn);
            if (arn.resourceType().equals("thinggroup")) {
                groups.describe(arn.resourceId())
                        .rootToParentThingGroups()
                        .forEach(g -> arns.add(
                                platform.iotArn("thinggroup", g.groupName()).toString()));
            }
        }
        String after =
                PageTokens.decode("profiles-for-target", nextToken, "nextToken").orElse("");
        List<ProfileTargetEntity> page = em.createQuery(
                        "SELECT t FROM ProfileTargetEntity t WHERE t.targetArn IN :arns AND t.profileName > :after"
                                + " ORDER BY t.profileName",
                        ProfileTargetEntity.class)
                .setParameter("arns", arns)
                .setParameter("after", after)
                .setMaxResults(limit + 1)
                .getResultList();
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.stream()
                .limit(limit)
                .forEach(t -> items.add(Json.createObjectBuilder()
                        .add(
                                "securityProfileIdentifier",
                                Json.createObjectBuilder()
                                        .add("name", t.profileName)
                                        .add("arn", arn(t.profileName)))
                        .add("target", Json.createObjectBuilder().add("arn", t.targetArn))));
        JsonObjectBuilder json = Json.createObjectBuilder().add("securityProfileTargetMappings", items);
        if (page.size() > limit) {
            json.add("nextToken", PageTokens.encode("profiles-for-target", page.get(limit - 1).profileName));
        }
        return json.build();
    }

    @Override
    @Transactional
    public JsonObject validate(JsonArray behaviors) {
        List<String> errors = errors(behaviors);
        JsonArrayBuilder list = Json.createArrayBuilder();
        errors.forEach(e -> list.add(Json.createObjectBuilder().add("errorMessage", e)));
        return Json.createObjectBuilder()
                .add("valid", errors.isEmpty())
                .add("validationErrors", list)
                .build();
    }

    // --- custom metrics ---------------------------------------------------------------------------------------------

    private String metricArn(String name) {
        return platform.iotArn("custommetric", name).toString();
    }

    @Override
    @Transactional
    public JsonObject createCustomMetric(String name, JsonObject request) {
        Docs.name("metricName", name);
        if (name.startsWith("aws:")) {
            throw IotException.invalidRequest("Custom metric names must not start with aws:.");
        }
        if (em.find(CustomMetricEntity.class, name) != null) {
            throw IotException.alreadyExists("Custom metric " + name + " already exists.", name, metricArn(name));
        }
        String type = Docs.required(request, "metricType");
        if (!List.of("string-list", "ip-address-list", "number-list", "number").contains(type)) {
            throw IotException.invalidRequest(
                    "metricType must be string-list, ip-address-list, number-list or number.");
        }
        CustomMetricEntity entity = new CustomMetricEntity();
        entity.name = name;
        entity.metricType = type;
        entity.displayName = Docs.string(request, "displayName").orElse(null);
        entity.createdAt = clock.instant();
        entity.updatedAt = entity.createdAt;
        em.persist(entity);
        return Json.createObjectBuilder()
                .add("metricName", name)
                .add("metricArn", metricArn(name))
                .build();
    }

    private CustomMetricEntity metric(String name) {
        CustomMetricEntity entity = em.find(CustomMetricEntity.class, name);
        if (entity == null) {
            throw IotException.notFound("Custom metric " + Docs.cut(name) + " does not exist.");
        }
        return entity;
    }

    private JsonObject json(CustomMetricEntity entity) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("metricName", entity.name)
                .add("metricArn", metricArn(entity.name))
                .add("metricType", entity.metricType)
                .add("creationDate", Docs.epochSeconds(entity.createdAt))
                .add("lastModifiedDate", Docs.epochSeconds(entity.updatedAt));
        if (entity.displayName != null) {
            json.add("displayName", entity.displayName);
        }
        return json.build();
    }

    @Override
    @Transactional
    public JsonObject describeCustomMetric(String name) {
        return json(metric(name));
    }

    @Override
    @Transactional
    public JsonObject updateCustomMetric(String name, JsonObject request) {
        CustomMetricEntity entity = metric(name);
        entity.displayName = Docs.required(request, "displayName");
        entity.updatedAt = clock.instant();
        return json(entity);
    }

    @Override
    @Transactional
    public void deleteCustomMetric(String name) {
        CustomMetricEntity entity = em.find(CustomMetricEntity.class, name);
        if (entity == null) {
            return;
        }
        for (SecurityProfileEntity p : em.createQuery(
                        "SELECT p FROM SecurityProfileEntity p", SecurityProfileEntity.class)
                .getResultList()) {
            if (Docs.array(p.behaviors).stream()
                    .anyMatch(b -> name.equals(b.asJsonObject().getString("metric", "")))) {
                throw IotException.invalidRequest(
                        "Custom metric " + name + " is used by security profile " + p.name + ".");
            }
        }
        em.remove(entity);
    }

    @Override
    @Transactional
    public JsonObject listCustomMetrics(Optional<String> nextToken, int maxResults) {
        int limit = limit(maxResults);
        String after =
                PageTokens.decode("custom-metrics", nextToken, "nextToken").orElse("");
        List<CustomMetricEntity> page = em.createQuery(
                        "SELECT c FROM CustomMetricEntity c WHERE c.name > :after ORDER BY c.name",
                        CustomMetricEntity.class)
                .setParameter("after", after)
                .setMaxResults(limit + 1)
                .getResultList();
        JsonArrayBuilder names = Json.createArrayBuilder();
        page.stream().limit(limit).forEach(c -> names.add(c.name));
        JsonObjectBuilder json = Json.createObjectBuilder().add("metricNames", names);
        if (page.size() > limit) {
            json.add("nextToken", PageTokens.encode("custom-metrics", page.get(limit - 1).name));
        }
        return json.build();
    }

    /** What the engine reads at each tick: every profile with its parsed behaviors and targets. */
    @Transactional
    public List<DetectEngine.Profile> loadForEvaluation() {
        Map<String, String> custom = customTypes();
        Map<String, List<String>> targets = new HashMap<>();
        em.createQuery("SELECT t FROM ProfileTargetEntity t", ProfileTargetEntity.class)
                .getResultList()
                .forEach(t -> targets.computeIfAbsent(t.profileName, n -> new ArrayList<>())
                        .add(t.targetArn));
        List<DetectEngine.Profile> profiles = new ArrayList<>();
        for (SecurityProfileEntity p : em.createQuery(
                        "SELECT p FROM SecurityProfileEntity p", SecurityProfileEntity.class)
                .getResultList()) {
            List<String> profileTargets = targets.getOrDefault(p.name, List.of());
            if (profileTargets.isEmpty()) {
                continue;
            }
            List<Behavior> behaviors = new ArrayList<>();
            for (JsonValue value : Docs.array(p.behaviors)) {
                try {
                    behaviors.add(Behavior.parse(value.asJsonObject(), custom, engine.tickSeconds()));
                } catch (Behavior.Invalid e) {
                    // validated when stored; a custom metric deleted since cannot happen (refused)
                }
            }
            Optional<String> topic = Optional.empty();
            JsonObject alertTargets = Docs.object(p.alertTargets);
            if (alertTargets.containsKey("SNS")) {
                topic = Optional.of(Targets.mqttTopic(
                        "alertTargetArn", alertTargets.getJsonObject("SNS").getString("alertTargetArn")));
            }
            profiles.add(new DetectEngine.Profile(p.name, behaviors, profileTargets, topic));
        }
        return profiles;
    }

    static int limit(int requested) {
        if (requested < 0 || requested > 250) {
            throw IotException.invalidRequest("maxResults must be between 1 and 250.");
        }
        return requested == 0 ? 25 : requested;
    }

    static Instant now(Clock clock) {
        return clock.instant();
    }
}
