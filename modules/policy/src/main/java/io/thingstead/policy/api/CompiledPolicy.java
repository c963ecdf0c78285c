package io.thingstead.policy.api;

/**
 * A named policy compiled into matchers, ready to be bound to connections. Compile once per policy version and share:
 * instances are immutable and thread-safe.
 */
public interface CompiledPolicy {
    /** The policy name reported in {@link Decision#policyName()}. */
    String name();

    /** The document this policy was compiled from. */
    PolicyDocument document();
}
