package io.thingstead.provisioning.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settings of device provisioning (MicroProfile Config; docs/provisioning.md lists them). Invalid values fail the
 * deployment with a message naming the setting.
 */
@ApplicationScoped
public class ProvisioningSettings {
    @Inject
    @ConfigProperty(name = "thingstead.pki.provisioning.ownership-token-ttl", defaultValue = "PT1H")
    String ownershipTokenTtl;

    @Inject
    @ConfigProperty(name = "thingstead.pki.provisioning.hook-timeout", defaultValue = "PT5S")
    String hookTimeout;

    @Inject
    @ConfigProperty(name = "thingstead.pki.provisioning.cleanup-interval", defaultValue = "PT5M")
    String cleanupInterval;

    @Inject
    @ConfigProperty(name = "thingstead.pki.provisioning.max-pending-per-claim", defaultValue = "10000")
    int maxPendingPerClaim;

    private Duration tokenTtl;
    private Duration hook;
    private Duration cleanup;

    @PostConstruct
    void init() {
        if (maxPendingPerClaim < 1) {
            throw new IllegalArgumentException(
                    "thingstead.pki.provisioning.max-pending-per-claim must be at least 1, not " + maxPendingPerClaim);
        }
        tokenTtl = duration(
                "thingstead.pki.provisioning.ownership-token-ttl",
                ownershipTokenTtl,
                Duration.ofSeconds(10),
                Duration.ofDays(1));
        hook = duration(
                "thingstead.pki.provisioning.hook-timeout",
                hookTimeout,
                Duration.ofMillis(100),
                Duration.ofSeconds(60));
        cleanup = duration(
                "thingstead.pki.provisioning.cleanup-interval",
                cleanupInterval,
                Duration.ofSeconds(10),
                Duration.ofDays(1));
    }

    /**
     * How many certificates one claim certificate may have waiting for RegisterThing (unused, unexpired tokens) before
     * CreateKeysAndCertificate and CreateCertificateFromCsr are throttled.
     */
    public int maxPendingPerClaim() {
        return maxPendingPerClaim;
    }

    /** How long a certificate ownership token is valid (AWS: one hour). */
    public Duration ownershipTokenTtl() {
        return tokenTtl;
    }

    /** How long the pre-provisioning hook may take to answer (AWS: 5 seconds). */
    public Duration hookTimeout() {
        return hook;
    }

    /** How often certificates whose ownership token expired unused are deleted. */
    public Duration cleanupInterval() {
        return cleanup;
    }

    static Duration duration(String setting, String value, Duration minimum, Duration maximum) {
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting + " must be an ISO-8601 duration such as PT1H, not " + value);
        }
        if (duration.compareTo(minimum) < 0 || duration.compareTo(maximum) > 0) {
            throw new IllegalArgumentException(
                    setting + " must be between " + minimum + " and " + maximum + ", not " + value);
        }
        return duration;
    }
}
