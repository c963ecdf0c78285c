package io.thingstead.rules.api;

import io.thingstead.common.api.paging.Page;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * Topic rules as the AWS IoT control plane manages them ({@code CreateTopicRule}, {@code GetTopicRule}, ...). A
 * rule's SQL and every action's settings are checked when it is created or replaced, as AWS does: {@code
 * SqlParseException} (with the line and column) for the statement, {@code InvalidRequestException} for the rest. A
 * change takes effect for the next message once it is committed.
 */
public interface TopicRules {
    /** AWS's limit of actions per rule. */
    int MAX_ACTIONS = 10;

    /**
     * @param payload AWS's {@code TopicRulePayload}: {@code sql}, {@code description}, {@code actions}, {@code
     *     ruleDisabled}, {@code awsIotSqlVersion}, {@code errorAction}
     * @throws io.thingstead.common.api.error.IotException ResourceAlreadyExistsException, InvalidRequestException,
     *     SqlParseException
     */
    TopicRule create(String ruleName, JsonObject payload);

    /** Replaces the statement and actions; keeps the creation date. */
    TopicRule replace(String ruleName, JsonObject payload);

    /** @throws io.thingstead.common.api.error.IotException UnauthorizedException when there is no such rule, as AWS */
    TopicRule get(String ruleName);

    /**
     * @param topic only rules whose FROM filter is exactly this (AWS's {@code topic} parameter)
     * @param ruleDisabled only enabled ({@code false}) or disabled ({@code true}) rules
     */
    Page<TopicRuleSummary> list(
            Optional<String> topic, Optional<Boolean> ruleDisabled, Optional<String> nextToken, int maxResults);

    void delete(String ruleName);

    void setDisabled(String ruleName, boolean disabled);
}
