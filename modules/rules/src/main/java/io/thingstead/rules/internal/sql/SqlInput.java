package io.thingstead.rules.internal.sql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message as a rule sees it. The topic is the one the SQL functions see: for Basic Ingest ({@code
 * $aws/rules/<rule>/...}) pass the topic without that prefix, as AWS's {@code topic()} does.
 *
 * <p>The payload array is not copied: hand over an array nobody changes afterwards (the gateway's {@code
 * DeviceMessage} already gives each observer its own copy). Everything else is immutable.
 *
 * @param topic the topic the message was published to (without a Basic Ingest prefix)
 * @param payload the payload bytes, JSON or not
 * @param clientId the MQTT client id; empty when the message did not come over MQTT ({@code clientid()} is then
 *     {@code n/a}, as AWS)
 * @param principal who published: the certificate id, or the access key id for the HTTPS data plane; empty gives an
 *     Undefined {@code principal()}
 * @param timestamp when the message was received, in milliseconds since the epoch ({@code timestamp()})
 * @param traceId the message's trace id (a UUID); empty when it did not come over MQTT ({@code traceid()} Undefined)
 * @param userProperties MQTT 5 user properties in order (empty for MQTT 3.1.1)
 */
public record SqlInput(
        String topic,
        byte[] payload,
        Optional<String> clientId,
        Optional<String> principal,
        long timestamp,
        Optional<String> traceId,
        List<UserProperty> userProperties) {

    /** An MQTT 5 user property. */
    public record UserProperty(String name, String value) {
        public UserProperty {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public SqlInput {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(traceId, "traceId");
        userProperties = List.copyOf(userProperties);
    }

    /** A message with only a topic, a payload and a time (no client, principal, trace id or properties). */
    public static SqlInput of(String topic, byte[] payload, long timestamp) {
        return new SqlInput(topic, payload, Optional.empty(), Optional.empty(), timestamp, Optional.empty(), List.of());
    }

    public SqlInput withClientId(String clientId) {
        return new SqlInput(topic, payload, Optional.of(clientId), principal, timestamp, traceId, userProperties);
    }

    public SqlInput withPrincipal(String principal) {
        return new SqlInput(topic, payload, clientId, Optional.of(principal), timestamp, traceId, userProperties);
    }

    public SqlInput withTraceId(String traceId) {
        return new SqlInput(topic, payload, clientId, principal, timestamp, Optional.of(traceId), userProperties);
    }

    public SqlInput withUserProperties(List<UserProperty> userProperties) {
        return new SqlInput(topic, payload, clientId, principal, timestamp, traceId, userProperties);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SqlInput that
                && topic.equals(that.topic)
                && java.util.Arrays.equals(payload, that.payload)
                && clientId.equals(that.clientId)
                && principal.equals(that.principal)
                && timestamp == that.timestamp
                && traceId.equals(that.traceId)
                && userProperties.equals(that.userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, java.util.Arrays.hashCode(payload), clientId, timestamp);
    }

    @Override
    public String toString() {
        return "SqlInput[topic=" + topic + ", " + payload.length + " bytes, clientId=" + clientId.orElse("-")
                + ", timestamp=" + timestamp + "]";
    }
}
