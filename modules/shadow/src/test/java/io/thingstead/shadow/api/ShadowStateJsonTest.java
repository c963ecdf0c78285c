package io.thingstead.shadow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.shadow.internal.DefaultShadowDocuments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The storage form of a shadow state: lossless, including metadata, version and tombstones. */
class ShadowStateJsonTest {
    private final ShadowDocuments shadows = new DefaultShadowDocuments();

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private ShadowState updated(ShadowState current, String request, long timestamp) {
        return ((UpdateOutcome.Accepted) shadows.update(current, request.getBytes(StandardCharsets.UTF_8), timestamp))
                .state();
    }

    @Test
    void aShadowRoundTripsExactly() {
        ShadowState state = updated(
                updated(
                        null,
                        "{\"state\":{\"reported\":{\"z\":1.0,\"big\":123456789012345678901234567890,\"list\":[{\"k\":[1,2]}]}}}",
                        100L),
                "{\"state\":{\"desired\":{\"b\":{\"c\":\"é\"},\"a\":false}}}",
                200L);

        JsonObject stored = state.toJson();
        ShadowState restored = ShadowState.fromJson(json(stored.toString()));

        assertThat(restored).isEqualTo(state);
        assertThat(restored.toJson().toString()).isEqualTo(stored.toString());
        assertThat(stored.toString())
                .isEqualTo("{\"state\":{\"desired\":{\"b\":{\"c\":\"é\"},\"a\":false},"
                        + "\"reported\":{\"z\":1.0,\"big\":123456789012345678901234567890,\"list\":[{\"k\":[1,2]}]}},"
                        + "\"metadata\":{\"desired\":{\"b\":{\"c\":{\"timestamp\":200}},\"a\":{\"timestamp\":200}},"
                        + "\"reported\":{\"z\":{\"timestamp\":100},\"big\":{\"timestamp\":100},"
                        + "\"list\":[{\"k\":[{\"timestamp\":100},{\"timestamp\":100}]}]}},"
                        + "\"version\":2,\"timestamp\":200}");
    }

    @Test
    void anEmptyShadowRoundTrips() {
        ShadowState state = updated(null, "{\"state\":null}", 5L);

        assertThat(state.toJson()).isEqualTo(json("{\"state\":{},\"metadata\":{},\"version\":1,\"timestamp\":5}"));
        assertThat(ShadowState.fromJson(state.toJson())).isEqualTo(state);
    }

    @Test
    void aTombstoneRoundTrips() {
        ShadowState tombstone = ShadowState.tombstone(12, 1591057529L);

        assertThat(tombstone.toJson()).isEqualTo(json("{\"deleted\":true,\"version\":12,\"timestamp\":1591057529}"));
        assertThat(ShadowState.fromJson(tombstone.toJson())).isEqualTo(tombstone);
        assertThat(ShadowState.fromJson(tombstone.toJson()).exists()).isFalse();
    }

    @Test
    void aRestoredShadowBehavesLikeTheOriginal() {
        ShadowState state = updated(null, "{\"state\":{\"desired\":{\"a\":1}}}", 1L);
        ShadowState restored = ShadowState.fromJson(json(state.toJson().toString()));

        assertThat(shadows.update(
                        restored, "{\"state\":{\"reported\":{\"a\":0}}}".getBytes(StandardCharsets.UTF_8), 2L))
                .isEqualTo(shadows.update(
                        state, "{\"state\":{\"reported\":{\"a\":0}}}".getBytes(StandardCharsets.UTF_8), 2L));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"state\":{},\"metadata\":{},\"version\":1}",
                "{\"state\":{},\"metadata\":{},\"version\":\"1\",\"timestamp\":1}",
                "{\"state\":{},\"metadata\":{},\"version\":1.5,\"timestamp\":1}",
                "{\"state\":{},\"metadata\":{},\"version\":0,\"timestamp\":1}",
                "{\"state\":[],\"metadata\":{},\"version\":1,\"timestamp\":1}",
                "{\"state\":{\"delta\":{}},\"metadata\":{},\"version\":1,\"timestamp\":1}",
                "{\"state\":{\"desired\":5},\"metadata\":{},\"version\":1,\"timestamp\":1}",
                "{\"state\":{\"desired\":{\"a\":1}},\"metadata\":{},\"version\":1,\"timestamp\":1}",
                "{\"state\":{},\"metadata\":{},\"version\":1,\"timestamp\":1,\"extra\":1}",
                "{\"deleted\":false,\"version\":1,\"timestamp\":1}",
                "{\"deleted\":true,\"version\":1,\"timestamp\":1,\"state\":{}}",
                "{\"state\":{},\"metadata\":{},\"version\":1,\"timestamp\":-1}"
            })
    void malformedStoredStatesAreRefused(String stored) {
        assertThatThrownBy(() -> ShadowState.fromJson(json(stored))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateAndMetadataObjectsListDesiredBeforeReported() {
        ShadowState state = updated(null, "{\"state\":{\"reported\":{\"r\":1},\"desired\":{\"d\":1}}}", 1L);

        assertThat(state.stateJson().keySet()).containsExactly("desired", "reported");
        assertThat(state.metadataJson().keySet()).containsExactly("desired", "reported");
    }

    @Test
    void aTombstoneHasNoState() {
        assertThatThrownBy(() -> new ShadowState(
                        json("{\"a\":1}"),
                        JsonValue.EMPTY_JSON_OBJECT,
                        json("{\"a\":{\"timestamp\":1}}"),
                        JsonValue.EMPTY_JSON_OBJECT,
                        1,
                        1,
                        true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
