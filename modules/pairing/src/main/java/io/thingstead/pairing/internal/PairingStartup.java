package io.thingstead.pairing.internal;

import io.thingstead.common.api.health.Readiness;
import io.thingstead.migrations.api.SchemaReady;
import io.thingstead.registry.api.ThingChanged;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/**
 * Once Flyway is done ({@link SchemaReady}): checks that the entities match the tables Flyway made (Hibernate's schema
 * validation, ADR 0009; the outcome is the {@code thingstead-pairing} readiness check), makes sure the code key and
 * the end-user policy exist, and starts the clean-up of old codes and attempts.
 */
@ApplicationScoped
public class PairingStartup {
    private static final Logger LOG = Logger.getLogger(PairingStartup.class);
    /** Expired codes are kept this long for operators' questions ("was a code used?"), then deleted. */
    static final Duration KEEP_EXPIRED = Duration.ofDays(30);

    @PersistenceUnit(unitName = "pairing")
    EntityManagerFactory factory;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    PairingSettings settings;

    @Inject
    PairingStore store;

    @Inject
    OwnerPolicies policies;

    @Inject
    Clock clock;

    private volatile Readiness readiness = Readiness.starting("waiting for the database schema (Flyway)");
    private ScheduledFuture<?> cleanup;

    synchronized void onSchemaReady(@Observes SchemaReady ready) {
        try {
            factory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        } catch (RuntimeException e) {
            readiness = Readiness.failed("the pairing entities do not match the pairing tables (" + e.getMessage()
                    + "): this build's migrations and entities disagree; deploy a build whose PairingIT passed");
            LOG.errorf("pairing is not available: %s", readiness.reason());
            return;
        }
        try {
            store.warmUp();
            policies.ensureEndUserPolicy();
            readiness = Readiness.up(java.util.Map.of());
        } catch (RuntimeException e) {
            readiness = Readiness.failed("pairing could not start (" + e.getMessage()
                    + "): check the server log for the cause; pairing retries at the next start");
            LOG.errorf(e, "pairing could not start");
            return;
        }
        if (cleanup == null) {
            long seconds = settings.cleanupInterval().toSeconds();
            cleanup = scheduler.scheduleWithFixedDelay(this::cleanUp, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    /** Whether pairing is available, and why not. */
    Readiness readiness() {
        return readiness;
    }

    void onThingDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ThingChanged change) {
        if (change.kind() != ThingChanged.Kind.DELETED) {
            return;
        }
        try {
            store.forgetThing(change.thingName());
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not delete the pairing codes of deleted thing %s", change.thingName());
        }
    }

    void cleanUp() {
        try {
            int deleted = store.cleanUp(
                    clock.instant().minus(KEEP_EXPIRED),
                    clock.instant().minus(settings.attemptWindow().multipliedBy(4)));
            if (deleted > 0) {
                LOG.debugf("deleted %d old pairing codes and attempts", deleted);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "cleaning up old pairing codes failed; trying again in %s", settings.cleanupInterval());
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (cleanup != null) {
            cleanup.cancel(false);
        }
    }
}
