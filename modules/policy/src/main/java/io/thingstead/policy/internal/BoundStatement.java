package io.thingstead.policy.internal;

import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.RequestContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement bound to one connection: connection variables substituted into its resources, connection-scoped
 * conditions already decided (a statement whose conditions failed is not bound at all). What is left is the resource
 * test and the conditions that need the request.
 */
final class BoundStatement {
    private final CompiledStatement compiled;
    private final Decision decision;
    private final ArnPattern[] resources;
    private final boolean notResource;
    /** Resources whose variables come from the request; {@code null} when there are none. */
    private final ArnTemplate[] requestResources;
    /** Conditions that need the request; {@code null} when there are none. */
    private final PendingCondition[] pending;

    /** A condition decided per request. */
    private record PendingCondition(
            CompiledCondition condition, List<String> connectionValues, CompiledCondition.ValueMatcher matcher) {}

    private BoundStatement(
            CompiledStatement compiled,
            ArnPattern[] resources,
            ArnTemplate[] requestResources,
            PendingCondition[] pending) {
        this.compiled = compiled;
        this.decision = compiled.decision();
        this.resources = resources;
        this.notResource = compiled.notResource();
        this.requestResources = requestResources;
        this.pending = pending;
    }

    /** Binds a statement; {@code null} when it can never apply to this connection. */
    static BoundStatement bind(CompiledStatement statement, ConnectionKeys connection) {
        Template.Resolver connectionResolver = connection::variable;
        List<PendingCondition> pending = new ArrayList<>();
        for (CompiledCondition condition : statement.conditions()) {
            boolean valuesFromConnection = condition.variableNames().stream().allMatch(ConnectionKeys::isConnectionKey);
            CompiledCondition.ValueMatcher matcher =
                    valuesFromConnection ? condition.bindValues(connectionResolver) : null;
            if (condition.connectionKey()) {
                List<String> values = connection.values(condition.key());
                if (matcher != null) {
                    if (!condition.evaluate(values, matcher)) {
                        return null;
                    }
                    continue;
                }
                pending.add(new PendingCondition(condition, values, null));
            } else {
                pending.add(new PendingCondition(condition, null, matcher));
            }
        }
        List<ArnPattern> resources = new ArrayList<>();
        List<ArnTemplate> requestResources = new ArrayList<>();
        for (ArnTemplate template : statement.resources()) {
            if (template.variableNames().stream().allMatch(ConnectionKeys::isConnectionKey)) {
                ArnPattern pattern = template.bind(connectionResolver);
                if (pattern != null) {
                    resources.add(pattern);
                }
            } else {
                requestResources.add(template);
            }
        }
        if (!statement.notResource() && resources.isEmpty() && requestResources.isEmpty()) {
            return null;
        }
        return new BoundStatement(
                statement,
                resources.toArray(new ArnPattern[0]),
                requestResources.isEmpty() ? null : requestResources.toArray(new ArnTemplate[0]),
                pending.isEmpty() ? null : pending.toArray(new PendingCondition[0]));
    }

    Decision decision() {
        return decision;
    }

    boolean isDeny() {
        return compiled.isDeny();
    }

    boolean coversAction(String action) {
        return compiled.coversAction(action);
    }

    /** Whether this statement applies to a request for {@code resourceArn} (its action having been checked). */
    boolean applies(String resourceArn, RequestContext request, ConnectionKeys connection) {
        if (requestResources == null && pending == null) {
            return matchesResource(resourceArn);
        }
        RequestScope scope = new RequestScope(connection, request);
        boolean listed = listed(resourceArn);
        if (!listed && requestResources != null) {
            for (ArnTemplate template : requestResources) {
                ArnPattern pattern = template.bind(scope);
                if (pattern != null && pattern.matches(resourceArn)) {
                    listed = true;
                    break;
                }
            }
        }
        if (listed == notResource) {
            return false;
        }
        if (pending != null) {
            for (PendingCondition condition : pending) {
                CompiledCondition compiledCondition = condition.condition();
                CompiledCondition.ValueMatcher matcher =
                        condition.matcher() != null ? condition.matcher() : compiledCondition.bindValues(scope);
                List<String> values = compiledCondition.connectionKey()
                        ? condition.connectionValues()
                        : request.getLowerCase(compiledCondition.lowerKey());
                if (!compiledCondition.evaluate(values, matcher)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * True when this statement applies to every resource whose ARN starts with {@code prefix}, whatever the request:
     * a listed resource covers all of them and no condition is left to decide per request.
     */
    boolean appliesToEveryExtensionOf(String prefix) {
        if (notResource || pending != null) {
            return false;
        }
        for (ArnPattern pattern : resources) {
            if (pattern.matchesEveryExtensionOf(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** False only when this statement can apply to no resource whose ARN starts with {@code prefix}. */
    boolean mayApplyToAnExtensionOf(String prefix) {
        if (notResource || requestResources != null) {
            return true;
        }
        for (ArnPattern pattern : resources) {
            if (pattern.mayMatchAnExtensionOf(prefix)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesResource(String resourceArn) {
        return listed(resourceArn) != notResource;
    }

    private boolean listed(String resourceArn) {
        for (ArnPattern pattern : resources) {
            if (pattern.matches(resourceArn)) {
                return true;
            }
        }
        return false;
    }

    /** Resolves variables for one request: connection keys from the connection, any other key from the request. */
    private record RequestScope(ConnectionKeys connection, RequestContext request) implements Template.Resolver {
        @Override
        public String resolve(String variableName) {
            if (ConnectionKeys.isConnectionKey(variableName)) {
                return connection.variable(variableName);
            }
            List<String> values = request.get(variableName);
            return values != null && values.size() == 1 ? values.get(0) : null;
        }
    }
}
