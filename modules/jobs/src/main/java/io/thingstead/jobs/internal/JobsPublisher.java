package io.thingstead.jobs.internal;

import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.jboss.logging.Logger;

/**
 * Publishes the Jobs service's messages through the gateway, as the platform, at QoS 1 (so that a device with a
 * persistent session gets a notification it missed while offline). Never throws: a message that cannot be published
 * is logged, the change it announces is committed all the same.
 */
@ApplicationScoped
public class JobsPublisher {
    private static final Logger LOG = Logger.getLogger(JobsPublisher.class);

    @Inject
    Gateway gateway;

    @Inject
    JobsMetrics metrics;

    void publish(String topic, JsonObject document) {
        OutboundMessage message = OutboundMessage.builder(topic)
                .payload(document.toString())
                .qos(1)
                .build();
        try {
            gateway.publish(message).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.debugf(failure, "could not publish on %s", topic);
                }
            });
            metrics.published(topic);
        } catch (RuntimeException e) {
            if (gateway.running()) {
                LOG.warnf(e, "could not publish on %s", topic);
            } else {
                LOG.debugf("the gateway is not running; not published on %s", topic);
            }
        }
    }
}
