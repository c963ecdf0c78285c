package io.thingstead.pairing.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settings of pairing (MicroProfile Config: system properties or {@code THINGSTEAD_PAIRING_...} environment
 * variables; docs/portal.md lists them). Invalid values fail the deployment with a message naming the setting.
 */
@ApplicationScoped
public class PairingSettings {
    @Inject
    @ConfigProperty(name = "thingstead.pairing.code-validity", defaultValue = "P30D")
    String codeValidity;

    @Inject
    @ConfigProperty(name = "thingstead.pairing.transfer-code-validity", defaultValue = "PT24H")
    String transferCodeValidity;

    @Inject
    @ConfigProperty(name = "thingstead.pairing.max-failed-attempts", defaultValue = "5")
    int maxFailedAttempts;

    @Inject
    @ConfigProperty(name = "thingstead.pairing.attempt-window", defaultValue = "PT15M")
    String attemptWindow;

    @Inject
    @ConfigProperty(name = "thingstead.pairing.cleanup-interval", defaultValue = "PT1H")
    String cleanupInterval;

    private Duration code;
    private Duration transfer;
    private Duration window;
    private Duration cleanup;

    @PostConstruct
    void init() {
        code = positive("thingstead.pairing.code-validity", codeValidity);
        transfer = positive("thingstead.pairing.transfer-code-validity", transferCodeValidity);
        window = positive("thingstead.pairing.attempt-window", attemptWindow);
        cleanup = positive("thingstead.pairing.cleanup-interval", cleanupInterval);
        if (maxFailedAttempts < 1) {
            throw new IllegalArgumentException(
                    "thingstead.pairing.max-failed-attempts must be at least 1, not " + maxFailedAttempts);
        }
    }

    static Duration positive(String name, String value) {
        Duration duration;
        try {
            duration = Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " must be an ISO-8601 duration such as PT15M or P30D, not '" + value + "'", e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return duration;
    }

    public Duration codeValidity() {
        return code;
    }

    public Duration transferCodeValidity() {
        return transfer;
    }

    public int maxFailedAttempts() {
        return maxFailedAttempts;
    }

    public Duration attemptWindow() {
        return window;
    }

    public Duration cleanupInterval() {
        return cleanup;
    }
}
