package io.thingstead.shadow.internal;

import static io.thingstead.shadow.internal.JsonTrees.JSON;
import static io.thingstead.shadow.internal.JsonTrees.isObject;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shadow metadata: the state tree with each leaf replaced by {@code {"timestamp": t}} and each array by the array of
 * its elements' metadata, as the AWS developer guide shows it.
 */
final class ShadowMetadata {
    private ShadowMetadata() {}

    /** The metadata of a value written at {@code timestamp}; a {@code null} (a deletion) is a leaf too. */
    static JsonValue of(JsonValue value, long timestamp) {
        return of(value, leaf(timestamp));
    }

    private static JsonValue of(JsonValue value, JsonObject leaf) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, JsonValue> members = new LinkedHashMap<>();
                value.asJsonObject().forEach((name, child) -> members.put(name, of(child, leaf)));
                yield JsonTrees.object(members);
            }
            case ARRAY -> {
                List<JsonValue> elements = new ArrayList<>();
                value.asJsonArray().forEach(element -> elements.add(of(element, leaf)));
                yield JsonTrees.array(elements);
            }
            default -> leaf;
        };
    }

    static JsonObject leaf(long timestamp) {
        return JSON.createObjectBuilder().add("timestamp", timestamp).build();
    }

    /**
     * The metadata of a section after an update: only the members the update wrote get new timestamps; members it
     * deleted lose their metadata; members it left alone keep theirs.
     *
     * @param before the section before the update
     * @param metadata the section's metadata before the update
     * @param update the update's object for the section
     * @param after the section after the update
     */
    static JsonObject merge(
            JsonObject before, JsonObject metadata, JsonObject update, JsonObject after, long timestamp) {
        Map<String, JsonValue> merged = new LinkedHashMap<>(metadata);
        for (Map.Entry<String, JsonValue> member : update.entrySet()) {
            String name = member.getKey();
            JsonValue now = after.get(name);
            if (now == null) {
                merged.remove(name);
                continue;
            }
            JsonValue was = before.get(name);
            if (isObject(member.getValue()) && isObject(was) && isObject(now)) {
                JsonValue previousMetadata = metadata.get(name);
                JsonObject nested =
                        isObject(previousMetadata) ? previousMetadata.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
                merged.put(
                        name,
                        merge(
                                was.asJsonObject(),
                                nested,
                                member.getValue().asJsonObject(),
                                now.asJsonObject(),
                                timestamp));
            } else {
                merged.put(name, of(now, timestamp));
            }
        }
        return JsonTrees.object(merged);
    }

    /**
     * The metadata of a delta: for each member of the delta, the desired section's metadata of that member ("its
     * values are equal to the metadata in the desired field").
     */
    static JsonObject ofDelta(JsonObject delta, JsonObject desired, JsonObject desiredMetadata) {
        Map<String, JsonValue> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> member : delta.entrySet()) {
            String name = member.getKey();
            JsonValue wanted = desired.get(name);
            JsonValue wantedMetadata = desiredMetadata.get(name);
            if (wantedMetadata == null) {
                continue;
            }
            if (isObject(member.getValue()) && isObject(wanted) && isObject(wantedMetadata)) {
                metadata.put(
                        name,
                        ofDelta(
                                member.getValue().asJsonObject(),
                                wanted.asJsonObject(),
                                wantedMetadata.asJsonObject()));
            } else {
                metadata.put(name, wantedMetadata);
            }
        }
        return JsonTrees.object(metadata);
    }
}
