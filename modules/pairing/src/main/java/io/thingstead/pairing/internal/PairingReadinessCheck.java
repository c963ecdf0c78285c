package io.thingstead.pairing.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code thingstead-pairing}: the pairing tables match the entities and the code key and policies are in place. */
@Readiness
@ApplicationScoped
public class PairingReadinessCheck implements HealthCheck {
    static final String NAME = "thingstead-pairing";

    @Inject
    PairingStartup startup;

    @Override
    public HealthCheckResponse call() {
        return startup.readiness().response(NAME);
    }
}
