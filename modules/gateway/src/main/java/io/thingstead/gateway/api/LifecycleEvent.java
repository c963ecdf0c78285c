package io.thingstead.gateway.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Optional;

/**
 * A device lifecycle event, in AWS IoT's document format, published on {@code $aws/events/presence/connected/{clientId}},
 * {@code .../disconnected/{clientId}}, {@code $aws/events/subscriptions/subscribed/{clientId}} and
 * {@code .../unsubscribed/{clientId}}, and fired as a CDI event (registry connectivity, Device Defender).
 *
 * @param timestamp epoch milliseconds
 * @param principalIdentifier the certificate id (or other principal) that authenticated
 * @param versionNumber the connection's number: every connection of a client id has a higher number than the ones
 *     before it, and its connected and disconnected events carry the same number, so a consumer that sees the
 *     disconnected event of an older connection after the connected event of a newer one (a takeover) can tell
 * @param disconnectReason AWS's reason (e.g. CLIENT_INITIATED_DISCONNECT, DUPLICATE_CLIENTID, CONNECTION_LOST)
 * @param topics the topic filters of a subscribe or unsubscribe
 */
public record LifecycleEvent(
        Type type,
        String clientId,
        long timestamp,
        String sessionIdentifier,
        String principalIdentifier,
        Optional<String> ipAddress,
        long versionNumber,
        Optional<Boolean> clientInitiatedDisconnect,
        Optional<String> disconnectReason,
        List<String> topics) {
    public enum Type {
        CONNECTED("connected", "$aws/events/presence/connected/"),
        DISCONNECTED("disconnected", "$aws/events/presence/disconnected/"),
        SUBSCRIBED("subscribed", "$aws/events/subscriptions/subscribed/"),
        UNSUBSCRIBED("unsubscribed", "$aws/events/subscriptions/unsubscribed/");

        private final String eventType;
        private final String topicPrefix;

        Type(String eventType, String topicPrefix) {
            this.eventType = eventType;
            this.topicPrefix = topicPrefix;
        }

        public String eventType() {
            return eventType;
        }
    }

    public LifecycleEvent {
        topics = List.copyOf(topics);
    }

    public String topic() {
        return type.topicPrefix + clientId;
    }

    /** The event document exactly as AWS publishes it. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("clientId", clientId)
                .add("timestamp", timestamp)
                .add("eventType", type.eventType)
                .add("sessionIdentifier", sessionIdentifier)
                .add("principalIdentifier", principalIdentifier);
        if (type == Type.CONNECTED || type == Type.DISCONNECTED) {
            clientInitiatedDisconnect.ifPresent(c -> json.add("clientInitiatedDisconnect", c));
            ipAddress.ifPresent(ip -> json.add("ipAddress", ip));
            json.add("versionNumber", versionNumber);
            disconnectReason.ifPresent(reason -> json.add("disconnectReason", reason));
        } else {
            json.add("topics", Json.createArrayBuilder(topics));
        }
        return json.build();
    }
}
