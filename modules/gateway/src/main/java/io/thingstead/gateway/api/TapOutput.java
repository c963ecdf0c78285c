package io.thingstead.gateway.api;

import java.util.concurrent.CompletionStage;

/**
 * How a {@link MessageTap} answers for one message. Calling nothing is the common case: the message flows on, and the
 * tap's own queue decides what it keeps (at most once).
 */
public interface TapOutput {
    /**
     * Holds the publisher's acknowledgement (the PUBACK of a QoS 1 PUBLISH, the HTTP response of a data-plane publish)
     * until {@code durable} completes: a tap that hands the message to durable storage gets at-least-once delivery of
     * every acknowledged message. Subscribers receive the message only once it completes. When {@code durable} fails
     * or takes longer than 10 seconds, the PUBLISH is refused (MQTT 5: PUBACK {@code 0x80}
     * Unspecified error; MQTT 3.1.1: the connection is closed, so the device sends it again; HTTPS: 503), nobody
     * receives it, and the device is expected to retry. Ignored for messages that are not {@link
     * TapInput#acknowledged()}. At most one call per message; a second call replaces nothing and is ignored.
     */
    void acknowledgeAfter(CompletionStage<?> durable);
}
