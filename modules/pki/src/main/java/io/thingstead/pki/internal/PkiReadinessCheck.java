package io.thingstead.pki.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when Thingstead's CAs are loaded and the gateway's server certificate exists ({@link PkiStartup}): without
 * them no device certificate can be issued or checked and the gateway cannot listen.
 */
@Readiness
@ApplicationScoped
public class PkiReadinessCheck implements HealthCheck {
    static final String NAME = "thingstead-pki";

    @Inject
    PkiStartup startup;

    @Override
    public HealthCheckResponse call() {
        return startup.readiness().response(NAME);
    }
}
