package io.thingstead.defender.internal;

import io.thingstead.common.api.error.IotException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical form of an AWS {@code ResourceIdentifier}: its members sorted, {@code name=value} joined with {@code
 * &}, nested {@code policyVersionIdentifier} flattened. What suppressions and findings are matched on.
 */
public final class ResourceKeys {
    private ResourceKeys() {}

    public static String of(JsonObject identifier) {
        Map<String, String> flat = new TreeMap<>();
        flatten("", identifier, flat);
        if (flat.isEmpty()) {
            throw IotException.invalidRequest("resourceIdentifier must name a resource.");
        }
        StringBuilder key = new StringBuilder();
        flat.forEach((name, value) -> {
            if (key.length() > 0) {
                key.append('&');
            }
            key.append(name).append('=').append(value);
        });
        return key.toString();
    }

    private static void flatten(String prefix, JsonObject object, Map<String, String> into) {
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            String name = prefix + member.getKey();
            switch (member.getValue().getValueType()) {
                case STRING -> into.put(name, ((JsonString) member.getValue()).getString());
                case OBJECT -> flatten(name + ".", member.getValue().asJsonObject(), into);
                case NULL -> {}
                default -> into.put(name, member.getValue().toString());
            }
        }
    }
}
