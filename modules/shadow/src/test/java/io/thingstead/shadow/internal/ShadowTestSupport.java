package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.DeleteOutcome;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowDocuments;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Helpers shared by the shadow tests: JSON literals, running operations, comparing documents. */
abstract class ShadowTestSupport {
    static final ShadowId THING = ShadowId.classic("myThing");

    final ShadowDocuments shadows = new DefaultShadowDocuments();

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    static JsonValue jsonValue(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> keys(JsonObject object) {
        return List.copyOf(object.keySet());
    }

    /** Compares documents exactly: members, values, number representations and member order. */
    static void assertSameDocument(JsonStructure actual, String expected) {
        JsonStructure parsed;
        try (var reader = Json.createReader(new StringReader(expected))) {
            parsed = reader.read();
        }
        assertThat(JsonTrees.write(actual)).isEqualTo(JsonTrees.write(parsed));
    }

    UpdateOutcome.Accepted accepted(ShadowState current, String request, long timestamp) {
        UpdateOutcome outcome = shadows.update(current, bytes(request), timestamp);
        assertThat(outcome).as("outcome of %s", request).isInstanceOf(UpdateOutcome.Accepted.class);
        return (UpdateOutcome.Accepted) outcome;
    }

    ShadowError rejected(ShadowState current, String request, long timestamp) {
        UpdateOutcome outcome = shadows.update(current, bytes(request), timestamp);
        assertThat(outcome).as("outcome of %s", request).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).error();
    }

    /** Applies the requests in turn, starting from no shadow, each at {@code timestamp}, and returns the last state. */
    ShadowState stateAfter(long timestamp, String... requests) {
        ShadowState state = null;
        for (String request : requests) {
            state = accepted(state, request, timestamp).state();
        }
        return state;
    }

    JsonObject getDocument(ShadowState current, GetRequest request, long timestamp) {
        GetOutcome outcome = shadows.get(THING, current, request, timestamp);
        assertThat(outcome).isInstanceOf(GetOutcome.Accepted.class);
        return ((GetOutcome.Accepted) outcome).document();
    }

    DeleteOutcome.Accepted deleted(ShadowState current, long timestamp) {
        DeleteOutcome outcome = shadows.delete(THING, current, bytes(""), timestamp);
        assertThat(outcome).isInstanceOf(DeleteOutcome.Accepted.class);
        return (DeleteOutcome.Accepted) outcome;
    }

    static ShadowState emptyShadow(long version, long timestamp) {
        return ShadowState.of(
                JsonValue.EMPTY_JSON_OBJECT,
                JsonValue.EMPTY_JSON_OBJECT,
                JsonValue.EMPTY_JSON_OBJECT,
                JsonValue.EMPTY_JSON_OBJECT,
                version,
                timestamp);
    }
}
