package io.thingstead.gateway.internal.authorization;

import io.thingstead.gateway.api.Topics;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.GatewayMetrics.PublishRefusal;
import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.IotAction;
import java.util.Optional;

/**
 * The checks of every PUBLISH, in AWS IoT's order and with its outcomes, independent of the broker: topic limits,
 * reserved topics, payload size, {@code iot:Publish} (and {@code iot:RetainPublish} for retained messages), then the
 * connection's publish rate. The interceptor turns a {@link Verdict} into MQTT: for MQTT 5 a PUBACK with the reason
 * code and reason string (the connection stays up), for MQTT 3.1.1 a closed connection (the protocol has no way to
 * refuse a PUBLISH), QoS 0 messages are dropped.
 */
public final class PublishRules {
    private final int payloadLimit;
    private final long throttleMaxWaitNanos;

    public PublishRules(int payloadLimit, long throttleMaxWaitNanos) {
        this.payloadLimit = payloadLimit;
        this.throttleMaxWaitNanos = throttleMaxWaitNanos;
    }

    /** The outcome of the checks. */
    public sealed interface Verdict {}

    /** Accept, after holding the message back for {@code waitNanos} (0: at once). */
    public record Accept(long waitNanos) implements Verdict {
        static final Accept NOW = new Accept(0);
    }

    /**
     * Refuse.
     *
     * @param awsDisconnectReason what the disconnected lifecycle event says when an MQTT 3.1.1 client is closed for it
     */
    public record Refuse(PublishRefusal refusal, String message, String awsDisconnectReason) implements Verdict {}

    /** A QoS 0 message over the rate: dropped, as QoS 0 allows. */
    public record Drop() implements Verdict {
        static final Drop INSTANCE = new Drop();
    }

    /** The checks for a device's PUBLISH on a connection. */
    public Verdict check(
            Connection connection, String topic, int qos, boolean retain, int payloadBytes, long nowNanos) {
        Optional<Refuse> content = checkContent(topic, retain, payloadBytes);
        if (content.isPresent()) {
            return content.get();
        }
        Permissions permissions = connection.permissions();
        if (!permissions.canPublish(topic)) {
            Decision decision = permissions.publishDecision(topic);
            return new Refuse(
                    PublishRefusal.POLICY,
                    Permissions.explain(decision, IotAction.PUBLISH, "topic/" + topic),
                    "AUTH_ERROR");
        }
        if (retain) {
            Decision decision = permissions.retainPublish(topic);
            if (!decision.allowed()) {
                return new Refuse(
                        PublishRefusal.RETAIN_POLICY,
                        Permissions.explain(decision, IotAction.RETAIN_PUBLISH, "topic/" + topic),
                        "AUTH_ERROR");
            }
        }
        long wait = connection.rateLimiter().reserve(payloadBytes, nowNanos, qos == 0 ? 0 : throttleMaxWaitNanos);
        if (wait == RateLimiter.REFUSED) {
            if (qos == 0) {
                return Drop.INSTANCE;
            }
            return new Refuse(
                    PublishRefusal.THROTTLED, "the connection publishes faster than its limit; slow down", "THROTTLED");
        }
        return wait == 0 ? Accept.NOW : new Accept(wait);
    }

    /**
     * What is wrong with a message regardless of who sends it: an invalid topic, a reserved topic clients may not
     * publish to (or retain on), a payload over the limit. Used for devices and the HTTPS data plane.
     */
    public Optional<Refuse> checkContent(String topic, boolean retain, int payloadBytes) {
        Optional<String> topicProblem = Topics.topicNameProblem(topic);
        if (topicProblem.isPresent()) {
            return Optional.of(new Refuse(PublishRefusal.INVALID_TOPIC, topicProblem.get(), "CLIENT_ERROR"));
        }
        Optional<String> reserved = ReservedTopics.publishProblem(topic);
        if (reserved.isPresent()) {
            return Optional.of(new Refuse(PublishRefusal.RESERVED_TOPIC, reserved.get(), "AUTH_ERROR"));
        }
        if (retain && ReservedTopics.isReserved(topic)) {
            return Optional.of(new Refuse(
                    PublishRefusal.RESERVED_TOPIC,
                    "a message to the reserved topic " + topic + " cannot be retained",
                    "CLIENT_ERROR"));
        }
        if (payloadBytes > payloadLimit) {
            return Optional.of(new Refuse(
                    PublishRefusal.PAYLOAD_TOO_LARGE,
                    "the payload is " + payloadBytes + " bytes; at most " + payloadLimit + " are allowed",
                    "CLIENT_ERROR"));
        }
        return Optional.empty();
    }
}
