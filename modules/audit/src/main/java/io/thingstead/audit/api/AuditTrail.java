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

    /**
     * Events matching a query, newest first, a page at a time: the audit trail as CloudTrail's {@code LookupEvents}
     * reads it.
     */
    List<Recorded> lookup(Lookup query);

    /** A recorded event and its id (increasing in the order events were recorded). */
    record Recorded(long id, AuditEvent event) {}

    /** What an event is looked up by; at most one {@link Attribute}, as CloudTrail allows. */
    enum Attribute {
        /** the event's id */
        EVENT_ID,
        /** the action without its service prefix, e.g. {@code CreateThing} */
        EVENT_NAME,
        /** the principal of the caller (e.g. {@code operator}), or the whole actor */
        USERNAME,
        /** the access key the change was signed with */
        ACCESS_KEY_ID,
        /** the ARN of the resource acted on */
        RESOURCE_NAME,
        /** the ARN's resource type, e.g. {@code thing}, {@code thinggroup} */
        RESOURCE_TYPE,
        /** the action's service prefix, e.g. {@code iot} */
        SERVICE
    }

    /**
     * @param start only events at or after this instant
     * @param end only events at or before this instant
     * @param attribute the one attribute to match, with {@code value}
     * @param beforeId only events with a smaller id (the next page)
     * @param limit at most this many (1 to 1000)
     * @param readOnly only read-only events: none, since reads are not recorded (the caller need not ask)
     */
    record Lookup(
            Optional<Instant> start,
            Optional<Instant> end,
            Optional<Attribute> attribute,
            String value,
            Optional<Long> beforeId,
            int limit,
            boolean readOnly) {}
}
