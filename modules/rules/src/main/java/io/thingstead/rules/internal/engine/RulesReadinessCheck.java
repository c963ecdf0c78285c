package io.thingstead.rules.internal.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** {@code thingstead-rules}: the rules tables match the entities and the engine runs. */
@Readiness
@ApplicationScoped
public class RulesReadinessCheck implements HealthCheck {
    @Inject
    RulesStartup startup;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("thingstead-rules");
        startup.problem().ifPresent(problem -> response.withData("problem", problem));
        return response.status(startup.problem().isEmpty()).build();
    }
}
