package io.thingstead.gateway.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The gateway's meters in WildFly's Micrometer registry, exposed at {@code /metrics} on the management interface
 * (Prometheus names: {@code thingstead_gateway_connections}, {@code thingstead_gateway_connects_total}, ...). Counters
 * are cheap enough for every PUBLISH and every delivery.
 */
final class GatewayMetrics {
    /** Why a PUBLISH was not accepted. */
    enum PublishRefusal {
        POLICY,
        RETAIN_POLICY,
        RESERVED_TOPIC,
        INVALID_TOPIC,
        PAYLOAD_TOO_LARGE,
        THROTTLED
    }

    /** What throttling did to a PUBLISH over the connection's budget. */
    enum Throttle {
        /** QoS 1: held back, its PUBACK delayed. */
        DELAYED,
        /** QoS 0: dropped, as QoS 0 allows. */
        DROPPED,
        /** QoS 1 that would have waited too long: refused. */
        REFUSED
    }

    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Counter connects;
    private final Counter publishesIn;
    private final Counter bytesIn;
    private final Counter publishesOut;
    private final Counter bytesOut;
    private final Counter deliveriesDenied;
    private final Counter subscriptionsDenied;
    private final Counter dispatchDropped;
    private final Counter platformPublishes;
    private final Map<PublishRefusal, Counter> publishRefusals = new EnumMap<>(PublishRefusal.class);
    private final Map<Throttle, Counter> throttles = new EnumMap<>(Throttle.class);
    private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> disconnects = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry, Supplier<Number> connections, Supplier<Number> queuedDropped) {
        this.registry = registry;
        keep(Gauge.builder("thingstead.gateway.connections", connections)
                .description("MQTT connections open on this node")
                .register(registry));
        keep(Gauge.builder("thingstead.gateway.messages.dropped.broker", queuedDropped)
                .description("QoS 1 messages the broker dropped because a client's queue was full")
                .register(registry));
        connects = counter(Counter.builder("thingstead.gateway.connects")
                .description("accepted MQTT connections")
                .register(registry));
        publishesIn = counter(Counter.builder("thingstead.gateway.publishes.in")
                .description("accepted PUBLISH packets from devices and the HTTPS data plane")
                .register(registry));
        bytesIn = counter(Counter.builder("thingstead.gateway.publishes.in.bytes")
                .description("payload bytes of accepted PUBLISH packets")
                .baseUnit("bytes")
                .register(registry));
        publishesOut = counter(Counter.builder("thingstead.gateway.publishes.out")
                .description("PUBLISH packets delivered to subscribers")
                .register(registry));
        bytesOut = counter(Counter.builder("thingstead.gateway.publishes.out.bytes")
                .description("payload bytes delivered to subscribers")
                .baseUnit("bytes")
                .register(registry));
        deliveriesDenied = counter(Counter.builder("thingstead.gateway.deliveries.denied")
                .description("deliveries dropped because iot:Receive denied them")
                .register(registry));
        subscriptionsDenied = counter(Counter.builder("thingstead.gateway.subscriptions.denied")
                .description("topic filters refused (policy, reserved topic, invalid filter, too many subscriptions)")
                .register(registry));
        dispatchDropped = counter(Counter.builder("thingstead.gateway.dispatch.dropped")
                .description("DeviceMessage events not fired because the platform's queue was full")
                .register(registry));
        platformPublishes = counter(Counter.builder("thingstead.gateway.publishes.platform")
                .description("messages the platform published (lifecycle events, services)")
                .register(registry));
        for (PublishRefusal refusal : PublishRefusal.values()) {
            publishRefusals.put(
                    refusal,
                    counter(Counter.builder("thingstead.gateway.publishes.refused")
                            .description("PUBLISH packets not accepted")
                            .tag("reason", refusal.name().toLowerCase(Locale.ROOT))
                            .register(registry)));
        }
        for (Throttle throttle : Throttle.values()) {
            throttles.put(
                    throttle,
                    counter(Counter.builder("thingstead.gateway.throttled")
                            .description("PUBLISH packets over their connection's rate")
                            .tag("action", throttle.name().toLowerCase(Locale.ROOT))
                            .register(registry)));
        }
    }

    private Counter counter(Counter counter) {
        meters.add(counter);
        return counter;
    }

    private void keep(Meter meter) {
        meters.add(meter);
    }

    /** Removes every meter this object registered (undeploy: the registry outlives the application). */
    void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    void connected() {
        connects.increment();
    }

    void authFailure(String reason) {
        authFailures
                .computeIfAbsent(
                        reason,
                        r -> counter(Counter.builder("thingstead.gateway.auth.failures")
                                .description("refused MQTT connections, by reason")
                                .tag("reason", r)
                                .register(registry)))
                .increment();
    }

    void disconnected(String awsReason) {
        disconnects
                .computeIfAbsent(
                        awsReason,
                        r -> counter(Counter.builder("thingstead.gateway.disconnects")
                                .description("closed MQTT connections, by AWS disconnect reason")
                                .tag("reason", r)
                                .register(registry)))
                .increment();
    }

    void published(int bytes) {
        publishesIn.increment();
        bytesIn.increment(bytes);
    }

    void delivered(int bytes) {
        publishesOut.increment();
        bytesOut.increment(bytes);
    }

    void refused(PublishRefusal refusal) {
        publishRefusals.get(refusal).increment();
    }

    void throttled(Throttle throttle) {
        throttles.get(throttle).increment();
    }

    void deliveryDenied() {
        deliveriesDenied.increment();
    }

    void subscriptionDenied() {
        subscriptionsDenied.increment();
    }

    void dispatchDropped() {
        dispatchDropped.increment();
    }

    void platformPublished() {
        platformPublishes.increment();
    }
}
