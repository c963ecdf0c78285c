package io.thingstead.provisioning.internal;

import io.thingstead.migrations.api.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Provisioning's work on a schedule, once the schema is ready: every {@code
 * thingstead.pki.provisioning.cleanup-interval}, delete fleet provisioning's certificates whose ownership token expired
 * before RegisterThing used it (AWS deletes them too).
 */
@ApplicationScoped
public class ProvisioningStartup {
    private static final Logger LOG = Logger.getLogger(ProvisioningStartup.class);

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    ProvisioningSettings settings;

    @Inject
    TemplateApplier provisioning;

    private ScheduledFuture<?> cleanup;

    synchronized void onSchemaReady(@Observes SchemaReady ready) {
        if (cleanup == null) {
            long seconds = settings.cleanupInterval().toSeconds();
            cleanup = scheduler.scheduleWithFixedDelay(this::deleteUnclaimed, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    /** Deletes fleet provisioning's certificates whose ownership token expired before RegisterThing used it. */
    void deleteUnclaimed() {
        try {
            int examined;
            do {
                examined = provisioning.deleteExpiredPending(500);
                if (examined > 0) {
                    LOG.infof("cleared %d ownership token(s) that expired unused", examined);
                }
            } while (examined == 500);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "deleting unclaimed provisioning certificates failed; trying again in %s",
                    settings.cleanupInterval());
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (cleanup != null) {
            cleanup.cancel(false);
        }
    }
}
