package io.thingstead.gateway.internal;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.UserProperties;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.UserProperty;
import io.thingstead.gateway.internal.GatewayMetrics.PublishRefusal;
import io.thingstead.gateway.internal.GatewayMetrics.Throttle;
import io.thingstead.gateway.internal.authorization.PublishRules;
import io.thingstead.gateway.internal.config.BrokerConfig;
import io.thingstead.gateway.internal.routing.InboundOverload;
import io.thingstead.gateway.internal.routing.ServiceRouter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every PUBLISH of one connection, before the broker routes it ({@link PublishRules}): a refused message never
 * reaches a subscriber. MQTT 5 clients get a PUBACK with the reason code and a reason string and stay connected; MQTT
 * 3.1.1 clients are disconnected, as AWS IoT does (the protocol has no negative acknowledgement). A QoS 1 message over
 * the connection's rate is held back (its PUBACK comes later, which slows the client down); a QoS 0 one is dropped.
 * An accepted message is counted and handed, as a {@link DeviceMessage}, to the device service whose route matches its
 * topic and to the taps interested in it ({@link ServiceRouter}); a tap may hold a QoS 1 message's PUBACK until it
 * has stored the message ({@link io.thingstead.gateway.api.TapOutput#acknowledgeAfter}). When the node is
 * overloaded, QoS 0 messages that waited too long for these checks are dropped before them ({@link InboundOverload}).
 */
public final class PublishGuard implements PublishInboundInterceptor {
    private static final Logger LOG = Logger.getLogger(PublishGuard.class);
    /** How long a tap may hold a PUBACK ({@link io.thingstead.gateway.api.TapOutput#acknowledgeAfter}). */
    public static final Duration TAP_HOLD_TIMEOUT = Duration.ofSeconds(10);

    private final Connection connection;
    private final GatewayCore core;

    public PublishGuard(Connection connection, GatewayCore core) {
        this.connection = connection;
        this.core = core;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket packet = input.getPublishPacket();
        // AWS keeps a message at most 7 days; a message without an expiry keeps having none (MQTT-3.3.2-5)
        if (packet.getMessageExpiryInterval().orElse(0L) > BrokerConfig.MESSAGE_EXPIRY_MAX_SECONDS) {
            output.getPublishPacket().setMessageExpiryInterval(BrokerConfig.MESSAGE_EXPIRY_MAX_SECONDS);
        }
        int qos = packet.getQos().getQosNumber();
        long now = System.currentTimeMillis(); // the clock HiveMQ stamps a PUBLISH with when it decodes it
        if (core.overload().shed(qos, packet.getTimestamp(), now)) {
            core.metrics().overloadDropped();
            output.preventPublishDelivery();
            core.overload().report(now).ifPresent(LOG::warn);
            return;
        }
        String topic = packet.getTopic();
        ByteBuffer payload = packet.getPayload().orElse(null);
        int bytes = payload == null ? 0 : payload.remaining();
        boolean counting = core.connections().counting();
        if (counting) {
            connection.activity().published(bytes);
        }
        // the connection's rate is measured when its messages arrived, not when the broker got round to them: a
        // backlog must not turn a steady sender into a burst over its limit
        long arrived = packet.getTimestamp();
        long waitedNanos = Math.max(0, now - arrived) * 1_000_000L;
        PublishRules.Verdict verdict =
                core.publishRules().check(connection, topic, qos, packet.getRetain(), bytes, arrived * 1_000_000L);
        switch (verdict) {
            case PublishRules.Accept accept
            when accept.waitNanos() <= waitedNanos -> hold(output, accepted(output, packet, payload, bytes));
            case PublishRules.Accept accept -> delay(output, packet, payload, bytes, accept.waitNanos() - waitedNanos);
            case PublishRules.Drop drop -> {
                core.metrics().throttled(Throttle.DROPPED);
                output.preventPublishDelivery();
            }
            case PublishRules.Refuse refuse -> {
                if (counting && isAuthorization(refuse.refusal())) {
                    connection.activity().authorizationFailure();
                }
                refuse(output, refuse, topic);
            }
        }
    }

    private void delay(PublishInboundOutput output, PublishPacket packet, ByteBuffer payload, int bytes, long nanos) {
        core.metrics().throttled(Throttle.DELAYED);
        Async<PublishInboundOutput> async = output.async(
                Duration.ofNanos(nanos).plusSeconds(10),
                TimeoutFallback.FAILURE,
                AckReasonCode.QUOTA_EXCEEDED,
                "the connection publishes faster than its limit");
        try {
            core.broker()
                    .schedule(
                            () -> {
                                CompletionStage<Void> held = null;
                                try {
                                    held = accepted(output, packet, payload, bytes);
                                } finally {
                                    if (held == null) {
                                        async.resume();
                                    } else {
                                        held.whenComplete((ignored, failure) -> {
                                            if (failure != null) {
                                                refuseHeld(output, failure);
                                            }
                                            async.resume();
                                        });
                                    }
                                }
                            },
                            nanos,
                            TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            async.resume();
        }
    }

    private void refuse(PublishInboundOutput output, PublishRules.Refuse refuse, String topic) {
        core.metrics().refused(refuse.refusal());
        if (refuse.refusal() == PublishRefusal.THROTTLED) {
            core.metrics().throttled(Throttle.REFUSED);
        }
        if (connection.mqtt5()) {
            LOG.debugf("refused a PUBLISH of client %s to %s: %s", connection.clientId(), topic, refuse.message());
        } else {
            LOG.infof(
                    "disconnecting MQTT 3.1.1 client %s: refused its PUBLISH to %s: %s",
                    connection.clientId(), topic, refuse.message());
            connection.closingBecause(refuse.awsDisconnectReason());
        }
        output.preventPublishDelivery(ackReason(refuse.refusal()), refuse.message());
    }

    /** Refusals that count as authorization failures for Device Defender ({@code aws:num-authorization-failures}). */
    static boolean isAuthorization(PublishRefusal refusal) {
        return refusal == PublishRefusal.POLICY
                || refusal == PublishRefusal.RETAIN_POLICY
                || refusal == PublishRefusal.RESERVED_TOPIC;
    }

    public static AckReasonCode ackReason(PublishRefusal refusal) {
        return switch (refusal) {
            case POLICY, RETAIN_POLICY, RESERVED_TOPIC -> AckReasonCode.NOT_AUTHORIZED;
            case INVALID_TOPIC -> AckReasonCode.TOPIC_NAME_INVALID;
            case PAYLOAD_TOO_LARGE, THROTTLED -> AckReasonCode.QUOTA_EXCEEDED;
        };
    }

    /**
     * Counts an accepted message and routes it to its device service and interested taps.
     *
     * @return what a tap holds the acknowledgement for, or null
     */
    private CompletionStage<Void> accepted(
            PublishInboundOutput output, PublishPacket packet, ByteBuffer payload, int bytes) {
        core.metrics().published(bytes);
        String topic = packet.getTopic();
        if (packet.getRetain()) {
            core.retainedTimes().accepted(topic, bytes, core.clock().instant());
        }
        ServiceRouter router = core.router();
        ServiceRouter.Match match = router.route(topic);
        int taps = router.tapsFor(topic);
        if (match == null && taps == 0) {
            return null;
        }
        byte[] copy = new byte[bytes];
        if (payload != null) {
            payload.duplicate().get(copy);
        }
        DeviceMessage message = new DeviceMessage(
                DeviceMessage.Origin.MQTT,
                Optional.of(connection.clientId()),
                connection.thingName(),
                connection.principalId(),
                packet.getTopic(),
                copy,
                Math.min(1, packet.getQos().getQosNumber()),
                packet.getRetain(),
                userProperties(packet.getUserProperties()),
                packet.getContentType(),
                packet.getResponseTopic(),
                packet.getCorrelationData().map(PublishGuard::bytesOf),
                core.clock().instant());
        if (match != null) {
            match.lanes().offer(message, match.filter(), match.levels());
            if (match.consumes()) {
                output.preventPublishDelivery();
                return null;
            }
        }
        return taps == 0 ? null : router.tap(taps, message, packet.getQos().getQosNumber() > 0);
    }

    /** Holds the PUBACK until {@code held} completes: a tap is storing the message. */
    private void hold(PublishInboundOutput output, CompletionStage<Void> held) {
        if (held == null) {
            return;
        }
        Async<PublishInboundOutput> async = output.async(
                TAP_HOLD_TIMEOUT,
                TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR,
                "the message could not be stored in time; publish it again");
        held.whenComplete((ignored, failure) -> {
            if (failure != null) {
                refuseHeld(output, failure);
            }
            async.resume();
        });
    }

    /** A tap could not store a message whose acknowledgement it held: refused, so that the device sends it again. */
    private void refuseHeld(PublishInboundOutput output, Throwable failure) {
        LOG.debugf(
                "refused a PUBLISH of %s: a tap could not store it: %s", connection.clientId(), failure.getMessage());
        if (!connection.mqtt5()) {
            connection.closingBecause("SERVER_ERROR");
        }
        output.preventPublishDelivery(
                AckReasonCode.UNSPECIFIED_ERROR, "the message could not be stored; publish it again");
    }

    public static List<UserProperty> userProperties(UserProperties properties) {
        if (properties.isEmpty()) {
            return List.of();
        }
        List<UserProperty> list = new ArrayList<>();
        properties.asList().forEach(p -> list.add(new UserProperty(p.getName(), p.getValue())));
        return list;
    }

    public static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
