package io.thingstead.rules.api;

import io.thingstead.common.api.paging.Page;
import java.util.Optional;

/**
 * HTTP topic rule destinations, confirmed as AWS confirms them: creating one posts a confirmation token to its URL
 * ({@code POST <confirmationUrl>?confirmationToken=...} with AWS's headers and body); it stays {@code IN_PROGRESS}
 * until the token comes back through {@link #confirm} ({@code ConfirmTopicRuleDestination}, or the {@code enableUrl}
 * in the request).
 */
public interface TopicRuleDestinations {
    /** @throws io.thingstead.common.api.error.IotException InvalidRequestException, ResourceAlreadyExistsException */
    TopicRuleDestination create(String confirmationUrl);

    TopicRuleDestination get(String arn);

    Page<TopicRuleDestination> list(Optional<String> nextToken, int maxResults);

    /**
     * {@code UpdateTopicRuleDestination}: {@code ENABLED} (only once confirmed), {@code DISABLED}, or {@code
     * IN_PROGRESS} to send a new confirmation token.
     */
    void update(String arn, TopicRuleDestination.Status status);

    void delete(String arn);

    /**
     * Confirms the destination the token was sent for.
     *
     * @param confirmedBy who confirmed, for the audit trail when the call was not signed (the {@code enableUrl})
     * @throws io.thingstead.common.api.error.IotException InvalidRequestException for an unknown token
     */
    TopicRuleDestination confirm(String confirmationToken, Optional<String> confirmedBy);
}
