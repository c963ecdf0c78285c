package io.thingstead.gateway.internal.lifecycle;

import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.registry.api.RegistryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Publishes the registry's events ({@code $aws/events/thing/...}, {@code thingGroup}, {@code thingGroupMembership},
 * {@code thingType}, {@code thingTypeAssociation}) once the registry change that raised them has committed: nothing
 * for a change that rolls back. QoS 1 as platform messages, to every subscriber whose {@code iot:Receive} allows the
 * topic. When the broker is not running the event is lost (AWS makes no delivery promise for events either) and
 * logged.
 */
@ApplicationScoped
public class RegistryEventPublisher {
    private static final Logger LOG = Logger.getLogger(RegistryEventPublisher.class);

    @Inject
    Gateway gateway;

    void onRegistryEvent(@Observes(during = TransactionPhase.AFTER_SUCCESS) RegistryEvent event) {
        if (!gateway.running()) {
            LOG.debugf("registry event on %s not published: the gateway is not running", event.topic());
            return;
        }
        try {
            gateway.publish(OutboundMessage.builder(event.topic())
                            .payload(event.payload().getBytes(StandardCharsets.UTF_8))
                            .qos(1)
                            .build())
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            LOG.warnf("registry event on %s not published: %s", event.topic(), failure.toString());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warnf("registry event on %s not published: %s", event.topic(), e.toString());
        }
    }
}
