package io.thingstead.identity.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the master key is the database's ({@link MasterKeyCheck}); the data shows the key's fingerprint. */
@Readiness
@ApplicationScoped
public class MasterKeyReadinessCheck implements HealthCheck {
    static final String NAME = "thingstead-master-key";

    @Inject
    MasterKeyCheck check;

    @Override
    public HealthCheckResponse call() {
        return check.readiness().response(NAME);
    }
}
