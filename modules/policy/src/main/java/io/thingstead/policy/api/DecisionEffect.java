package io.thingstead.policy.api;

/** Why a request was allowed or denied. */
public enum DecisionEffect {
    /** An {@code Allow} statement matched and no {@code Deny} statement did. */
    ALLOW,
    /** A {@code Deny} statement matched; it overrides any {@code Allow}. */
    EXPLICIT_DENY,
    /** Nothing allowed the request (the default). */
    IMPLICIT_DENY
}
