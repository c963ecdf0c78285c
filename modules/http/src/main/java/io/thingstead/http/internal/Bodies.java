package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading AWS request bodies: typed accessors that refuse wrong types with a message naming the member, as AWS's
 * validation does ("1 validation error detected: ...").
 */
final class Bodies {
    static final JsonLimits CONTROL_PLANE = new JsonLimits(128 * 1024, 16);

    private Bodies() {}

    static JsonObject body(byte[] body) {
        if (body == null || body.length == 0) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        return JsonDocuments.readObject(body, CONTROL_PLANE);
    }

    static Optional<String> string(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw wrongType(member, "a string");
        }
        return Optional.of(string.getString());
    }

    static Optional<Boolean> bool(JsonObject object, String member) {
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

    static Optional<Long> integer(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw wrongType(member, "an integer");
        }
        try {
            return Optional.of(number.longValueExact());
        } catch (ArithmeticException e) {
            throw wrongType(member, "an integer within 64 bits");
        }
    }

    static Optional<JsonObject> object(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw wrongType(member, "an object");
        }
        return Optional.of(value.asJsonObject());
    }

    static List<String> strings(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw wrongType(member, "a list of strings");
        }
        List<String> strings = new ArrayList<>(array.size());
        for (JsonValue item : array) {
            if (!(item instanceof JsonString string)) {
                throw wrongType(member, "a list of strings");
            }
            strings.add(string.getString());
        }
        return strings;
    }

    /** A string-to-string map member (attributes). */
    static Optional<Map<String, String>> stringMap(JsonObject object, String member) {
        Optional<JsonObject> map = object(object, member);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : map.get().entrySet()) {
            if (!(entry.getValue() instanceof JsonString string)) {
                throw wrongType(member + "." + entry.getKey(), "a string");
            }
            result.put(entry.getKey(), string.getString());
        }
        return Optional.of(result);
    }

    /** AWS's date format in JSON responses: epoch seconds with a fraction. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    private static IotException wrongType(String member, String expected) {
        return IotException.invalidRequest("1 validation error detected: Value at '" + member + "' failed to satisfy"
                + " constraint: Member must be " + expected);
    }
}
