package io.thingstead.policy.api;

/**
 * CDI event fired after a policy, one of its versions, its default version or its attachments change. Connections
 * holding bound policies observe it and re-bind.
 */
public record PolicyChanged(String policyName) {}
