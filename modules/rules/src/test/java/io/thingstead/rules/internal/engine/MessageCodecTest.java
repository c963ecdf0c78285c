package io.thingstead.rules.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.UserProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    @Test
    void aMessageComesBackFromItsInboxRowAsItWasStored() {
        DeviceMessage message = new DeviceMessage(
                DeviceMessage.Origin.MQTT,
                Optional.of("sensor-1"),
                Optional.of("thing-1"),
                "cert-abc",
                "sensors/sensor-1/data",
                "{\"temp\": 35} ünïcode".getBytes(StandardCharsets.UTF_8),
                1,
                false,
                List.of(new UserProperty("a", "1"), new UserProperty("a", "2")),
                Optional.of("application/json"),
                Optional.empty(),
                Optional.of(new byte[] {1, 2, 3}),
                Instant.ofEpochMilli(1_700_000_000_123L));
        InboxMessage stored = new InboxMessage(message, Optional.of("rule_1"), "trace-1");

        InboxMessage back = MessageCodec.decode(42, Optional.of("rule_1"), MessageCodec.encode(stored));

        assertThat(back.id()).isEqualTo(42);
        assertThat(back.traceId()).isEqualTo("trace-1");
        assertThat(back.ruleName()).hasValue("rule_1");
        DeviceMessage m = back.message();
        assertThat(m.origin()).isEqualTo(DeviceMessage.Origin.MQTT);
        assertThat(m.clientId()).hasValue("sensor-1");
        assertThat(m.thingName()).hasValue("thing-1");
        assertThat(m.principal()).isEqualTo("cert-abc");
        assertThat(m.topic()).isEqualTo("sensors/sensor-1/data");
        assertThat(m.payload()).isEqualTo(message.payload());
        assertThat(m.qos()).isEqualTo(1);
        assertThat(m.userProperties()).containsExactly(new UserProperty("a", "1"), new UserProperty("a", "2"));
        assertThat(m.contentType()).hasValue("application/json");
        assertThat(m.responseTopic()).isEmpty();
        assertThat(m.correlationData()).hasValueSatisfying(c -> assertThat(c).containsExactly(1, 2, 3));
        assertThat(m.receivedAt()).isEqualTo(message.receivedAt());
    }

    @Test
    void aBasicIngestTopicLosesItsPrefixForTheRule() {
        assertThat(Dispatcher.withoutBasicIngestPrefix("$aws/rules/my_rule/sensors/1"))
                .isEqualTo("sensors/1");
        assertThat(Dispatcher.withoutBasicIngestPrefix("$aws/rules/my_rule")).isEmpty();
        assertThat(Dispatcher.withoutBasicIngestPrefix("sensors/1")).isEqualTo("sensors/1");
    }
}
