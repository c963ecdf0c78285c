package io.thingstead.gateway.api;

import java.util.concurrent.CompletionStage;

/**
 * The device gateway as the other modules use it (a CDI bean): publish to devices on behalf of the platform, publish
 * for the HTTPS data plane, and look at or end connections. Device traffic reaches modules as the CDI event {@link
 * DeviceMessage}; connections and subscriptions as {@link LifecycleEvent}.
 *
 * <p>Every method returns at once; the work runs on the broker's own threads. A message the rules refuse, and a call
 * while the broker is not running, throw {@link io.thingstead.common.api.error.IotException} at once ({@code
 * InvalidRequestException} for a bad topic, {@code UnauthorizedException} for a reserved topic, {@code
 * RequestEntityTooLargeException}, {@code ServiceUnavailableException}); a failure inside the broker completes the
 * stage exceptionally.
 */
public interface Gateway {
    /**
     * Publishes as the platform: to every subscriber whose {@code iot:Receive} allows it, like any message. Any valid
     * topic, including {@code $aws/events/...} and the response topics of the platform's services; not fired as a
     * {@link DeviceMessage}.
     */
    CompletionStage<Void> publish(OutboundMessage message);

    /**
     * Publishes as the platform to one client only (when one of its subscriptions matches and its {@code iot:Receive}
     * allows it): the answer to a request that must not reach other clients, such as a fleet provisioning response
     * carrying a private key. Completes with false when the client is not connected or not subscribed.
     */
    CompletionStage<Boolean> publishToClient(OutboundMessage message, String clientId);

    /**
     * Publishes for an HTTPS data-plane caller ({@code POST /topics/{topic}}) through the same rules as a device
     * PUBLISH: topic limits, the reserved-topic rules (no {@code $aws/events/...}, no retained reserved topics), the
     * payload limit; then fires {@link DeviceMessage} with origin {@code HTTPS} and routes to subscribers.
     *
     * @param principal the caller (its access key id)
     */
    CompletionStage<Void> publishFromDataPlane(OutboundMessage message, String principal);

    /** Whether the broker is running and accepting connections. */
    boolean running();

    /** Whether a client with this id is connected to this node. */
    boolean connected(String clientId);

    /** How many clients are connected to this node. */
    int connectionCount();

    /**
     * Ends a client's connection (MQTT 5 clients get DISCONNECT {@code 0x98} Administrative action with {@code
     * reason}); its will message is not sent. Completes with false when the client was not connected.
     */
    CompletionStage<Boolean> disconnect(String clientId, String reason);
}
