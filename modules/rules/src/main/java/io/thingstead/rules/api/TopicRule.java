package io.thingstead.rules.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic rule as {@code GetTopicRule} answers it. The actions are the AWS {@code Action} objects as they were
 * accepted (one member each, named after the action type: {@code republish}, {@code http}, {@code kafka}, ...).
 *
 * @param awsIotSqlVersion as given; empty means AWS's default for rules created without one ({@code 2015-10-08})
 */
public record TopicRule(
        String ruleName,
        String ruleArn,
        String sql,
        Optional<String> description,
        Optional<String> awsIotSqlVersion,
        boolean ruleDisabled,
        JsonArray actions,
        Optional<JsonObject> errorAction,
        Instant createdAt) {
    public TopicRule {
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(ruleArn, "ruleArn");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(awsIotSqlVersion, "awsIotSqlVersion");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(errorAction, "errorAction");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
