package io.thingstead.gateway.internal.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.thingstead.gateway.api.BusyReply;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The meters of one device service or tap, tagged with its name ({@code service="shadow"}, {@code tap="rules"}):
 * Prometheus {@code thingstead_gateway_service_requests_total}, {@code ..._replies_total}, {@code
 * ..._rejected_total{reason=in_flight|queue_full|stopped|service}}, {@code ..._failures_total}, {@code
 * ..._seconds_total} (time spent serving; divided by the requests, the mean), the gauge {@code
 * thingstead_gateway_service_queued}; for a tap the same names under {@code thingstead_gateway_tap_} with {@code
 * tap="..."}: {@code _requests_total} counts messages shown, {@code _replies_total} acknowledgements held, {@code
 * _failures_total} exceptions. Counters only, through {@code
 * registry.counter(name, tags)}: WildFly's per-deployment registry forwards nothing else to Prometheus.
 */
public final class ServiceMeters {
    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Counter requests;
    private final Counter replies;
    private final Counter failures;
    private final Counter seconds;
    private final Counter serviceRejections;
    private final Map<BusyReply.Reason, Counter> busy = new EnumMap<>(BusyReply.Reason.class);
    private Supplier<Number> queued;

    private ServiceMeters(MeterRegistry registry, String prefix, String tag, String name) {
        this.registry = registry;
        requests = counter(prefix + ".requests", tag, name);
        replies = counter(prefix + ".replies", tag, name);
        failures = counter(prefix + ".failures", tag, name);
        seconds = counter(prefix + ".seconds", tag, name);
        serviceRejections = counter(prefix + ".rejected", tag, name, "reason", "service");
        for (BusyReply.Reason reason : BusyReply.Reason.values()) {
            busy.put(
                    reason,
                    counter(
                            prefix + ".rejected",
                            tag,
                            name,
                            "reason",
                            reason.name().toLowerCase(Locale.ROOT)));
        }
    }

    /** The meters of the device service {@code name}, with its queue depth as a gauge. */
    public static ServiceMeters forService(MeterRegistry registry, String name, Supplier<Number> queued) {
        ServiceMeters meters = new ServiceMeters(registry, "thingstead.gateway.service", "service", name);
        meters.queued = queued; // gauges hold their source weakly
        registry.gauge(
                "thingstead.gateway.service.queued",
                Tags.of("service", name),
                queued,
                q -> q.get().doubleValue());
        Meter gauge = registry.find("thingstead.gateway.service.queued")
                .tags("service", name)
                .gauge();
        if (gauge != null) {
            meters.meters.add(gauge);
        }
        return meters;
    }

    /** The meters of the tap {@code name}: requests count messages shown, replies acknowledgements held. */
    public static ServiceMeters forTap(MeterRegistry registry, String name) {
        return new ServiceMeters(registry, "thingstead.gateway.tap", "tap", name);
    }

    private Counter counter(String name, String... tags) {
        Counter counter = registry.counter(name, Tags.of(tags));
        meters.add(counter);
        return counter;
    }

    public void requested() {
        requests.increment();
    }

    public void replied() {
        replies.increment();
    }

    public void failed() {
        failures.increment();
    }

    public void served(long nanos) {
        seconds.increment(nanos / 1e9);
    }

    public void busyFor(BusyReply.Reason reason) {
        busy.get(reason).increment();
    }

    public void rejectedByService() {
        serviceRejections.increment();
    }

    /** Counted so far, for tests and logs. */
    public long requests() {
        return (long) requests.count();
    }

    public long replies() {
        return (long) replies.count();
    }

    public long failures() {
        return (long) failures.count();
    }

    public long busy(BusyReply.Reason reason) {
        return (long) busy.get(reason).count();
    }

    public long rejectedByServiceCount() {
        return (long) serviceRejections.count();
    }

    /** Removes these meters from the registry (the gateway stopped). */
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
        queued = null;
    }
}
