package io.thingstead.audit.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit trail every control-plane change is written to. */
public interface AuditTrail {
    /** Records an event in its own transaction, so that failed changes are recorded too. */
    void record(AuditEvent event);

    /**
     * Events newest first.
     *
     * @param resourceArn only events on this resource, when given
     * @param before only events before this instant (paging), when given
     * @param limit at most this many (1 to 1000)
     */
    List<AuditEvent> recent(Optional<String> resourceArn, Optional<Instant> before, int limit);
}
