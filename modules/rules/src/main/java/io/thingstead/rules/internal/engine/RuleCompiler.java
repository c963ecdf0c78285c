package io.thingstead.rules.internal.engine;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.rules.api.TopicRules;
import io.thingstead.rules.internal.action.ActionFactory;
import io.thingstead.rules.internal.action.ActionSettings;
import io.thingstead.rules.internal.engine.ActiveRule.BoundAction;
import io.thingstead.rules.internal.sql.CompiledSql;
import io.thingstead.rules.internal.sql.SqlEngine;
import io.thingstead.rules.internal.sql.SqlEnvironment;
import io.thingstead.rules.internal.sql.SqlVersion;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowErrorType;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a rule as AWS checks {@code CreateTopicRule} (name, statement, SQL version, action count, each action's
 * settings by its factory) and turns a stored rule into the {@link ActiveRule} the engine runs. The action factories
 * are the CDI beans implementing {@link ActionFactory}, found at start.
 */
@ApplicationScoped
public class RuleCompiler {
    private static final Pattern RULE_NAME = Pattern.compile("[a-zA-Z0-9_]{1,128}");

    @Inject
    Instance<ActionFactory> factoryBeans;

    @Inject
    PlatformIdentity platform;

    @Inject
    ShadowService shadows;

    private final Map<String, ActionFactory> factories = new TreeMap<>();
    private SqlEngine engine;

    @PostConstruct
    void init() {
        for (ActionFactory factory : factoryBeans) {
            factories.put(factory.id(), factory);
        }
        engine = new SqlEngine(new SqlEnvironment(platform.accountId(), this::readShadow));
    }

    /** The action types this installation runs, by AWS member name. */
    public Map<String, ActionFactory> factories() {
        return Map.copyOf(factories);
    }

    public static void checkRuleName(String ruleName) {
        if (ruleName == null || !RULE_NAME.matcher(ruleName).matches()) {
            throw IotException.invalidRequest("1 validation error detected: Value at 'ruleName' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_]+$ and have length"
                    + " between 1 and 128");
        }
    }

    public static SqlVersion version(Optional<String> awsIotSqlVersion) {
        if (awsIotSqlVersion.isEmpty()) {
            return SqlVersion.DEFAULT;
        }
        return SqlVersion.fromId(awsIotSqlVersion.get())
                .orElseThrow(() -> IotException.invalidRequest("Invalid SQL version: " + awsIotSqlVersion.get()
                        + ". Valid versions are 2015-10-08," + " 2016-03-23 and beta."));
    }

    /**
     * Checks a rule completely, as a create or replace does, and makes it (the caller closes what it does not keep).
     *
     * @throws IotException SqlParseException, InvalidRequestException
     */
    public ActiveRule check(
            String ruleName,
            String sql,
            Optional<String> awsIotSqlVersion,
            JsonArray actions,
            Optional<JsonObject> errorAction) {
        checkRuleName(ruleName);
        if (actions.size() > TopicRules.MAX_ACTIONS) {
            throw IotException.invalidRequest("1 validation error detected: Value at 'topicRulePayload.actions'"
                    + " failed to satisfy constraint: Member must have length less than or equal to "
                    + TopicRules.MAX_ACTIONS);
        }
        return build(ruleName, 0, sql, awsIotSqlVersion, actions, errorAction, true);
    }

    /** Makes a stored rule runnable (its settings were checked when it was stored). */
    public ActiveRule load(
            String ruleName,
            long version,
            String sql,
            Optional<String> awsIotSqlVersion,
            JsonArray actions,
            Optional<JsonObject> errorAction) {
        return build(ruleName, version, sql, awsIotSqlVersion, actions, errorAction, false);
    }

    private ActiveRule build(
            String ruleName,
            long ruleVersion,
            String sql,
            Optional<String> awsIotSqlVersion,
            JsonArray actions,
            Optional<JsonObject> errorAction,
            boolean creating) {
        SqlVersion version = version(awsIotSqlVersion);
        CompiledSql compiled = engine.compile(sql, version);
        List<BoundAction> bound = new ArrayList<>();
        try {
            for (int i = 0; i < actions.size(); i++) {
                JsonValue action = actions.get(i);
                if (action.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw IotException.invalidRequest("actions[" + i + "] must be an object");
                }
                bound.add(action(ruleName, "actions[" + i + "]", action.asJsonObject(), version, creating));
            }
            Optional<BoundAction> error = errorAction.isEmpty()
                    ? Optional.empty()
                    : Optional.of(action(ruleName, "errorAction", errorAction.get(), version, creating));
            return new ActiveRule(ruleName, ruleVersion, compiled, List.copyOf(bound), error);
        } catch (RuntimeException e) {
            bound.forEach(b -> b.action().close());
            throw e;
        }
    }

    private BoundAction action(String ruleName, String where, JsonObject action, SqlVersion version, boolean creating) {
        if (action.size() != 1) {
            throw IotException.invalidRequest(
                    where + " must name exactly one action type, e.g. {\"republish\": {...}}");
        }
        String type = action.keySet().iterator().next();
        ActionFactory factory = factories.get(type);
        if (factory == null) {
            throw IotException.invalidRequest(where + ": the action type '" + type + "' is not supported by"
                    + " Thingstead; supported: " + String.join(", ", factories.keySet()) + " (docs/rules.md)");
        }
        JsonValue settings = action.get(type);
        if (settings.getValueType() != JsonValue.ValueType.OBJECT) {
            throw IotException.invalidRequest(where + "." + type + " must be an object");
        }
        return new BoundAction(
                type,
                factory.actionName(),
                factory.create(new ActionSettings(
                        ruleName, where + "." + type, settings.asJsonObject(), engine, version, creating)));
    }

    private Optional<byte[]> readShadow(String thingName, Optional<String> shadowName) {
        ShadowId id =
                shadowName.map(name -> ShadowId.named(thingName, name)).orElseGet(() -> ShadowId.classic(thingName));
        GetOutcome outcome = shadows.get(id, new byte[0]);
        if (outcome instanceof GetOutcome.Accepted accepted) {
            return Optional.of(accepted.document().toString().getBytes(StandardCharsets.UTF_8));
        }
        if (outcome instanceof Rejected rejected && rejected.error().type() != ShadowErrorType.NOT_FOUND) {
            throw new IllegalStateException(
                    "the shadow cannot be read: " + rejected.error().message());
        }
        return Optional.empty();
    }
}
