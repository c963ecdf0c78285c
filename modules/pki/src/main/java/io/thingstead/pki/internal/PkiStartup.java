package io.thingstead.pki.internal;

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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The PKI's work at start and on a schedule: once the schema is ready, create Thingstead's CAs (first start only) and
 * the gateway's server certificate; then keep the CRLs of Thingstead's CAs fresh (every {@code
 * thingstead.pki.crl-check-interval}) and fetch registered CAs' CRLs (every {@code
 * thingstead.pki.external-crl-refresh}). A failure at start is logged and retried every 30 seconds.
 */
@ApplicationScoped
public class PkiStartup {
    private static final Logger LOG = Logger.getLogger(PkiStartup.class);
    private static final long RETRY_SECONDS = 30;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    OwnAuthorities own;

    @Inject
    ServerCertificates servers;

    @Inject
    CrlService crls;

    @Inject
    CrlFetcher fetcher;

    @Inject
    PkiSettings settings;

    @Inject
    Clock clock;

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private boolean started;
    private volatile Readiness readiness = Readiness.starting("the PKI starts once the database schema is ready");

    void onSchemaReady(@Observes SchemaReady ready) {
        start();
    }

    synchronized void start() {
        if (started) {
            return;
        }
        try {
            own.bootstrap();
            servers.current();
        } catch (RuntimeException e) {
            String reason = reason(e);
            if (!reason.equals(readiness.reason())) {
                LOG.errorf("The PKI could not be initialised, retrying every %d s: %s", RETRY_SECONDS, reason);
            }
            LOG.debug("PKI initialisation failure", e);
            readiness = e instanceof IotException iot && iot.code() == ErrorCode.SERVICE_UNAVAILABLE
                    ? Readiness.failed(reason)
                    : Readiness.starting(reason);
            tasks.add(scheduler.schedule(this::start, RETRY_SECONDS, TimeUnit.SECONDS));
            return;
        }
        started = true;
        readiness = Readiness.up(Map.of("rootCaId", own.rootId(), "issuingCaId", own.issuingId()));
        long crlCheck = settings.crlCheckInterval().toSeconds();
        // at once, not after the first interval: the stored CRLs may have expired while the application was down (done
        // on the scheduler, so the other SchemaReady observers, the first operator key among them, are not held up)
        tasks.add(scheduler.scheduleWithFixedDelay(this::refreshCrls, 0, crlCheck, TimeUnit.SECONDS));
        long external = settings.externalCrlRefresh().toSeconds();
        tasks.add(scheduler.scheduleWithFixedDelay(this::fetchExternalCrls, external, external, TimeUnit.SECONDS));
    }

    /** Whether Thingstead's CAs and the gateway's server certificate are usable, and if not, why. */
    Readiness readiness() {
        return readiness;
    }

    /**
     * What a person can act on. Secrets refused because the master key is not the database's come as
     * ServiceUnavailable; anything else keeps the start retrying.
     */
    private static String reason(RuntimeException e) {
        if (e instanceof IotException iot && iot.code() == ErrorCode.SERVICE_UNAVAILABLE) {
            return "the CA keys cannot be opened: " + e.getMessage();
        }
        return "the CAs could not be loaded or created (" + e.getMessage() + "); retrying every " + RETRY_SECONDS
                + " s";
    }

    /** Signs a new CRL for every CA whose current one has used up half of its validity. */
    void refreshCrls() {
        try {
            Instant horizon = clock.instant().plus(settings.crlValidity().dividedBy(2));
            for (String caId : crls.dueBefore(horizon)) {
                crls.refreshIfDue(caId, horizon);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "refreshing the CRLs failed; trying again in %s", settings.crlCheckInterval());
        }
    }

    void fetchExternalCrls() {
        try {
            fetcher.fetchAll();
        } catch (RuntimeException e) {
            LOG.errorf(e, "fetching registered CAs' CRLs failed; trying again in %s", settings.externalCrlRefresh());
        }
    }

    @PreDestroy
    synchronized void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
    }
}
