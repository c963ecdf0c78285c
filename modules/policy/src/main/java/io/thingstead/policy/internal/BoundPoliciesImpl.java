package io.thingstead.policy.internal;

import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.BoundPolicies;
import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.IotAction;
import io.thingstead.policy.api.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bound statements of a connection, pre-sorted per {@link IotAction}: the statements that cover the action, every
 * {@code Deny} first and then every {@code Allow}, each group in policy order. Scanning that list and stopping at the
 * first statement that applies gives AWS's answer (any explicit deny wins, else the first allow) without looking at
 * the rest.
 */
final class BoundPoliciesImpl implements BoundPolicies {
    private static final IotAction[] ACTIONS = IotAction.values();

    private final ConnectionKeys connection;
    /** Every bound statement, denies first; for actions that are not {@link IotAction}s. */
    private final BoundStatement[] all;

    private final BoundStatement[][] byAction;

    BoundPoliciesImpl(List<CompiledPolicyImpl> policies, AuthorizationContext context) {
        this.connection = new ConnectionKeys(context);
        List<BoundStatement> denies = new ArrayList<>();
        List<BoundStatement> allows = new ArrayList<>();
        for (CompiledPolicyImpl policy : policies) {
            for (CompiledStatement statement : policy.statements()) {
                BoundStatement bound = BoundStatement.bind(statement, connection);
                if (bound != null) {
                    (bound.isDeny() ? denies : allows).add(bound);
                }
            }
        }
        List<BoundStatement> ordered = new ArrayList<>(denies);
        ordered.addAll(allows);
        this.all = ordered.toArray(new BoundStatement[0]);
        this.byAction = new BoundStatement[ACTIONS.length][];
        for (IotAction action : ACTIONS) {
            byAction[action.ordinal()] = ordered.stream()
                    .filter(s -> s.coversAction(action.actionName()))
                    .toArray(BoundStatement[]::new);
        }
    }

    @Override
    public Decision authorize(IotAction action, String resourceArn) {
        return decide(byAction[action.ordinal()], resourceArn, RequestContext.EMPTY);
    }

    @Override
    public Decision authorize(IotAction action, String resourceArn, RequestContext request) {
        return decide(byAction[action.ordinal()], resourceArn, request == null ? RequestContext.EMPTY : request);
    }

    @Override
    public Decision authorize(String action, String resourceArn) {
        return authorize(action, resourceArn, RequestContext.EMPTY);
    }

    @Override
    public Decision authorize(String action, String resourceArn, RequestContext request) {
        Objects.requireNonNull(action, "action");
        RequestContext effective = request == null ? RequestContext.EMPTY : request;
        IotAction known = lookup(action);
        if (known != null) {
            return decide(byAction[known.ordinal()], resourceArn, effective);
        }
        for (BoundStatement statement : all) {
            if (statement.coversAction(action) && statement.applies(resourceArn, effective, connection)) {
                return statement.decision();
            }
        }
        return Decision.IMPLICIT_DENY;
    }

    private Decision decide(BoundStatement[] statements, String resourceArn, RequestContext request) {
        Objects.requireNonNull(resourceArn, "resourceArn");
        for (BoundStatement statement : statements) {
            if (statement.applies(resourceArn, request, connection)) {
                return statement.decision();
            }
        }
        return Decision.IMPLICIT_DENY;
    }

    @Override
    public boolean allowsEveryResourceStartingWith(IotAction action, String resourceArnPrefix) {
        Objects.requireNonNull(resourceArnPrefix, "resourceArnPrefix");
        boolean allowed = false;
        for (BoundStatement statement : byAction[action.ordinal()]) {
            if (statement.isDeny()) {
                if (statement.mayApplyToAnExtensionOf(resourceArnPrefix)) {
                    return false;
                }
            } else if (statement.appliesToEveryExtensionOf(resourceArnPrefix)) {
                allowed = true;
            }
        }
        return allowed;
    }

    /** The {@link IotAction} named {@code action} (any case), or {@code null}; allocation-free. */
    private static IotAction lookup(String action) {
        for (IotAction candidate : ACTIONS) {
            if (candidate.actionName().equals(action)) {
                return candidate;
            }
        }
        for (IotAction candidate : ACTIONS) {
            if (candidate.actionName().equalsIgnoreCase(action)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public AuthorizationContext context() {
        return connection.context();
    }

    @Override
    public String toString() {
        return "BoundPolicies[" + all.length + " statements for client "
                + connection.context().clientId() + "]";
    }
}
