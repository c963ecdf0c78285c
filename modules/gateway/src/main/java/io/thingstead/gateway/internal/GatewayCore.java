package io.thingstead.gateway.internal;

import io.thingstead.gateway.internal.admission.Admission;
import io.thingstead.gateway.internal.authorization.PublishRules;
import io.thingstead.gateway.internal.authorization.SubscribeRules;
import io.thingstead.gateway.internal.config.GatewaySettings;
import io.thingstead.gateway.internal.lifecycle.Lifecycle;
import io.thingstead.gateway.internal.routing.InboundOverload;
import io.thingstead.gateway.internal.routing.ServiceRouter;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything the broker's callbacks need while the gateway runs, handed to them at start: settings, the live
 * connections, the rules, the meters, where admission and platform work run, and where accepted messages and
 * lifecycle changes go. One per start of the broker.
 *
 * @param workers the gateway's worker threads (a managed executor): admission, events, database writes
 * @param broker the broker's own executor (HiveMQ's extension executor): every call into HiveMQ, and delays
 * @param overload sheds QoS 0 publishes that waited too long for their checks
 * @param router where accepted messages go besides subscribers: device services and taps
 * @param retainedTimes when each retained message was set (HiveMQ's store keeps no time)
 */
public record GatewayCore(
        GatewaySettings settings,
        Connections connections,
        PublishRules publishRules,
        InboundOverload overload,
        SubscribeRules subscribeRules,
        GatewayMetrics metrics,
        Admission admission,
        Executor workers,
        ScheduledExecutorService broker,
        ServiceRouter router,
        Lifecycle lifecycle,
        Clock clock,
        RetainedTimes retainedTimes) {
    public GatewayCore {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(publishRules, "publishRules");
        Objects.requireNonNull(overload, "overload");
        Objects.requireNonNull(subscribeRules, "subscribeRules");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retainedTimes, "retainedTimes");
    }
}
