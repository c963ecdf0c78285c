package io.thingstead.shadow.internal;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON tree operations of the shadow semantics: merge, delta, comparison, measurement. All inputs are immutable. */
final class JsonTrees {
    static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonWriterFactory COMPACT = JSON.createWriterFactory(Map.of());

    private JsonTrees() {}

    static boolean isObject(JsonValue value) {
        return value != null && value.getValueType() == ValueType.OBJECT;
    }

    static boolean isArray(JsonValue value) {
        return value != null && value.getValueType() == ValueType.ARRAY;
    }

    /**
     * Merges an update section into a stored section as AWS does: objects merge member by member, recursively; a
     * {@code null} member deletes that member; arrays and scalar values replace the stored value wholesale. A new
     * object (one with nothing to merge into) is stored without its {@code null} members. Stored members keep their
     * place; new members are appended.
     */
    static JsonObject merge(JsonObject stored, JsonObject update) {
        Map<String, JsonValue> merged = new LinkedHashMap<>(stored);
        for (Map.Entry<String, JsonValue> member : update.entrySet()) {
            String name = member.getKey();
            JsonValue value = member.getValue();
            switch (value.getValueType()) {
                case NULL -> merged.remove(name);
                case OBJECT -> {
                    JsonValue previous = merged.get(name);
                    if (isObject(previous)) {
                        merged.put(name, merge(previous.asJsonObject(), value.asJsonObject()));
                    } else {
                        JsonObject created = withoutNulls(value.asJsonObject());
                        if (created == null) {
                            merged.remove(name);
                        } else {
                            merged.put(name, created);
                        }
                    }
                }
                default -> merged.put(name, value);
            }
        }
        return object(merged);
    }

    /**
     * The object without its {@code null} members, recursively; {@code null} if that leaves nothing of a non-empty
     * object (an object that was empty to begin with stays an empty object).
     */
    static JsonObject withoutNulls(JsonObject object) {
        Map<String, JsonValue> kept = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            JsonValue value = member.getValue();
            if (value.getValueType() == ValueType.NULL) {
                continue;
            }
            if (isObject(value)) {
                JsonObject child = withoutNulls(value.asJsonObject());
                if (child != null) {
                    kept.put(member.getKey(), child);
                }
            } else {
                kept.put(member.getKey(), value);
            }
        }
        if (kept.isEmpty() && !object.isEmpty()) {
            return null;
        }
        return object(kept);
    }

    /**
     * The delta of {@code desired} against {@code reported}: every desired member whose value the reported section
     * lacks or holds differently, nested objects compared member by member (so the delta keeps the path to the
     * root), arrays and scalars compared as whole values. Empty desired objects contribute nothing.
     */
    static JsonObject delta(JsonObject desired, JsonObject reported) {
        JsonObjectBuilder delta = JSON.createObjectBuilder();
        for (Map.Entry<String, JsonValue> member : desired.entrySet()) {
            String name = member.getKey();
            JsonValue wanted = member.getValue();
            if (isObject(wanted) && wanted.asJsonObject().isEmpty()) {
                continue;
            }
            JsonValue actual = reported.get(name);
            if (actual == null) {
                delta.add(name, wanted);
            } else if (isObject(wanted) && isObject(actual)) {
                JsonObject nested = delta(wanted.asJsonObject(), actual.asJsonObject());
                if (!nested.isEmpty()) {
                    delta.add(name, nested);
                }
            } else if (!sameValue(wanted, actual)) {
                delta.add(name, wanted);
            }
        }
        return delta.build();
    }

    /**
     * Whether two JSON values are the same value: numbers by numeric value ({@code 1} is {@code 1.0}), objects by
     * members regardless of order, arrays element by element, everything else by equality.
     */
    static boolean sameValue(JsonValue a, JsonValue b) {
        if (a.getValueType() != b.getValueType()) {
            return false;
        }
        return switch (a.getValueType()) {
            case NUMBER -> ((JsonNumber) a).bigDecimalValue().compareTo(((JsonNumber) b).bigDecimalValue()) == 0;
            case OBJECT -> sameObject(a.asJsonObject(), b.asJsonObject());
            case ARRAY -> sameArray(a.asJsonArray(), b.asJsonArray());
            default -> a.equals(b);
        };
    }

    private static boolean sameObject(JsonObject a, JsonObject b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, JsonValue> member : a.entrySet()) {
            if (!sameValue(member.getValue(), b.get(member.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameArray(JsonArray a, JsonArray b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameValue(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The nesting depth of a value: 0 for a scalar or {@code null}, 1 for an object or array holding no containers,
     * and so on. The walk stops once the depth exceeds {@code limit}, returning {@code limit + 1}.
     */
    static int depth(JsonValue value, int limit) {
        return depth(value, 1, limit);
    }

    private static int depth(JsonValue value, int level, int limit) {
        Iterable<JsonValue> children;
        if (isObject(value)) {
            children = value.asJsonObject().values();
        } else if (isArray(value)) {
            children = value.asJsonArray();
        } else {
            return level - 1;
        }
        if (level > limit) {
            return level;
        }
        int deepest = level;
        for (JsonValue child : children) {
            deepest = Math.max(deepest, depth(child, level + 1, limit));
            if (deepest > limit) {
                return deepest;
            }
        }
        return deepest;
    }

    /**
     * Whether a {@code null} appears anywhere inside an array within {@code value}, also as a member of an object held
     * by the array: AWS rejects those ("Arrays can't have null values"), since an array is stored as it is sent.
     */
    static boolean hasNullInArray(JsonValue value) {
        return hasNullInArray(value, false);
    }

    private static boolean hasNullInArray(JsonValue value, boolean insideArray) {
        Iterable<JsonValue> children;
        if (isObject(value)) {
            children = value.asJsonObject().values();
        } else if (isArray(value)) {
            children = value.asJsonArray();
            insideArray = true;
        } else {
            return insideArray && value.getValueType() == ValueType.NULL;
        }
        for (JsonValue child : children) {
            if (hasNullInArray(child, insideArray)) {
                return true;
            }
        }
        return false;
    }

    /** The size of a structure serialized compactly, in UTF-8 bytes. */
    static int utf8Size(JsonStructure structure) {
        return write(structure).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The compact JSON text of a structure. */
    static String write(JsonStructure structure) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = COMPACT.createWriter(text)) {
            writer.write(structure);
        }
        return text.toString();
    }

    static JsonObject object(Map<String, JsonValue> members) {
        JsonObjectBuilder builder = JSON.createObjectBuilder();
        members.forEach(builder::add);
        return builder.build();
    }

    static JsonArray array(List<JsonValue> elements) {
        JsonArrayBuilder builder = JSON.createArrayBuilder();
        elements.forEach(builder::add);
        return builder.build();
    }
}
