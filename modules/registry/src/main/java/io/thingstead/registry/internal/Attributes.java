package io.thingstead.registry.internal;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.TreeMap;

/** Attributes as stored: a JSONB object of string values. */
final class Attributes {
    private Attributes() {}

    static String toJson(Map<String, String> attributes) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        new TreeMap<>(attributes).forEach(json::add);
        return json.build().toString();
    }

    static Map<String, String> fromJson(String json) {
        Map<String, String> attributes = new TreeMap<>();
        if (json == null) {
            return attributes;
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                if (entry.getValue() instanceof JsonString value) {
                    attributes.put(entry.getKey(), value.getString());
                }
            }
        }
        return attributes;
    }

    /** AWS's merge: given values replace, an empty value removes; without merge the given set replaces all. */
    static Map<String, String> apply(Map<String, String> current, Map<String, String> given, boolean merge) {
        Map<String, String> result = merge ? new TreeMap<>(current) : new TreeMap<>();
        given.forEach((key, value) -> {
            if (value.isEmpty()) {
                result.remove(key);
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
