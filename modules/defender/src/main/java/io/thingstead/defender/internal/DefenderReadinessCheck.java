package io.thingstead.defender.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the defender persistence unit matches Flyway's schema (ADR 0009) and the module's scheduler runs
 * ({@link DefenderStartup}).
 */
@Readiness
@ApplicationScoped
public class DefenderReadinessCheck implements HealthCheck {
    static final String NAME = "thingstead-defender";

    @Inject
    DefenderStartup startup;

    @Override
    public HealthCheckResponse call() {
        return startup.readiness().response(NAME);
    }
}
