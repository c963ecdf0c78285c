package io.thingstead.migrations.internal;

import io.thingstead.migrations.api.Datasources;
import io.thingstead.migrations.api.SchemaReady;
import io.thingstead.migrations.api.SchemaState;
import io.thingstead.migrations.api.SchemaStatus;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Applies the Flyway migrations of every module ({@code db/migration/<module>/}) when the application starts (CDI
 * {@link Startup}, fired once per deployment of the EAR).
 *
 * <p>A database that is down at start does not fail the deployment: the attempt is retried every few seconds, and the
 * readiness check says DOWN until it succeeds. Flyway takes a PostgreSQL advisory lock, so several nodes starting at
 * once migrate one at a time.
 */
@ApplicationScoped
public class DatabaseMigrator implements SchemaState {
    static final String LOCATION = "classpath:db/migration";
    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class);
    private static final long RETRY_SECONDS = 5;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    Event<SchemaReady> schemaReady;

    @Inject
    Clock clock;

    private volatile SchemaStatus status =
            new SchemaStatus(SchemaStatus.State.MIGRATING, Optional.empty(), Instant.EPOCH, Optional.empty());
    private ScheduledFuture<?> retry;

    void onStart(@Observes Startup startup) {
        migrate();
    }

    @PreDestroy
    synchronized void stop() {
        if (retry != null) {
            retry.cancel(false);
        }
    }

    synchronized void migrate() {
        if (status.ready()) {
            return;
        }
        Instant attempt = clock.instant();
        try {
            Flyway flyway = flyway();
            MigrateResult result = flyway.migrate();
            MigrationInfo current = flyway.info().current();
            String version = current == null ? "none" : current.getVersion().getVersion();
            status = new SchemaStatus(SchemaStatus.State.READY, Optional.of(version), attempt, Optional.empty());
            LOG.infof(
                    "Database schema ready at version %s (%d migrations applied now)",
                    version, result.migrationsExecuted);
        } catch (RuntimeException e) {
            String problem = rootMessage(e);
            status = new SchemaStatus(SchemaStatus.State.FAILED, status.version(), attempt, Optional.of(problem));
            LOG.errorf("Database migration failed, retrying in %d s: %s", RETRY_SECONDS, problem);
            LOG.debug("migration failure", e);
            retry = scheduler.schedule(this::migrate, RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        schemaReady.fire(new SchemaReady(status.version().orElseThrow()));
    }

    private Flyway flyway() {
        return Flyway.configure(DatabaseMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .validateMigrationNaming(true)
                // modules are developed in parallel: a module's migration may carry an earlier version than one
                // another module already applied; each module's own migrations still run in version order
                .outOfOrder(true)
                .cleanDisabled(true)
                .load();
    }

    @Override
    public SchemaStatus status() {
        return status;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }
}
