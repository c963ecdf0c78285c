package io.thingstead.gateway.internal.routing;

import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test messages and a publisher that records what it is asked to publish. */
final class Messages {
    private Messages() {}

    static DeviceMessage mqtt(String clientId, String topic, String payload, int qos) {
        return new DeviceMessage(
                DeviceMessage.Origin.MQTT,
                Optional.of(clientId),
                Optional.empty(),
                "cert-" + clientId,
                topic,
                payload.getBytes(StandardCharsets.UTF_8),
                qos,
                false,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Instant.EPOCH);
    }

    /** Records publishes; every one succeeds, publishToClient with {@code true}. */
    static final class RecordingPublisher implements Publisher {
        final List<String> published = new CopyOnWriteArrayList<>();
        final List<String> toClient = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> publish(OutboundMessage message) {
            published.add(message.topic());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Boolean> publishToClient(OutboundMessage message, String clientId) {
            toClient.add(clientId + " " + message.topic());
            return CompletableFuture.completedFuture(true);
        }
    }
}
