package io.thingstead.identity.internal;

import io.thingstead.common.api.health.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Ready when the control plane can be used: at least one active operator access key exists and the master key opens
 * it. Without one, no AWS SDK or CLI call can be signed, whatever else is up.
 */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class OperatorAccessReadinessCheck implements HealthCheck {
    static final String NAME = "thingstead-operator-access";

    @Inject
    MasterKeyCheck masterKey;

    @Inject
    AccessKeyService keys;

    @Inject
    DataDirectory dataDirectory;

    @Inject
    FirstOperatorKey firstKey;

    @Override
    public HealthCheckResponse call() {
        return readiness().response(NAME);
    }

    Readiness readiness() {
        Readiness key = masterKey.readiness();
        if (!key.isUp()) {
            return new Readiness(
                    key.state(),
                    "the operator access keys cannot be opened until the master key is checked: see "
                            + MasterKeyReadinessCheck.NAME,
                    Map.of());
        }
        if (!firstKey.ran()) {
            return Readiness.starting(
                    "the first operator key is created at the first start, right after the master" + " key check");
        }
        long active;
        try {
            active = keys.activeOperatorKeys();
        } catch (RuntimeException e) {
            return Readiness.starting("the access keys cannot be read: " + e.getMessage());
        }
        if (active == 0) {
            return Readiness.failed("no active operator access key exists, so the control plane cannot be used. The"
                    + " first one is created at the first start with an empty database and written to "
                    + dataDirectory.path().resolve(FirstOperatorKey.FILE_NAME));
        }
        return Readiness.up(Map.of("activeOperatorKeys", Long.toString(active)));
    }
}
