package io.thingstead.gateway.api;

import java.util.concurrent.CompletionStage;

/**
 * How a {@link DeviceService} answers. Any number of calls, during {@code serve} or later (after a commit); none is
 * required. No method throws: a message that cannot be published (the gateway stopped, an invalid topic) completes
 * its stage exceptionally and is logged and counted by the gateway. Thread-safe.
 */
public interface ServiceOutput {
    /**
     * Publishes to the client that sent the request only, when one of its subscriptions matches and its {@code
     * iot:Receive} allows it: for answers that must not reach other clients (a fleet provisioning response carries a
     * private key, and every device of a factory shares the claim certificate). A request that did not come over MQTT
     * (the HTTPS data plane) has no client to answer: completes with false.
     *
     * @return completes with true when the message was handed to the client's session
     */
    CompletionStage<Boolean> replyToRequester(OutboundMessage reply);

    /**
     * Publishes as the platform to every subscriber whose {@code iot:Receive} allows it ({@link Gateway#publish}).
     */
    CompletionStage<Void> publish(OutboundMessage message);

    /**
     * Records that the service refused the request (it answers on its {@code /rejected} topic itself): counted in
     * {@code thingstead_gateway_service_rejected_total{reason="service"}} and logged at debug level.
     *
     * @param reason a sentence for the log; names no secret
     */
    void rejected(String reason);
}
