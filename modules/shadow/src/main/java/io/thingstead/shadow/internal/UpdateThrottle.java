package io.thingstead.shadow.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The per-thing rate of shadow updates and deletes ({@link ShadowSettings#updatesPerSecondPerThing()}), shared by the
 * MQTT topics and the REST data plane. One node's count: with one gateway node per installation (ADR 0007) that is
 * the installation's.
 */
@ApplicationScoped
public class UpdateThrottle {
    private static final Logger LOG = Logger.getLogger(UpdateThrottle.class);

    @Inject
    Config config;

    private ShadowSettings settings;
    private KeyedRateLimiter limiter;

    @PostConstruct
    void init() {
        try {
            settings = ShadowSettings.from(name -> config.getOptionalValue(name, String.class));
        } catch (IllegalArgumentException e) {
            LOG.errorf("Invalid Device Shadow setting, using the defaults: %s", e.getMessage());
            settings = ShadowSettings.DEFAULTS;
        }
        limiter = new KeyedRateLimiter(settings.updatesPerSecondPerThing());
    }

    public ShadowSettings settings() {
        return settings;
    }

    /** Takes one update or delete of {@code thingName}; false when the thing is over its rate. */
    public boolean tryAcquire(String thingName) {
        return limiter.tryAcquire(thingName, System.nanoTime());
    }
}
