package io.thingstead.defender.internal;

import io.thingstead.common.api.health.Readiness;
import io.thingstead.defender.internal.audit.AuditService;
import io.thingstead.defender.internal.audit.ConnectionHistory;
import io.thingstead.defender.internal.detect.DetectEngine;
import io.thingstead.migrations.api.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/**
 * Device Defender's work on a schedule, once the schema is ready, all off the MQTT path: the connection history written
 * every second, due scheduled audits started every 30 s, history older than the audits' look-back forgotten hourly, and
 * Detect's evaluation every tick ({@link DetectEngine#tickSeconds()}).
 */
@ApplicationScoped
public class DefenderStartup {
    private static final Logger LOG = Logger.getLogger(DefenderStartup.class);

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    ConnectionHistory history;

    @Inject
    AuditService audits;

    @Inject
    DetectEngine detect;

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    @PersistenceUnit(unitName = "defender")
    EntityManagerFactory persistence;

    private volatile Readiness readiness =
            Readiness.starting("Device Defender starts once the database schema is ready");

    public Readiness readiness() {
        return readiness;
    }

    synchronized void onSchemaReady(@Observes SchemaReady ready) {
        if (!tasks.isEmpty()) {
            return;
        }
        try {
            // ADR 0009: Flyway owns the schema; Hibernate checks the mapping against it once it is there
            persistence.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        } catch (RuntimeException e) {
            LOG.errorf("Device Defender's mapping does not match the schema: %s", e.getMessage());
            readiness = Readiness.failed("the defender persistence unit does not match the schema: " + e.getMessage());
            return;
        }
        tasks.add(scheduler.scheduleWithFixedDelay(
                guarded("connection history", history::flush), 1, 1, TimeUnit.SECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(
                guarded("scheduled audits", audits::runDueScheduledAudits), 5, 30, TimeUnit.SECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(
                guarded(
                        "history clean-up",
                        () -> history.forgetBefore(Instant.now().minus(Duration.ofDays(32)))),
                1,
                60,
                TimeUnit.MINUTES));
        long tick = detect.tickSeconds();
        tasks.add(scheduler.scheduleAtFixedRate(guarded("detect", detect::tick), tick, tick, TimeUnit.SECONDS));
        readiness = Readiness.up(Map.of("detectTickSeconds", Long.toString(tick)));
    }

    private static Runnable guarded(String what, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Device Defender: %s failed; trying again at the next run", what);
            }
        };
    }

    @PreDestroy
    synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
    }
}
