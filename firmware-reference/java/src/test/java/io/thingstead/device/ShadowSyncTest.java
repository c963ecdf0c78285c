package io.thingstead.device;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowSyncTest {
    private final List<Map<String, JsonValue>> applied = new ArrayList<>();
    private final ShadowSync sync = new ShadowSync("lamp-7", Map.of("color", Json.createValue("off")), applied::add);

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void onConnectWhatWasDesiredMeanwhileIsAppliedAndEverythingReported() {
        String report = sync.onGetAccepted(json("{\"state\":{\"desired\":{\"color\":\"RED\"},"
                + "\"reported\":{\"color\":\"off\"},\"delta\":{\"color\":\"RED\"}},\"version\":4}"));

        assertThat(applied).containsExactly(Map.of("color", Json.createValue("RED")));
        JsonObject reported = json(report).getJsonObject("state").getJsonObject("reported");
        assertThat(reported.getString("color")).isEqualTo("RED");
        assertThat(sync.lastVersion()).isEqualTo(4);
        assertThat(json(report).getString("clientToken")).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void aDeltaIsAppliedAndOnlyItsKeysReported() {
        sync.onGetAccepted(json("{\"state\":{},\"version\":1}"));
        String report = sync.onDelta(json("{\"state\":{\"brightness\":80},\"version\":2}"));

        JsonObject reported = json(report).getJsonObject("state").getJsonObject("reported");
        assertThat(reported.keySet()).containsExactly("brightness");
        assertThat(reported.getInt("brightness")).isEqualTo(80);
        assertThat(sync.state()).containsEntry("color", Json.createValue("off"));
    }

    @Test
    void rejectionsLeadToAskingAgainOrToCreatingTheShadow() {
        assertThat(sync.afterRejection(json("{\"code\":409,\"message\":\"Version conflict\"}")))
                .hasValueSatisfying(next -> assertThat(next).doesNotContain("\"state\""));
        assertThat(sync.afterRejection(json("{\"code\":404,\"message\":\"No shadow exists with name: 'lamp-7'\"}")))
                .hasValueSatisfying(next -> assertThat(next).contains("\"reported\""));
    }

    @Test
    void topicsAreTheClassicShadowOnes() {
        assertThat(sync.topic("update/delta")).isEqualTo("$aws/things/lamp-7/shadow/update/delta");
    }

    @Test
    void aNamedShadowHasItsOwnTopics() {
        ShadowSync pairing = new ShadowSync(
                "lamp-7", java.util.Optional.of("pairing"), Map.of("owner", Json.createValue("")), applied::add);

        assertThat(pairing.topic("update/delta")).isEqualTo("$aws/things/lamp-7/shadow/name/pairing/update/delta");
        assertThat(sync.topic("update/delta")).isEqualTo("$aws/things/lamp-7/shadow/update/delta");
        String report = pairing.onDelta(
                json("{\"state\":{\"owner\":\"us-east-1:0b7c6a8e-3f4d-4b5e-9a1c-2d3e4f5a6b7c\"}," + "\"version\":3}"));
        assertThat(json(report).getJsonObject("state").getJsonObject("reported").getString("owner"))
                .isEqualTo("us-east-1:0b7c6a8e-3f4d-4b5e-9a1c-2d3e4f5a6b7c");
    }
}
