package io.thingstead.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleEventTest {
    @Test
    void connectedAndDisconnectedDocumentsHaveAwsFields() {
        LifecycleEvent connected = new LifecycleEvent(
                LifecycleEvent.Type.CONNECTED,
                "lamp-1",
                1573002230757L,
                "a4666d2a7d844ae4ac5d7b38c9cb7967",
                "12345678901234567890123456789012",
                Optional.of("192.0.2.0"),
                0,
                Optional.empty(),
                Optional.empty(),
                List.of());
        LifecycleEvent disconnected = new LifecycleEvent(
                LifecycleEvent.Type.DISCONNECTED,
                "lamp-1",
                1573002340451L,
                "a4666d2a7d844ae4ac5d7b38c9cb7967",
                "12345678901234567890123456789012",
                Optional.of("192.0.2.0"),
                1,
                Optional.of(true),
                Optional.of("CLIENT_INITIATED_DISCONNECT"),
                List.of());

        assertThat(connected.topic()).isEqualTo("$aws/events/presence/connected/lamp-1");
        assertThat(connected.toJson().toString())
                .isEqualTo("{\"clientId\":\"lamp-1\",\"timestamp\":1573002230757,\"eventType\":\"connected\","
                        + "\"sessionIdentifier\":\"a4666d2a7d844ae4ac5d7b38c9cb7967\","
                        + "\"principalIdentifier\":\"12345678901234567890123456789012\","
                        + "\"ipAddress\":\"192.0.2.0\",\"versionNumber\":0}");
        assertThat(disconnected.topic()).isEqualTo("$aws/events/presence/disconnected/lamp-1");
        assertThat(disconnected.toJson().getBoolean("clientInitiatedDisconnect"))
                .isTrue();
        assertThat(disconnected.toJson().getString("disconnectReason")).isEqualTo("CLIENT_INITIATED_DISCONNECT");
        assertThat(disconnected.toJson().getInt("versionNumber")).isEqualTo(1);
    }

    @Test
    void subscriptionEventsListTheirTopics() {
        LifecycleEvent subscribed = new LifecycleEvent(
                LifecycleEvent.Type.SUBSCRIBED,
                "lamp-1",
                1L,
                "s",
                "p",
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty(),
                List.of("foo/bar", "$aws/things/lamp-1/shadow/update/delta"));

        assertThat(subscribed.topic()).isEqualTo("$aws/events/subscriptions/subscribed/lamp-1");
        assertThat(subscribed.toJson().getJsonArray("topics")).hasSize(2);
        assertThat(subscribed.toJson().containsKey("versionNumber")).isFalse();
    }
}
