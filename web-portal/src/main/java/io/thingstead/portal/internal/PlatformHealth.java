package io.thingstead.portal.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The platform's own readiness checks (the ones WildFly serves at /health/ready), for the portal to show. */
@ApplicationScoped
public class PlatformHealth {
    /** One check's outcome. */
    public record Check(String name, boolean up, Map<String, String> data) {}

    @Inject
    @Readiness
    @Any
    Instance<HealthCheck> readinessChecks;

    public List<Check> checks() {
        return readinessChecks.stream().map(PlatformHealth::run).toList();
    }

    public boolean up() {
        return checks().stream().allMatch(Check::up);
    }

    private static Check run(HealthCheck check) {
        try {
            HealthCheckResponse response = check.call();
            Map<String, String> data = new TreeMap<>();
            response.getData().ifPresent(d -> d.forEach((k, v) -> data.put(k, String.valueOf(v))));
            return new Check(response.getName(), response.getStatus() == HealthCheckResponse.Status.UP, data);
        } catch (RuntimeException e) {
            return new Check(check.getClass().getSimpleName(), false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }
}
