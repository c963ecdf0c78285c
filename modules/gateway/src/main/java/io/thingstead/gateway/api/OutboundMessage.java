package io.thingstead.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message the platform publishes through the gateway ({@link Gateway#publish}) or that the HTTPS data plane
 * publishes for a caller ({@link Gateway#publishFromDataPlane}). Build it with {@link #builder(String)}.
 *
 * @param qos 0 or 1 (AWS IoT has no QoS 2)
 * @param messageExpirySeconds MQTT 5 message expiry interval; empty for none
 */
public record OutboundMessage(
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        List<UserProperty> userProperties,
        Optional<String> contentType,
        Optional<String> responseTopic,
        Optional<byte[]> correlationData,
        Optional<Boolean> payloadIsUtf8,
        Optional<Long> messageExpirySeconds) {

    public OutboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos must be 0 or 1, not " + qos);
        }
        userProperties = List.copyOf(userProperties);
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(responseTopic, "responseTopic");
        Objects.requireNonNull(correlationData, "correlationData");
        Objects.requireNonNull(payloadIsUtf8, "payloadIsUtf8");
        Objects.requireNonNull(messageExpirySeconds, "messageExpirySeconds");
    }

    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    @Override
    public String toString() {
        return "OutboundMessage[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos + ", retain=" + retain
                + "]";
    }

    /** Builds an {@link OutboundMessage}; QoS 0, not retained and an empty payload unless set. */
    public static final class Builder {
        private final String topic;
        private byte[] payload = new byte[0];
        private int qos;
        private boolean retain;
        private final List<UserProperty> userProperties = new ArrayList<>();
        private String contentType;
        private String responseTopic;
        private byte[] correlationData;
        private Boolean payloadIsUtf8;
        private Long messageExpirySeconds;

        private Builder(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        public Builder payload(byte[] payload) {
            this.payload = payload.clone();
            return this;
        }

        public Builder payload(String utf8) {
            this.payload = utf8.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder qos(int qos) {
            this.qos = qos;
            return this;
        }

        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder responseTopic(String responseTopic) {
            this.responseTopic = responseTopic;
            return this;
        }

        public Builder correlationData(byte[] correlationData) {
            this.correlationData = correlationData == null ? null : correlationData.clone();
            return this;
        }

        public Builder payloadIsUtf8(boolean utf8) {
            this.payloadIsUtf8 = utf8;
            return this;
        }

        public Builder messageExpirySeconds(long seconds) {
            this.messageExpirySeconds = seconds;
            return this;
        }

        public OutboundMessage build() {
            return new OutboundMessage(
                    topic,
                    payload,
                    qos,
                    retain,
                    userProperties,
                    Optional.ofNullable(contentType),
                    Optional.ofNullable(responseTopic),
                    Optional.ofNullable(correlationData),
                    Optional.ofNullable(payloadIsUtf8),
                    Optional.ofNullable(messageExpirySeconds));
        }
    }
}
