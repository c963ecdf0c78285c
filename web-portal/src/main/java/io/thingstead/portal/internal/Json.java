package io.thingstead.portal.internal;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** JSON for the portal's pages: reading what arrives, showing it, and turning what people type into values. */
public final class Json {
    private static final JsonWriterFactory PRETTY =
            jakarta.json.Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private Json() {}

    /** The text as an object, or empty when it is not one. */
    public static Optional<JsonObject> object(String text) {
        if (text == null || text.isBlank() || text.length() > 256 * 1024) {
            return Optional.empty();
        }
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static String pretty(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = PRETTY.createWriter(out)) {
            writer.write(value);
        }
        return out.toString().strip();
    }

    /**
     * What someone typed as a value: {@code true}/{@code false}, a number, {@code null}, JSON ({@code {...}},
     * {@code [...]}, {@code "..."}) as such, anything else as text.
     */
    public static JsonValue value(String typed) {
        String text = typed.strip();
        switch (text) {
            case "true" -> {
                return JsonValue.TRUE;
            }
            case "false" -> {
                return JsonValue.FALSE;
            }
            case "null" -> {
                return JsonValue.NULL;
            }
            default -> {}
        }
        if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return jakarta.json.Json.createValue(new BigDecimal(text));
        }
        if (text.startsWith("{") || text.startsWith("[") || text.startsWith("\"")) {
            try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(text))) {
                return reader.readValue();
            } catch (RuntimeException e) {
                // not JSON after all: text
            }
        }
        return jakarta.json.Json.createValue(text);
    }

    /** The members of {@code desired} that {@code reported} does not have with the same value (a delta). */
    public static JsonObject difference(JsonObject desired, JsonObject reported) {
        JsonObjectBuilder delta = jakarta.json.Json.createObjectBuilder();
        desired.forEach((name, value) -> {
            JsonValue actual = reported.get(name);
            if (value instanceof JsonObject nested && actual instanceof JsonObject actualNested) {
                JsonObject inner = difference(nested, actualNested);
                if (!inner.isEmpty()) {
                    delta.add(name, inner);
                }
            } else if (!value.equals(actual)) {
                delta.add(name, value);
            }
        });
        return delta.build();
    }
}
