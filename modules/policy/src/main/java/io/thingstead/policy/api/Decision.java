package io.thingstead.policy.api;

import java.util.Objects;

/**
 * The outcome of an authorization check, with what decided it.
 *
 * @param allowed whether the request may proceed
 * @param effect why: an allowing statement, an explicit deny, or no allowing statement at all
 * @param policyName the policy holding the deciding statement; {@code null} for an implicit deny
 * @param statementIndex the deciding statement's zero-based index in that policy; -1 for an implicit deny
 * @param sid the deciding statement's {@code Sid}, or {@code null} when it has none (or for an implicit deny)
 */
public record Decision(boolean allowed, DecisionEffect effect, String policyName, int statementIndex, String sid) {
    /** The decision when no statement allows the request. */
    public static final Decision IMPLICIT_DENY = new Decision(false, DecisionEffect.IMPLICIT_DENY, null, -1, null);

    public Decision {
        Objects.requireNonNull(effect, "effect");
        if (allowed != (effect == DecisionEffect.ALLOW)) {
            throw new IllegalArgumentException("allowed must be true exactly for ALLOW");
        }
    }

    public static Decision allow(String policyName, int statementIndex, String sid) {
        return new Decision(
                true, DecisionEffect.ALLOW, Objects.requireNonNull(policyName, "policyName"), statementIndex, sid);
    }

    public static Decision explicitDeny(String policyName, int statementIndex, String sid) {
        return new Decision(
                false,
                DecisionEffect.EXPLICIT_DENY,
                Objects.requireNonNull(policyName, "policyName"),
                statementIndex,
                sid);
    }
}
