package io.thingstead.registry.internal;

import io.thingstead.common.api.error.IotException;
import java.util.Map;
import java.util.regex.Pattern;

/** AWS IoT's rules for names and attributes, with messages that say what is wrong. */
final class Names {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:_-]+");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-zA-Z0-9_.,@/:#-]+");
    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[a-zA-Z0-9_.,@/:#=\\[\\]-]*");
    static final int MAX_NAME = 128;
    static final int MAX_ATTRIBUTE_NAME = 128;
    static final int MAX_ATTRIBUTE_VALUE = 800;
    static final int MAX_ATTRIBUTES_WITH_TYPE = 50;
    static final int MAX_ATTRIBUTES_WITHOUT_TYPE = 3;
    static final int MAX_DESCRIPTION = 2028;

    private Names() {}

    static String name(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw IotException.invalidRequest(what + " is required.");
        }
        if (value.length() > MAX_NAME) {
            throw IotException.invalidRequest(
                    what + " is " + value.length() + " characters long; at most " + MAX_NAME + " are allowed.");
        }
        if (!NAME.matcher(value).matches()) {
            throw IotException.invalidRequest(what + " '" + printable(value)
                    + "' may contain only the characters a-z, A-Z, 0-9, ':', '_' and '-'.");
        }
        return value;
    }

    static void attributes(Map<String, String> attributes, boolean allowEmptyValues) {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String key = attribute.getKey();
            String value = attribute.getValue();
            if (key == null || key.isEmpty() || key.length() > MAX_ATTRIBUTE_NAME) {
                throw IotException.invalidRequest(
                        "Attribute names must be 1 to " + MAX_ATTRIBUTE_NAME + " characters long.");
            }
            if (!ATTRIBUTE_NAME.matcher(key).matches()) {
                throw IotException.invalidRequest("Attribute name '" + printable(key)
                        + "' may contain only a-z, A-Z, 0-9 and the characters _ . , @ / : # -");
            }
            if (value == null) {
                throw IotException.invalidRequest("Attribute '" + key + "' has no value.");
            }
            if (value.isEmpty() && !allowEmptyValues) {
                continue;
            }
            if (value.length() > MAX_ATTRIBUTE_VALUE) {
                throw IotException.invalidRequest("Attribute '" + key + "' has a value of " + value.length()
                        + " characters; at most " + MAX_ATTRIBUTE_VALUE + " are allowed.");
            }
            if (!ATTRIBUTE_VALUE.matcher(value).matches()) {
                throw IotException.invalidRequest("Attribute '" + key + "' has value '" + printable(value)
                        + "'; values may contain only a-z, A-Z, 0-9 and the characters _ . , @ / : # = [ ] -");
            }
        }
    }

    static void attributeCount(int count, boolean hasThingType) {
        int limit = hasThingType ? MAX_ATTRIBUTES_WITH_TYPE : MAX_ATTRIBUTES_WITHOUT_TYPE;
        if (count > limit) {
            throw IotException.invalidRequest("A thing " + (hasThingType ? "with" : "without")
                    + " a thing type can have at most " + limit + " attributes; this one would have " + count
                    + ".");
        }
    }

    static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw IotException.invalidRequest("Descriptions are at most " + MAX_DESCRIPTION + " characters long.");
        }
        return description;
    }

    /** Echoes user input in a message without control characters and without running on forever. */
    static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
