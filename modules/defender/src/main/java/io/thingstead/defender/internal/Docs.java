package io.thingstead.defender.internal;

import io.thingstead.common.api.error.IotException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading AWS request documents with AWS's validation messages, and the JSON kept in text columns. */
public final class Docs {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    private Docs() {}

    public static JsonValue parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    public static JsonObject object(String text) {
        return parse(text).asJsonObject();
    }

    public static JsonArray array(String text) {
        return parse(text).asJsonArray();
    }

    public static Optional<String> string(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw wrongType(member, "a string");
        }
        return Optional.of(string.getString());
    }

    public static String required(JsonObject object, String member) {
        return string(object, member).orElseThrow(() -> IotException.invalidRequest(member + " is required."));
    }

    public static Optional<Boolean> bool(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        return switch (value.getValueType()) {
            case TRUE -> Optional.of(true);
            case FALSE -> Optional.of(false);
            default -> throw wrongType(member, "a boolean");
        };
    }

    public static Optional<Long> integer(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw wrongType(member, "an integer");
        }
        return Optional.of(number.longValue());
    }

    public static Optional<Double> number(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number)) {
            throw wrongType(member, "a number");
        }
        return Optional.of(number.doubleValue());
    }

    /** An AWS timestamp member: epoch seconds (a number, as the SDKs send it). */
    public static Optional<Instant> time(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonNumber number) {
            return Optional.of(Instant.ofEpochMilli(
                    number.bigDecimalValue().movePointRight(3).longValue()));
        }
        throw wrongType(member, "a timestamp");
    }

    public static Optional<JsonObject> obj(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw wrongType(member, "an object");
        }
        return Optional.of(value.asJsonObject());
    }

    public static Optional<JsonArray> arr(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw wrongType(member, "a list");
        }
        return Optional.of(value.asJsonArray());
    }

    public static List<String> strings(JsonObject object, String member) {
        Optional<JsonArray> array = arr(object, member);
        if (array.isEmpty()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (JsonValue item : array.get()) {
            if (!(item instanceof JsonString string)) {
                throw wrongType(member, "a list of strings");
            }
            strings.add(string.getString());
        }
        return strings;
    }

    /** AWS's date format in responses: epoch seconds with a fraction. */
    public static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    /** A resource name (security profile, custom metric, scheduled audit, mitigation action). */
    public static String name(String member, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw IotException.invalidRequest("1 validation error detected: Value '" + cut(value) + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " [a-zA-Z0-9:_-]+");
        }
        return value;
    }

    public static IotException wrongType(String member, String expected) {
        return IotException.invalidRequest("1 validation error detected: Value at '" + member + "' failed to satisfy"
                + " constraint: Member must be " + expected);
    }

    public static String cut(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
