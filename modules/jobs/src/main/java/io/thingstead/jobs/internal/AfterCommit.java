package io.thingstead.jobs.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

/**
 * Runs work once the current transaction has committed (and not at all when it rolls back): what the Jobs service
 * publishes about a change must not go out before the change is there for the devices that react to it.
 */
@ApplicationScoped
public class AfterCommit {
    private static final Logger LOG = Logger.getLogger(AfterCommit.class);

    /**
     * WildFly's global binding: {@code java:comp/...} is not there on the gateway's service threads, which are not EE
     * component threads.
     */
    @Resource(lookup = "java:jboss/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry registry;

    /** Outside a transaction the work runs at once. */
    void run(Runnable work) {
        if (registry.getTransactionKey() == null) {
            work.run();
            return;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    return;
                }
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "work after a Jobs commit failed");
                }
            }
        });
    }
}
