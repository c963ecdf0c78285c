package io.thingstead.gateway.internal.lifecycle;

import io.thingstead.gateway.api.ClientTakenOver;
import io.thingstead.gateway.api.ConnectionRefused;
import io.thingstead.gateway.api.LifecycleEvent;
import io.thingstead.registry.api.FleetIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where the gateway's events reach the rest of the platform: CDI events ({@link LifecycleEvent}, {@link
 * ClientTakenOver}, {@link ConnectionRefused}) and the registry's connectivity for fleet search. (Messages reach
 * device services and taps through the gateway's router, not as events.) Called on the gateway's worker threads, in order per client id.
 */
@ApplicationScoped
public class PlatformSink implements Lifecycle.Sink {
    private static final Logger LOG = Logger.getLogger(PlatformSink.class);

    @Inject
    Event<LifecycleEvent> lifecycleEvents;

    @Inject
    Event<ClientTakenOver> takeovers;

    @Inject
    Event<ConnectionRefused> refusals;

    @Inject
    FleetIndex fleet;

    @Override
    public void lifecycle(LifecycleEvent event) {
        lifecycleEvents.fire(event);
    }

    @Override
    public void takenOver(ClientTakenOver event) {
        takeovers.fire(event);
    }

    @Override
    public void refused(ConnectionRefused event) {
        refusals.fire(event);
    }

    @Override
    public void connectivity(String clientId, boolean connected, long timestamp, Optional<String> disconnectReason) {
        try {
            fleet.updateConnectivity(clientId, new FleetIndex.Connectivity(connected, timestamp, disconnectReason));
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not record the connectivity of %s in the registry", clientId);
        }
    }
}
