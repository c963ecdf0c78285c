package io.thingstead.rules.api;

import java.time.Instant;

/**
 * One rule in {@code ListTopicRules}.
 *
 * @param topicPattern the FROM clause's topic filter; empty for a rule without FROM (Basic Ingest only)
 */
public record TopicRuleSummary(
        String ruleName, String ruleArn, String topicPattern, Instant createdAt, boolean ruleDisabled) {}
