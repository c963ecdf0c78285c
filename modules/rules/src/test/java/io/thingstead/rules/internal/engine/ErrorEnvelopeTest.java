package io.thingstead.rules.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.rules.internal.engine.ErrorEnvelope.Failure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The envelope of AWS IoT's developer guide, "Error action message format". */
class ErrorEnvelopeTest {
    @Test
    void oneMessagePerRuleAndMessageListsEveryFailedAction() {
        byte[] envelope = ErrorEnvelope.of(
                "TestAction",
                "testme/action",
                "7e146a2c-95b5-6caf-98b9-50e3969734c7",
                Optional.of("iotconsole-1511213971966-0"),
                "{\n  \"message\": \"Hello vrom AWS IoT console\"\n}".getBytes(StandardCharsets.UTF_8),
                List.of(
                        new Failure("HttpAction", "https://example.com/in", "the endpoint answered HTTP 500"),
                        new Failure("KafkaAction", "telemetry", "timeout")));
        JsonObject json = Json.createReader(new ByteArrayInputStream(envelope)).readObject();
        assertThat(json.getString("ruleName")).isEqualTo("TestAction");
        assertThat(json.getString("topic")).isEqualTo("testme/action");
        assertThat(json.getString("cloudwatchTraceId")).isEqualTo("7e146a2c-95b5-6caf-98b9-50e3969734c7");
        assertThat(json.getString("clientId")).isEqualTo("iotconsole-1511213971966-0");
        // the guide's own example payload and its base64
        assertThat(json.getString("base64OriginalPayload"))
                .isEqualTo("ewogICJtZXNzYWdlIjogIkhlbGxvIHZyb20gQVdTIElvVCBjb25zb2xlIgp9");
        assertThat(json.getJsonArray("failures")).hasSize(2);
        assertThat(json.getJsonArray("failures").getJsonObject(1).getString("failedAction"))
                .isEqualTo("KafkaAction");
        assertThat(json.getJsonArray("failures").getJsonObject(0).getString("failedResource"))
                .isEqualTo("https://example.com/in");
    }

    @Test
    void aMessageFromTheHttpsDataPlaneHasNoClientId() {
        byte[] envelope = ErrorEnvelope.of("r", "t", "x", Optional.empty(), new byte[0], List.of());
        assertThat(new String(envelope, StandardCharsets.UTF_8)).contains("\"clientId\":\"n/a\"");
    }
}
