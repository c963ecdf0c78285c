package io.thingstead.gateway.internal.routing;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load shedding for the broker's inbound queue. HiveMQ CE reads every socket as fast as the network delivers and
 * queues each PUBLISH for the gateway's checks on its extension executor, with no bound and no back-pressure (the
 * overload protection that would pause reads is not in the community edition). When devices together send more than
 * the node can check and route, that queue grows until the heap is gone; measured: 20,000 QoS 0 msg/s on 2 cores, an
 * {@code OutOfMemoryError} within a minute (docs/performance.md).
 *
 * <p>The queue's length is not visible to the gateway, but every PUBLISH carries the time it was decoded: how long a
 * message waited is how far behind the checks are. A QoS 0 message that waited longer than the limit is dropped at
 * once, before its policy check, routing and hand-off to the platform (QoS 0 allows loss; a late QoS 0 reading is of
 * little use anyway). Dropping costs a fraction of processing, so the backlog drains and stays near {@code rate ×
 * limit}; the wait, and the memory, stay bounded. QoS 1 messages are never dropped here: each client may have only
 * {@code inflight-max} of them unacknowledged, so the client's own window bounds them, and the delayed PUBACKs slow it
 * down.
 */
public final class InboundOverload {
    /** How often, at most, the gateway logs that it sheds load. */
    public static final long REPORT_INTERVAL_MILLIS = 60_000;

    private final long maxWaitMillis;
    private final LongAdder shed = new LongAdder();
    private final AtomicLong reportedShed = new AtomicLong();
    private final AtomicLong lastReportMillis = new AtomicLong(Long.MIN_VALUE);

    /** @param maxWaitMillis how long a QoS 0 PUBLISH may wait for its checks before it is dropped */
    public InboundOverload(long maxWaitMillis) {
        if (maxWaitMillis < 1) {
            throw new IllegalArgumentException("the longest wait must be at least 1 ms");
        }
        this.maxWaitMillis = maxWaitMillis;
    }

    /**
     * Whether to drop a PUBLISH instead of checking it.
     *
     * @param qos its QoS
     * @param arrivedMillis when the broker decoded it (epoch milliseconds, as HiveMQ stamps a PUBLISH)
     * @param nowMillis now, on the same clock
     */
    public boolean shed(int qos, long arrivedMillis, long nowMillis) {
        if (qos != 0 || nowMillis - arrivedMillis <= maxWaitMillis) {
            return false;
        }
        shed.increment();
        return true;
    }

    /** QoS 0 messages dropped so far because they waited too long. */
    public long shedCount() {
        return shed.sum();
    }

    /**
     * A line for the log when messages were dropped since the last report and the last report is at least {@link
     * #REPORT_INTERVAL_MILLIS} old; one caller wins each interval.
     */
    public Optional<String> report(long nowMillis) {
        long last = lastReportMillis.get();
        if (last != Long.MIN_VALUE && nowMillis - last < REPORT_INTERVAL_MILLIS) {
            return Optional.empty();
        }
        long total = shed.sum();
        long before = reportedShed.get();
        if (total == before || !lastReportMillis.compareAndSet(last, nowMillis)) {
            return Optional.empty();
        }
        reportedShed.set(total);
        if (last == Long.MIN_VALUE) {
            return Optional.of("the gateway is overloaded: dropping QoS 0 publishes that waited more than "
                    + maxWaitMillis + " ms for their checks (thingstead_gateway_overload_dropped_total counts them;"
                    + " thingstead.gateway.overload.qos0-max-wait sets the limit)");
        }
        return Optional.of("the gateway is overloaded: " + (total - before) + " QoS 0 publishes waited more than "
                + maxWaitMillis + " ms for their checks and were dropped since the last report");
    }
}
