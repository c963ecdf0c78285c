package io.thingstead.shadow.internal.mqtt;

import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.shadow.internal.UpdateThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Publishes the Device Shadow service's documents through the gateway, as the platform: to every subscriber whose
 * {@code iot:Receive} allows it. Never throws: a document that cannot be published (the gateway is stopped or
 * disabled) is logged, and the request it answers has been served (and, for an update, committed) all the same.
 */
@ApplicationScoped
public class ShadowPublisher {
    private static final Logger LOG = Logger.getLogger(ShadowPublisher.class);

    @Inject
    Gateway gateway;

    @Inject
    UpdateThrottle throttle;

    /** One document for one topic. */
    public record Document(String topic, JsonObject json) {}

    /** A document as the service publishes it, at the configured response QoS. */
    public OutboundMessage message(String topic, JsonObject document) {
        return OutboundMessage.builder(topic)
                .payload(document.toString())
                .qos(throttle.settings().responseQos())
                .build();
    }

    public CompletionStage<Void> publish(String topic, JsonObject document) {
        OutboundMessage message = message(topic, document);
        try {
            return gateway.publish(message).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.warnf(failure, "could not publish the shadow document on %s", topic);
                }
            });
        } catch (RuntimeException e) {
            if (gateway.running()) {
                LOG.warnf(e, "could not publish the shadow document on %s", topic);
            } else {
                LOG.debugf("the gateway is not running; not published on %s", topic);
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Publishes the documents one after the other: each is routed to its subscribers after the one before it, so a
     * subscriber to all of them receives them in this order ({@code /accepted}, {@code /delta}, {@code /documents},
     * as AWS sends them). A failure does not stop the ones after it.
     */
    public CompletionStage<Void> publishInOrder(List<Document> documents) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Document document : documents) {
            chain = chain.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> publish(document.topic(), document.json()));
        }
        return chain;
    }
}
