package io.thingstead.gateway.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.thingstead.gateway.internal.routing.InboundOverload;
import io.thingstead.gateway.internal.routing.ReadGovernor;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The gateway's meters in WildFly's Micrometer registry, exposed at {@code /metrics} on the management interface
 * (Prometheus names: {@code thingstead_gateway_connections}, {@code thingstead_gateway_connects_total}, ...). Counters
 * are cheap enough for every PUBLISH and every delivery.
 */
public final class GatewayMetrics {
    /** Why a PUBLISH was not accepted. */
    public enum PublishRefusal {
        POLICY,
        RETAIN_POLICY,
        RESERVED_TOPIC,
        INVALID_TOPIC,
        PAYLOAD_TOO_LARGE,
        THROTTLED
    }

    /** What throttling did to a PUBLISH over the connection's budget. */
    public enum Throttle {
        /** QoS 1: held back, its PUBACK delayed. */
        DELAYED,
        /** QoS 0: dropped, as QoS 0 allows. */
        DROPPED,
        /** QoS 1 that would have waited too long: refused. */
        REFUSED
    }

    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final List<Supplier<Number>> gaugeSources = new CopyOnWriteArrayList<>();
    private final Counter connects;
    private final Counter publishesIn;
    private final Counter bytesIn;
    private final Counter publishesOut;
    private final AtomicLong deliveredSeen = new AtomicLong();
    private final Counter deliveriesDenied;
    private final Counter subscriptionsDenied;
    private final Counter dispatchDropped;
    private final Counter overloadDropped;
    private final Counter platformPublishes;
    private final Map<PublishRefusal, Counter> publishRefusals = new EnumMap<>(PublishRefusal.class);
    private final Map<Throttle, Counter> throttles = new EnumMap<>(Throttle.class);
    private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> disconnects = new ConcurrentHashMap<>();

    /**
     * @param receiveChecked connections whose deliveries are checked one by one ({@link DeliveryGuard})
     * @param readsPaused 1 while reading from devices is paused ({@link ReadGovernor}), else 0
     * @param brokerTasksQueued tasks waiting on HiveMQ's extension executor
     */
    public GatewayMetrics(
            MeterRegistry registry,
            Supplier<Number> connections,
            Supplier<Number> receiveChecked,
            Supplier<Number> queuedDropped,
            Supplier<Number> readsPaused,
            Supplier<Number> brokerTasksQueued) {
        this.registry = registry;
        gauge("thingstead.gateway.connections", connections);
        gauge("thingstead.gateway.connections.receive.checked", receiveChecked);
        gauge("thingstead.gateway.messages.dropped.broker", queuedDropped);
        gauge("thingstead.gateway.overload.reads.paused", readsPaused);
        gauge("thingstead.gateway.broker.tasks.queued", brokerTasksQueued);
        connects = newCounter("thingstead.gateway.connects");
        publishesIn = newCounter("thingstead.gateway.publishes.in");
        bytesIn = newCounter("thingstead.gateway.publishes.in.bytes");
        publishesOut = newCounter("thingstead.gateway.publishes.out");
        deliveriesDenied = newCounter("thingstead.gateway.deliveries.denied");
        subscriptionsDenied = newCounter("thingstead.gateway.subscriptions.denied");
        dispatchDropped = newCounter("thingstead.gateway.dispatch.dropped");
        overloadDropped = newCounter("thingstead.gateway.overload.dropped");
        platformPublishes = newCounter("thingstead.gateway.publishes.platform");
        for (PublishRefusal refusal : PublishRefusal.values()) {
            publishRefusals.put(
                    refusal,
                    newCounter(
                            "thingstead.gateway.publishes.refused",
                            "reason",
                            refusal.name().toLowerCase(Locale.ROOT)));
        }
        for (Throttle throttle : Throttle.values()) {
            throttles.put(
                    throttle,
                    newCounter(
                            "thingstead.gateway.throttled",
                            "action",
                            throttle.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Through {@code registry.counter(name, tags)}, not {@code Counter.builder(...).register(registry)}: WildFly's
     * per-deployment registry forwards only its convenience methods to the server's (Prometheus) registry; meters
     * registered through builders would stay in a private registry nobody scrapes.
     */
    private Counter newCounter(String name, String... tags) {
        Counter counter = registry.counter(name, Tags.of(tags));
        meters.add(counter);
        return counter;
    }

    private void gauge(String name, Supplier<Number> value) {
        gaugeSources.add(value); // gauges hold their source weakly
        registry.gauge(name, Tags.empty(), value, source -> source.get().doubleValue());
        Meter meter = registry.find(name).gauge();
        if (meter != null) {
            meters.add(meter);
        }
    }

    /** Removes every meter this object registered (undeploy: the registry outlives the application). */
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    public void connected() {
        connects.increment();
    }

    public void authFailure(String reason) {
        authFailures
                .computeIfAbsent(reason, r -> newCounter("thingstead.gateway.auth.failures", "reason", r))
                .increment();
    }

    public void disconnected(String awsReason) {
        disconnects
                .computeIfAbsent(awsReason, r -> newCounter("thingstead.gateway.disconnects", "reason", r))
                .increment();
    }

    public void published(int bytes) {
        publishesIn.increment();
        bytesIn.increment(bytes);
    }

    /** Brings the delivery counter up to the broker's count of PUBLISH packets sent so far. */
    public void deliveredUpTo(long brokerTotal) {
        long before = deliveredSeen.getAndAccumulate(brokerTotal, Math::max);
        if (brokerTotal > before) {
            publishesOut.increment(brokerTotal - before);
        }
    }

    public void refused(PublishRefusal refusal) {
        publishRefusals.get(refusal).increment();
    }

    public void throttled(Throttle throttle) {
        throttles.get(throttle).increment();
    }

    public void deliveryDenied() {
        deliveriesDenied.increment();
    }

    public void subscriptionDenied() {
        subscriptionsDenied.increment();
    }

    public void dispatchDropped() {
        dispatchDropped.increment();
    }

    /** A QoS 0 PUBLISH dropped unchecked because it waited too long in the broker ({@link InboundOverload}). */
    public void overloadDropped() {
        overloadDropped.increment();
    }

    public void platformPublished() {
        platformPublishes.increment();
    }
}
