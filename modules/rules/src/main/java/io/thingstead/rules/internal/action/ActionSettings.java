package io.thingstead.rules.internal.action;

import io.thingstead.common.api.error.IotException;
import io.thingstead.rules.internal.sql.SqlEngine;
import io.thingstead.rules.internal.sql.SqlVersion;
import io.thingstead.rules.internal.sql.SubstitutionTemplate;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One action's settings as the rule gives them (the object under the action's member, e.g. the {@code republish}
 * object), with typed readers that refuse what AWS's validation refuses, naming the member.
 *
 * @param ruleName the rule the action belongs to
 * @param member the action's member name, for messages ({@code republish}, {@code errorAction.http})
 * @param creating true when an operator creates or replaces the rule (an HTTP action then creates its destination
 *     as AWS does), false when the engine loads a stored rule
 */
public record ActionSettings(
        String ruleName, String member, JsonObject json, SqlEngine engine, SqlVersion version, boolean creating) {

    public String requiredString(String name) {
        return optionalString(name).filter(s -> !s.isEmpty()).orElseThrow(() -> invalid(name + " is required"));
    }

    public Optional<String> optionalString(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw invalid(name + " must be a string");
        }
        return Optional.of(string.getString());
    }

    public Optional<Long> optionalInteger(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw invalid(name + " must be an integer");
        }
        return Optional.of(number.longValue());
    }

    public Optional<Boolean> optionalBoolean(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        return switch (value.getValueType()) {
            case TRUE -> Optional.of(true);
            case FALSE -> Optional.of(false);
            default -> throw invalid(name + " must be a boolean");
        };
    }

    public Optional<JsonObject> optionalObject(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid(name + " must be an object");
        }
        return Optional.of(value.asJsonObject());
    }

    public List<JsonObject> objects(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw invalid(name + " must be a list");
        }
        List<JsonObject> objects = new ArrayList<>();
        for (JsonValue item : array) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid(name + " must be a list of objects");
            }
            objects.add(item.asJsonObject());
        }
        return objects;
    }

    /** A string-to-string map (Kafka's {@code clientProperties}). */
    public Map<String, String> stringMap(String name) {
        Map<String, String> map = new LinkedHashMap<>();
        optionalObject(name)
                .ifPresent(object -> object.forEach((key, value) -> {
                    if (!(value instanceof JsonString string)) {
                        throw invalid(name + "." + key + " must be a string");
                    }
                    map.put(key, string.getString());
                }));
        return map;
    }

    /** A setting that may contain {@code ${expression}} substitutions, compiled once. */
    public SubstitutionTemplate template(String text) {
        return engine.template(text, version);
    }

    /** AWS requires a role for most actions; Thingstead accepts any ARN there and uses none (docs/rules.md). */
    public void requireRoleArn() {
        String role = requiredString("roleArn");
        if (!role.startsWith("arn:")) {
            throw invalid("roleArn must be an ARN");
        }
    }

    /** The settings of a nested object ({@code putItem}), with the same readers. */
    public ActionSettings nested(String name) {
        JsonObject nested = optionalObject(name).orElseThrow(() -> invalid(name + " is required"));
        return new ActionSettings(ruleName, member + "." + name, nested, engine, version, creating);
    }

    public IotException invalid(String problem) {
        return IotException.invalidRequest(member + ": " + problem);
    }
}
