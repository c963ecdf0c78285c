package io.thingstead.rules.internal.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The rules engine's settings ({@code thingstead.rules.*}, docs/configuration.md and docs/rules.md). */
@ApplicationScoped
public class RulesSettings {
    @Inject
    @ConfigProperty(name = "thingstead.rules.inbox.capacity", defaultValue = "50000")
    int inboxCapacity;

    @Inject
    @ConfigProperty(name = "thingstead.rules.inbox.batch", defaultValue = "1000")
    int inboxBatch;

    @Inject
    @ConfigProperty(name = "thingstead.rules.in-flight", defaultValue = "20000")
    int inFlight;

    @Inject
    @ConfigProperty(name = "thingstead.rules.evaluator-threads", defaultValue = "2")
    int evaluatorThreads;

    @Inject
    @ConfigProperty(name = "thingstead.rules.action-threads", defaultValue = "16")
    int actionThreads;

    @Inject
    @ConfigProperty(name = "thingstead.rules.action.attempts", defaultValue = "4")
    int attempts;

    @Inject
    @ConfigProperty(name = "thingstead.rules.action.backoff", defaultValue = "PT0.2S")
    Duration backoff;

    @Inject
    @ConfigProperty(name = "thingstead.rules.action.backoff-max", defaultValue = "PT10S")
    Duration backoffMax;

    @Inject
    @ConfigProperty(name = "thingstead.rules.action.timeout", defaultValue = "PT10S")
    Duration actionTimeout;

    @Inject
    @ConfigProperty(name = "thingstead.rules.http.timeout", defaultValue = "PT3S")
    Duration httpTimeout;

    @Inject
    @ConfigProperty(name = "thingstead.rules.http.trusted-certificates")
    Optional<String> httpTrustedCertificates;

    @Inject
    @ConfigProperty(name = "thingstead.rules.database.schemas", defaultValue = "rule_data")
    List<String> databaseSchemas;

    public int inboxCapacity() {
        return inboxCapacity;
    }

    public int inboxBatch() {
        return inboxBatch;
    }

    public int inFlight() {
        return inFlight;
    }

    public int evaluatorThreads() {
        return evaluatorThreads;
    }

    public int actionThreads() {
        return actionThreads;
    }

    public int attempts() {
        return attempts;
    }

    public Duration backoff() {
        return backoff;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    public Duration actionTimeout() {
        return actionTimeout;
    }

    public Duration httpTimeout() {
        return httpTimeout;
    }

    /** A PEM file of CA certificates trusted for HTTP actions and confirmations besides the JDK's. */
    public Optional<String> httpTrustedCertificates() {
        return httpTrustedCertificates.filter(s -> !s.isBlank());
    }

    public List<String> databaseSchemas() {
        return databaseSchemas;
    }
}
