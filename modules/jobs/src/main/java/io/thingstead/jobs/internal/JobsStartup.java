package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.health.Readiness;
import io.thingstead.migrations.api.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/**
 * Once Flyway is done ({@link SchemaReady}): checks that the entities match the tables Flyway made (Hibernate's schema
 * validation, ADR 0009), makes sure the download URL key exists, starts the firmware download server and the ticker.
 * The outcome is the {@code thingstead-jobs} readiness check. A failure other than a mapping mismatch is retried every
 * 30 seconds (the PKI's code-signing key, which the download server's certificate comes with, may not be there yet).
 */
@ApplicationScoped
public class JobsStartup {
    private static final Logger LOG = Logger.getLogger(JobsStartup.class);
    private static final long RETRY_SECONDS = 30;

    @PersistenceUnit(unitName = "jobs")
    EntityManagerFactory factory;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    DownloadUrls urls;

    @Inject
    DownloadServer downloads;

    @Inject
    JobsTicker ticker;

    @Inject
    JobsConfig config;

    private volatile Readiness readiness = Readiness.starting("jobs start once the database schema is ready");
    private ScheduledFuture<?> ticks;
    private ScheduledFuture<?> retry;
    private boolean validated;

    synchronized void onSchemaReady(@Observes SchemaReady ready) {
        start();
    }

    synchronized void start() {
        if (ticks != null) {
            return;
        }
        if (!validated) {
            try {
                factory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
                validated = true;
            } catch (RuntimeException e) {
                readiness = Readiness.failed("the jobs entities do not match the tables: " + e.getMessage());
                LOG.errorf("jobs are not available: %s", readiness.reason());
                return;
            }
        }
        try {
            urls.ensureKey();
            downloads.start();
        } catch (RuntimeException e) {
            readiness = e instanceof IotException iot && iot.code() == ErrorCode.SERVICE_UNAVAILABLE
                    ? Readiness.failed("the download URL key cannot be opened: " + e.getMessage())
                    : Readiness.starting(
                            "jobs could not start (" + e.getMessage() + "); retrying every " + RETRY_SECONDS + " s");
            LOG.warnf("jobs could not start, retrying in %d s: %s", RETRY_SECONDS, e.getMessage());
            retry = scheduler.schedule(this::start, RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        long interval = config.settings().tickInterval().toMillis();
        ticks = scheduler.scheduleWithFixedDelay(ticker::tick, interval, interval, TimeUnit.MILLISECONDS);
        readiness = Readiness.up(
                Map.of("downloadPort", Integer.toString(config.settings().downloadPort())));
    }

    Readiness readiness() {
        return readiness;
    }

    @PreDestroy
    synchronized void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (retry != null) {
            retry.cancel(false);
        }
        downloads.stop();
    }
}
