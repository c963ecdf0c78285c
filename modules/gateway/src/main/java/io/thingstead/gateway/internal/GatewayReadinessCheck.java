package io.thingstead.gateway.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the device gateway's listeners are bound (or the gateway is disabled by configuration); otherwise the
 * reason it is not listening: waiting for the PKI, a port in use, wrong settings.
 */
@Readiness
@ApplicationScoped
public class GatewayReadinessCheck implements HealthCheck {
    static final String NAME = "thingstead-gateway";

    @Inject
    GatewayBroker broker;

    @Override
    public HealthCheckResponse call() {
        return broker.readiness().response(NAME);
    }
}
