package io.thingstead.defender.internal;

import io.thingstead.defender.api.DefenderAlert;
import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends Device Defender's notifications: published as the platform on the configured MQTT topic (QoS 1), where
 * subscribers and the rules engine's topic rules get them, and fired as {@link DefenderAlert} for in-process consumers.
 * A failed publish is logged; the violation or audit it reports is stored regardless.
 */
@ApplicationScoped
public class Alerts {
    private static final Logger LOG = Logger.getLogger(Alerts.class);

    @Inject
    Gateway gateway;

    @Inject
    Event<DefenderAlert> events;

    public void send(DefenderAlert.Kind kind, Optional<String> topic, JsonObject document) {
        topic.ifPresent(t -> {
            try {
                gateway.publish(OutboundMessage.builder(t)
                                .payload(document.toString().getBytes(StandardCharsets.UTF_8))
                                .qos(1)
                                .build())
                        .exceptionally(failure -> {
                            LOG.warnf(
                                    "could not publish a Device Defender %s notification on %s: %s",
                                    kind, t, failure.getMessage());
                            return null;
                        });
            } catch (RuntimeException e) {
                LOG.warnf("could not publish a Device Defender %s notification on %s: %s", kind, t, e.getMessage());
            }
        });
        try {
            events.fire(new DefenderAlert(kind, topic, document));
        } catch (RuntimeException e) {
            LOG.warnf(e, "an observer of Device Defender alerts failed");
        }
    }
}
