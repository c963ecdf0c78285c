package io.thingstead.rules.internal.control;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.rules.api.TopicRule;
import io.thingstead.rules.api.TopicRuleSummary;
import io.thingstead.rules.api.TopicRules;
import io.thingstead.rules.internal.engine.ActiveRule;
import io.thingstead.rules.internal.engine.RuleCompiler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@link TopicRules} on the {@code rules} persistence unit; every change in one transaction, then the engine reloads. */
@ApplicationScoped
@Transactional
public class TopicRuleService implements TopicRules {
    private static final String LISTING = "topic-rules";
    private static final JsonLimits STORED = new JsonLimits(1024 * 1024, 32);

    @PersistenceContext(unitName = "rules")
    EntityManager em;

    @Inject
    RuleCompiler compiler;

    @Inject
    PlatformIdentity platform;

    @Inject
    Event<RulesChanged> changed;

    @Inject
    Clock clock;

    /** AWS's TopicRulePayload, read and checked. */
    private record Payload(
            String sql,
            Optional<String> description,
            Optional<String> awsIotSqlVersion,
            boolean ruleDisabled,
            JsonArray actions,
            Optional<JsonObject> errorAction) {}

    @Override
    public TopicRule create(String ruleName, JsonObject payload) {
        RuleCompiler.checkRuleName(ruleName);
        Payload rule = payload(payload);
        String arn = platform.iotArn("rule", ruleName).toString();
        if (em.find(TopicRuleEntity.class, ruleName) != null) {
            throw IotException.alreadyExists("Topic rule " + ruleName + " already exists.", ruleName, arn);
        }
        Optional<String> topic = check(ruleName, rule);
        TopicRuleEntity entity = new TopicRuleEntity(ruleName, arn, clock.instant());
        apply(entity, rule, topic);
        em.persist(entity);
        changed.fire(new RulesChanged("rule " + ruleName));
        return toApi(entity);
    }

    @Override
    public TopicRule replace(String ruleName, JsonObject payload) {
        RuleCompiler.checkRuleName(ruleName);
        Payload rule = payload(payload);
        TopicRuleEntity entity = find(ruleName, true);
        Optional<String> topic = check(ruleName, rule);
        apply(entity, rule, topic);
        entity.updatedAt = clock.instant();
        changed.fire(new RulesChanged("rule " + ruleName));
        return toApi(entity);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public TopicRule get(String ruleName) {
        RuleCompiler.checkRuleName(ruleName);
        return toApi(find(ruleName, false));
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TopicRuleSummary> list(
            Optional<String> topic, Optional<Boolean> ruleDisabled, Optional<String> nextToken, int maxResults) {
        int size = PageSizes.check("maxResults", maxResults, 1000, 10000);
        Optional<String> after = PageTokens.decode(LISTING, nextToken, "nextToken");
        StringBuilder jpql = new StringBuilder("SELECT r FROM TopicRuleEntity r WHERE 1 = 1");
        after.ifPresent(a -> jpql.append(" AND r.ruleName > :after"));
        topic.ifPresent(t -> jpql.append(" AND r.topicPattern = :topic"));
        ruleDisabled.ifPresent(d -> jpql.append(" AND r.ruleDisabled = :disabled"));
        jpql.append(" ORDER BY r.ruleName");
        TypedQuery<TopicRuleEntity> query = em.createQuery(jpql.toString(), TopicRuleEntity.class);
        after.ifPresent(a -> query.setParameter("after", a));
        topic.ifPresent(t -> query.setParameter("topic", t));
        ruleDisabled.ifPresent(d -> query.setParameter("disabled", d));
        List<TopicRuleEntity> rows = query.setMaxResults(size + 1).getResultList();
        boolean more = rows.size() > size;
        List<TopicRuleSummary> items = rows.stream()
                .limit(size)
                .map(r -> new TopicRuleSummary(
                        r.ruleName,
                        r.ruleArn,
                        r.topicPattern == null ? "" : r.topicPattern,
                        r.createdAt,
                        r.ruleDisabled))
                .toList();
        return new Page<>(
                items,
                more
                        ? Optional.of(PageTokens.encode(
                                LISTING, items.get(items.size() - 1).ruleName()))
                        : Optional.empty());
    }

    @Override
    public void delete(String ruleName) {
        RuleCompiler.checkRuleName(ruleName);
        em.remove(find(ruleName, true));
        changed.fire(new RulesChanged("rule " + ruleName));
    }

    @Override
    public void setDisabled(String ruleName, boolean disabled) {
        RuleCompiler.checkRuleName(ruleName);
        TopicRuleEntity entity = find(ruleName, true);
        if (entity.ruleDisabled != disabled) {
            entity.ruleDisabled = disabled;
            entity.updatedAt = clock.instant();
            changed.fire(new RulesChanged("rule " + ruleName));
        }
    }

    /** The enabled rules, for the engine. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredRule> enabledRules() {
        return em
                .createQuery(
                        "SELECT r FROM TopicRuleEntity r WHERE r.ruleDisabled = false ORDER BY r.ruleName",
                        TopicRuleEntity.class)
                .getResultList()
                .stream()
                .map(r -> new StoredRule(
                        r.ruleName,
                        r.version,
                        r.sql,
                        Optional.ofNullable(r.awsIotSqlVersion),
                        readArray(r.actions),
                        Optional.ofNullable(r.errorAction).map(TopicRuleService::readObject)))
                .toList();
    }

    /** A stored enabled rule as the engine loads it. */
    public record StoredRule(
            String name,
            long version,
            String sql,
            Optional<String> awsIotSqlVersion,
            JsonArray actions,
            Optional<JsonObject> errorAction) {}

    private Optional<String> check(String ruleName, Payload rule) {
        ActiveRule checked =
                compiler.check(ruleName, rule.sql(), rule.awsIotSqlVersion(), rule.actions(), rule.errorAction());
        checked.close();
        return checked.sql().topicFilter();
    }

    private static void apply(TopicRuleEntity entity, Payload rule, Optional<String> topic) {
        entity.sql = rule.sql();
        entity.topicPattern = topic.orElse(null);
        entity.description = rule.description().orElse(null);
        entity.awsIotSqlVersion = rule.awsIotSqlVersion().orElse(null);
        entity.ruleDisabled = rule.ruleDisabled();
        entity.actions = rule.actions().toString();
        entity.errorAction = rule.errorAction().map(JsonObject::toString).orElse(null);
    }

    private TopicRuleEntity find(String ruleName, boolean lock) {
        TopicRuleEntity entity = lock
                ? em.find(TopicRuleEntity.class, ruleName, LockModeType.PESSIMISTIC_WRITE)
                : em.find(TopicRuleEntity.class, ruleName);
        if (entity == null) {
            // what AWS answers for a rule that does not exist
            throw IotException.unauthorized("The rule " + ruleName + " does not exist or you are not authorized.");
        }
        return entity;
    }

    private static Payload payload(JsonObject payload) {
        String sql = string(payload, "sql")
                .orElseThrow(() -> IotException.invalidRequest("1 validation error detected: Value null at"
                        + " 'topicRulePayload.sql' failed to satisfy constraint: Member must not be null"));
        Optional<String> description = string(payload, "description");
        Optional<String> version = string(payload, "awsIotSqlVersion");
        RuleCompiler.version(version);
        boolean disabled = switch (Optional.ofNullable(payload.get("ruleDisabled"))
                .map(JsonValue::getValueType)
                .orElse(JsonValue.ValueType.NULL)) {
            case TRUE -> true;
            case FALSE, NULL -> false;
            default -> throw IotException.invalidRequest("topicRulePayload.ruleDisabled must be a boolean");
        };
        JsonValue actions = payload.get("actions");
        if (actions == null || actions.getValueType() != JsonValue.ValueType.ARRAY) {
            throw IotException.invalidRequest("1 validation error detected: Value null at 'topicRulePayload.actions'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        JsonValue error = payload.get("errorAction");
        Optional<JsonObject> errorAction = Optional.empty();
        if (error != null && error.getValueType() != JsonValue.ValueType.NULL) {
            if (error.getValueType() != JsonValue.ValueType.OBJECT) {
                throw IotException.invalidRequest("topicRulePayload.errorAction must be an object");
            }
            errorAction = Optional.of(error.asJsonObject());
        }
        return new Payload(sql, description, version, disabled, actions.asJsonArray(), errorAction);
    }

    private static Optional<String> string(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw IotException.invalidRequest("topicRulePayload." + member + " must be a string");
        }
        return Optional.of(string.getString());
    }

    private static TopicRule toApi(TopicRuleEntity r) {
        return new TopicRule(
                r.ruleName,
                r.ruleArn,
                r.sql,
                Optional.ofNullable(r.description),
                Optional.ofNullable(r.awsIotSqlVersion),
                r.ruleDisabled,
                readArray(r.actions),
                Optional.ofNullable(r.errorAction).map(TopicRuleService::readObject),
                r.createdAt);
    }

    private static JsonArray readArray(String json) {
        try (var reader = Json.createReader(new java.io.StringReader(json))) {
            return reader.readArray();
        }
    }

    private static JsonObject readObject(String json) {
        return JsonDocuments.readObject(json.getBytes(StandardCharsets.UTF_8), STORED);
    }
}
