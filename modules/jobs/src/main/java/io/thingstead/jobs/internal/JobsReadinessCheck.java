package io.thingstead.jobs.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code thingstead-jobs}: the jobs tables match the entities, the ticker runs, firmware can be downloaded. */
@Readiness
@ApplicationScoped
public class JobsReadinessCheck implements HealthCheck {
    static final String NAME = "thingstead-jobs";

    @Inject
    JobsStartup startup;

    @Override
    public HealthCheckResponse call() {
        return startup.readiness().response(NAME);
    }
}
