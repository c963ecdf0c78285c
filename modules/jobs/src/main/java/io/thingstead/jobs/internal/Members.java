package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.IotException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading request members as AWS validates them: a wrong type or a value outside its constraint is an {@code
 * InvalidRequestException} naming the member ("1 validation error detected: ...").
 */
final class Members {
    static final Pattern JOB_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    /** Status detail keys: AWS's DetailsKey. */
    static final Pattern DETAILS_KEY = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    private Members() {}

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

    static Optional<Long> integer(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString string) {
            // the device SDKs send some numbers (expectedVersion) as strings, as AWS's MQTT documentation shows
            try {
                return Optional.of(Long.parseLong(string.getString()));
            } catch (NumberFormatException e) {
                throw wrongType(member, "an integer");
            }
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

    static Optional<Double> decimal(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number)) {
            throw wrongType(member, "a number");
        }
        return Optional.of(number.doubleValue());
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

    static Optional<JsonArray> array(JsonObject object, String member) {
        JsonValue value = object.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonArray array)) {
            throw wrongType(member, "a list");
        }
        return Optional.of(array);
    }

    static List<String> strings(JsonObject object, String member) {
        Optional<JsonArray> array = array(object, member);
        if (array.isEmpty()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>(array.get().size());
        for (JsonValue item : array.get()) {
            if (!(item instanceof JsonString string)) {
                throw wrongType(member, "a list of strings");
            }
            strings.add(string.getString());
        }
        return strings;
    }

    /**
     * A job execution's status details: at most 10 entries, keys {@code [a-zA-Z0-9:_-]{1,128}}, values 1 to 1,024
     * characters without control characters (AWS's DetailsMap).
     */
    static Optional<Map<String, String>> statusDetails(JsonObject object, String member) {
        Optional<JsonObject> details = object(object, member);
        if (details.isEmpty()) {
            return Optional.empty();
        }
        if (details.get().size() > 10) {
            throw IotException.invalidRequest("statusDetails can have at most 10 entries, not "
                    + details.get().size() + ".");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : details.get().entrySet()) {
            if (!DETAILS_KEY.matcher(entry.getKey()).matches()) {
                throw IotException.invalidRequest("Invalid statusDetails key: " + cut(entry.getKey())
                        + " (1 to 128 letters, digits, ':', '_' and '-').");
            }
            if (!(entry.getValue() instanceof JsonString value)) {
                throw wrongType(member + "." + entry.getKey(), "a string");
            }
            String text = value.getString();
            if (text.isEmpty() || text.length() > 1024 || text.chars().anyMatch(Character::isISOControl)) {
                throw IotException.invalidRequest("Invalid statusDetails value for " + entry.getKey()
                        + ": 1 to 1024 characters without control characters.");
            }
            result.put(entry.getKey(), text);
        }
        return Optional.of(result);
    }

    static String requireJobId(String jobId) {
        return require("jobId", jobId, JOB_ID, "[a-zA-Z0-9_-]+", 64);
    }

    static String requireThingName(String thingName) {
        return require("thingName", thingName, THING_NAME, "[a-zA-Z0-9:_-]+", 128);
    }

    static String require(String member, String value, Pattern pattern, String patternText, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw IotException.invalidRequest("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint:" + " Member must not be null");
        }
        if (value.length() > maxLength) {
            throw IotException.invalidRequest("1 validation error detected: Value '" + cut(value) + "' at '"
                    + member + "' failed to satisfy constraint: Member must have length less than or equal to "
                    + maxLength);
        }
        if (!pattern.matcher(value).matches()) {
            throw IotException.invalidRequest("1 validation error detected: Value '" + cut(value) + "' at '"
                    + member + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + patternText);
        }
        return value;
    }

    static IotException wrongType(String member, String expected) {
        return IotException.invalidRequest("1 validation error detected: Value at '" + member
                + "' failed to satisfy constraint: Member must be " + expected);
    }

    static IotException outOfRange(String member, Object value, String constraint) {
        return IotException.invalidRequest("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must have value " + constraint);
    }

    static String cut(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }

    static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    static JsonObject stringMap(Map<String, String> map) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        map.forEach(builder::add);
        return builder.build();
    }

    static Map<String, String> stringMap(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        parse(json).forEach((key, value) -> map.put(key, ((JsonString) value).getString()));
        return map;
    }
}
