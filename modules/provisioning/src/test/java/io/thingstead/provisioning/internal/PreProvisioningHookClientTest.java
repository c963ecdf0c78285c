package io.thingstead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.provisioning.internal.PreProvisioningHookClient.Decision;
import io.thingstead.provisioning.internal.PreProvisioningHookClient.HookRequest;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreProvisioningHookClientTest {
    @Test
    void thePayloadIsAwsHookPayload() {
        JsonObject payload = PreProvisioningHookClient.payload(new HookRequest(
                "claim", "cert", "-----BEGIN CERTIFICATE-----", "arn:t", "client-1", Map.of("SerialNumber", "1")));
        assertThat(payload.keySet())
                .containsExactlyInAnyOrder(
                        "claimCertificateId",
                        "certificateId",
                        "certificatePem",
                        "templateArn",
                        "clientId",
                        "parameters");
        assertThat(payload.getJsonObject("parameters").getString("SerialNumber"))
                .isEqualTo("1");
    }

    @Test
    void onlyAnExplicitAllowAllows() {
        assertThat(decide("{\"allowProvisioning\": true}")).isEqualTo(new Decision.Allowed(Map.of()));
        assertThat(decide("{\"allowProvisioning\": true, \"parameterOverrides\": {\"Location\": \"x\"}}"))
                .isEqualTo(new Decision.Allowed(Map.of("Location", "x")));
        for (String denied : new String[] {
            "{\"allowProvisioning\": false}",
            "{\"allowProvisioning\": \"true\"}",
            "{}",
            "[true]",
            "not json",
            "",
            "{\"allowProvisioning\": true, \"parameterOverrides\": {\"AWS::IoT::Certificate::Id\": \"x\"}}",
            "{\"allowProvisioning\": true, \"parameterOverrides\": {\"a b\": \"x\"}}",
            "{\"allowProvisioning\": true, \"parameterOverrides\": {\"Location\": 1}}",
            "{\"allowProvisioning\": true, \"parameterOverrides\": \"x\"}"
        }) {
            assertThat(decide(denied)).as(denied).isInstanceOf(Decision.Denied.class);
        }
    }

    private static Decision decide(String body) {
        return PreProvisioningHookClient.decide(body.getBytes(StandardCharsets.UTF_8));
    }
}
