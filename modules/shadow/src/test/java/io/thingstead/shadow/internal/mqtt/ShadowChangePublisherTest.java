package io.thingstead.shadow.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.shadow.api.ShadowChanged;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.internal.ShadowSettings;
import io.thingstead.shadow.internal.UpdateThrottle;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ShadowChangePublisherTest {
    private final RecordingGateway gateway = new RecordingGateway();
    private final ShadowChangePublisher publisher = publisher(gateway);

    @Test
    void anUpdateIsAnnouncedAsAcceptedDeltaAndDocumentsInThatOrderAtQos1() {
        publisher.onCommitted(new ShadowChanged(
                ShadowId.classic("lamp-1"),
                ShadowChanged.Kind.UPDATED,
                1,
                doc("accepted"),
                Optional.of(doc("delta")),
                Optional.of(doc("documents"))));
        assertThat(gateway.published)
                .extracting(OutboundMessage::topic)
                .containsExactly(
                        "$aws/things/lamp-1/shadow/update/accepted",
                        "$aws/things/lamp-1/shadow/update/delta",
                        "$aws/things/lamp-1/shadow/update/documents");
        assertThat(gateway.published)
                .allSatisfy(message -> assertThat(message.qos()).isEqualTo(1));
        assertThat(new String(gateway.published.get(1).payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"is\":\"delta\"}");
    }

    @Test
    void noDeltaWhenDesiredAndReportedAgreeAndNamedShadowsUseTheirPrefix() {
        publisher.onCommitted(new ShadowChanged(
                ShadowId.named("lamp-1", "config"),
                ShadowChanged.Kind.UPDATED,
                2,
                doc("accepted"),
                Optional.empty(),
                Optional.of(doc("documents"))));
        assertThat(gateway.published)
                .extracting(OutboundMessage::topic)
                .containsExactly(
                        "$aws/things/lamp-1/shadow/name/config/update/accepted",
                        "$aws/things/lamp-1/shadow/name/config/update/documents");
    }

    @Test
    void aDeleteIsAnnouncedOnDeleteAccepted() {
        publisher.onCommitted(new ShadowChanged(
                ShadowId.classic("lamp-1"),
                ShadowChanged.Kind.DELETED,
                3,
                doc("deleted"),
                Optional.empty(),
                Optional.empty()));
        assertThat(gateway.published)
                .extracting(OutboundMessage::topic)
                .containsExactly("$aws/things/lamp-1/shadow/delete/accepted");
    }

    @Test
    void aStoppedGatewayDoesNotFailTheCommittedChange() {
        gateway.running = false;
        publisher.onCommitted(new ShadowChanged(
                ShadowId.classic("lamp-1"),
                ShadowChanged.Kind.UPDATED,
                1,
                doc("accepted"),
                Optional.of(doc("delta")),
                Optional.of(doc("documents"))));
        assertThat(gateway.attempts).isEqualTo(3);
        assertThat(gateway.published).isEmpty();
    }

    private static JsonObject doc(String name) {
        return Json.createObjectBuilder().add("is", name).build();
    }

    private static ShadowChangePublisher publisher(Gateway gateway) {
        ShadowPublisher documents = new ShadowPublisher();
        documents.gateway = gateway;
        documents.throttle = new UpdateThrottle() {
            @Override
            public ShadowSettings settings() {
                return ShadowSettings.DEFAULTS;
            }
        };
        ShadowChangePublisher publisher = new ShadowChangePublisher();
        publisher.publisher = documents;
        return publisher;
    }

    /** Completes every publish at once, as a gateway whose broker routed the message. */
    static final class RecordingGateway implements Gateway {
        final List<OutboundMessage> published = new ArrayList<>();
        boolean running = true;
        int attempts;

        @Override
        public CompletionStage<Void> publish(OutboundMessage message) {
            attempts++;
            if (!running) {
                throw new IotException(ErrorCode.SERVICE_UNAVAILABLE, "not running");
            }
            published.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Boolean> publishToClient(OutboundMessage message, String clientId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> publishFromDataPlane(OutboundMessage message, String principal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean running() {
            return running;
        }

        @Override
        public boolean connected(String clientId) {
            return false;
        }

        @Override
        public int connectionCount() {
            return 0;
        }

        @Override
        public CompletionStage<Boolean> disconnect(String clientId, String reason) {
            throw new UnsupportedOperationException();
        }
    }
}
