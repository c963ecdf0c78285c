package io.thingstead.gateway.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PUBLISH the gateway accepted, as {@link DeviceService}s and {@link MessageTap}s see it: from a device (MQTT), from
 * the HTTPS data plane (iot-data {@code Publish}), or (for taps only) from the platform itself. Device messages are
 * accepted after authentication, topic and size checks, the reserved-topic rules and the publisher's {@code
 * iot:Publish} policy. (It was a CDI event until issue 13; the gateway now routes by topic filter instead, one match
 * per message.)
 *
 * @param origin how the message arrived
 * @param clientId the MQTT client id; empty for the HTTPS data plane and the platform
 * @param thingName the registry thing the connection is associated with (attached to the certificate and named by the
 *     client id, AWS's {@code iot:Connection.Thing.ThingName}); empty when there is none
 * @param principal who published: the certificate id for MQTT over TLS, the access key id for the HTTPS data plane and
 *     the plain development listener, {@code thingstead} for the platform
 * @param payload the payload (a copy: services and taps may keep it)
 * @param qos the QoS the publisher used (0 or 1; a QoS 2 publish is reported as 1, as it is delivered)
 * @param userProperties MQTT 5 user properties in order (empty for MQTT 3.1.1)
 * @param receivedAt when the gateway accepted it
 */
public record DeviceMessage(
        Origin origin,
        Optional<String> clientId,
        Optional<String> thingName,
        String principal,
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        List<UserProperty> userProperties,
        Optional<String> contentType,
        Optional<String> responseTopic,
        Optional<byte[]> correlationData,
        Instant receivedAt) {

    /** How a message reached the gateway. */
    public enum Origin {
        /** MQTT (3.1.1 or 5) from a connected client. */
        MQTT,
        /** The HTTPS data plane, {@code POST /topics/{topic}}. */
        HTTPS,
        /** The platform itself ({@link Gateway#publish}); only {@link MessageTap}s see these. */
        PLATFORM
    }

    public DeviceMessage {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = List.copyOf(userProperties);
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(responseTopic, "responseTopic");
        Objects.requireNonNull(correlationData, "correlationData");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The payload decoded as UTF-8 (invalid sequences replaced). */
    public String payloadAsString() {
        return StandardCharsets.UTF_8.decode(ByteBuffer.wrap(payload)).toString();
    }

    /** The values of a user property, in order. */
    public List<String> userProperty(String name) {
        return userProperties.stream()
                .filter(p -> p.name().equals(name))
                .map(UserProperty::value)
                .toList();
    }

    @Override
    public String toString() {
        return "DeviceMessage[" + origin + ", clientId=" + clientId.orElse("-") + ", topic=" + topic + ", "
                + payload.length + " bytes, qos=" + qos + ", retain=" + retain + "]";
    }
}
