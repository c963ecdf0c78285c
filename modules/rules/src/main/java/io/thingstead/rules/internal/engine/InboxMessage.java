package io.thingstead.rules.internal.engine;

import io.thingstead.gateway.api.DeviceMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * A message on its way through the engine.
 *
 * @param ruleName for Basic Ingest, the one rule to run; empty for every rule whose FROM matches
 * @param traceId the message's trace id ({@code traceid()}), given when it arrives
 * @param id its inbox row; 0 until stored
 */
record InboxMessage(DeviceMessage message, Optional<String> ruleName, String traceId, long id) {
    InboxMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(traceId, "traceId");
    }

    InboxMessage(DeviceMessage message, Optional<String> ruleName, String traceId) {
        this(message, ruleName, traceId, 0);
    }

    InboxMessage stored(long rowId) {
        return new InboxMessage(message, ruleName, traceId, rowId);
    }
}
