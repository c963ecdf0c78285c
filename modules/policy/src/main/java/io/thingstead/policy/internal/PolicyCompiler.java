package io.thingstead.policy.internal;

import io.thingstead.policy.api.MalformedPolicyException;
import io.thingstead.policy.api.PolicyCondition;
import io.thingstead.policy.api.PolicyDocument;
import io.thingstead.policy.api.PolicyStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Turns a {@link PolicyDocument} into matchers, validating every action, resource and condition on the way. */
final class PolicyCompiler {
    private PolicyCompiler() {}

    static CompiledPolicyImpl compile(String policyName, PolicyDocument document) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(document, "document");
        if (!PolicyDocument.VERSION_2012_10_17.equals(document.version())
                && !PolicyDocument.VERSION_2008_10_17.equals(document.version())) {
            throw new MalformedPolicyException("Version \"" + document.version() + "\" is not supported; use \""
                    + PolicyDocument.VERSION_2012_10_17 + "\".");
        }
        if (document.statements().isEmpty()) {
            throw new MalformedPolicyException("The policy has no statements; Statement needs at least one.");
        }
        boolean variables = document.supportsVariables();
        List<CompiledStatement> statements = new ArrayList<>();
        for (PolicyStatement statement : document.statements()) {
            statements.add(compile(policyName, statement, variables));
        }
        return new CompiledPolicyImpl(policyName, document, statements);
    }

    private static CompiledStatement compile(String policyName, PolicyStatement statement, boolean variables) {
        String where = statement.location();
        String actionElement = statement.notAction() ? "NotAction" : "Action";
        String resourceElement = statement.notResource() ? "NotResource" : "Resource";
        if (statement.actions().isEmpty()) {
            throw new MalformedPolicyException(where + ": " + actionElement + " must name at least one action.");
        }
        if (statement.resources().isEmpty()) {
            throw new MalformedPolicyException(where + ": " + resourceElement + " must name at least one resource.");
        }
        GlobPattern[] actions = new GlobPattern[statement.actions().size()];
        for (int i = 0; i < actions.length; i++) {
            String action = statement.actions().get(i);
            if (!isAction(action)) {
                throw new MalformedPolicyException(where + ": " + actionElement + "[" + i + "] \"" + action
                        + "\" is not an action: expected service:action (e.g. iot:Publish, iot:*) or *.");
            }
            actions[i] = GlobPattern.wildcard(action, true);
        }
        ArnTemplate[] resources = new ArnTemplate[statement.resources().size()];
        for (int i = 0; i < resources.length; i++) {
            String resource = statement.resources().get(i);
            try {
                resources[i] = ArnTemplate.parse(resource, variables);
            } catch (IllegalArgumentException e) {
                throw new MalformedPolicyException(
                        where + ": " + resourceElement + "[" + i + "] \"" + resource + "\" " + e.getMessage() + ".");
            }
        }
        List<CompiledCondition> conditions = new ArrayList<>();
        for (PolicyCondition condition : statement.conditions()) {
            try {
                conditions.add(CompiledCondition.compile(condition, variables));
            } catch (IllegalArgumentException e) {
                throw new MalformedPolicyException(where + ": Condition " + condition.operator() + " on key \""
                        + condition.key() + "\": " + e.getMessage() + ".");
            }
        }
        return new CompiledStatement(policyName, statement, actions, resources, conditions);
    }

    /** {@code *}, or a service prefix and an action name (wildcards allowed) separated by a colon. */
    static boolean isAction(String action) {
        if (action.equals("*")) {
            return true;
        }
        int colon = action.indexOf(':');
        if (colon <= 0 || colon == action.length() - 1 || action.indexOf(':', colon + 1) >= 0) {
            return false;
        }
        for (int i = 0; i < action.length(); i++) {
            char c = action.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '*'
                    || c == '?'
                    || c == '-'
                    || c == '_'
                    || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
