package io.thingstead.policy.internal;

import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.Effect;
import io.thingstead.policy.api.PolicyStatement;
import java.util.List;

/** A statement compiled into matchers, with the {@link Decision} it produces when it decides a request. */
final class CompiledStatement {
    private final PolicyStatement source;
    private final Decision decision;
    private final GlobPattern[] actions;
    private final ArnTemplate[] resources;
    private final List<CompiledCondition> conditions;

    CompiledStatement(
            String policyName,
            PolicyStatement source,
            GlobPattern[] actions,
            ArnTemplate[] resources,
            List<CompiledCondition> conditions) {
        this.source = source;
        this.decision = source.effect() == Effect.ALLOW
                ? Decision.allow(policyName, source.index(), source.sid())
                : Decision.explicitDeny(policyName, source.index(), source.sid());
        this.actions = actions;
        this.resources = resources;
        this.conditions = List.copyOf(conditions);
    }

    Decision decision() {
        return decision;
    }

    boolean isDeny() {
        return source.effect() == Effect.DENY;
    }

    boolean notResource() {
        return source.notResource();
    }

    ArnTemplate[] resources() {
        return resources;
    }

    List<CompiledCondition> conditions() {
        return conditions;
    }

    /** Whether the statement's {@code Action} (or {@code NotAction}) covers {@code action}; ignores case. */
    boolean coversAction(String action) {
        return coversAction(actions, source.notAction(), action);
    }

    static boolean coversAction(GlobPattern[] actions, boolean notAction, String action) {
        boolean listed = false;
        for (GlobPattern pattern : actions) {
            if (pattern.matches(action)) {
                listed = true;
                break;
            }
        }
        return listed != notAction;
    }
}
