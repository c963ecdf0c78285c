package io.thingstead.provisioning.internal.template;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter values: reading the ones a device (or a pre-provisioning hook) sends, and binding a template's declared
 * parameters to values, defaults and what AWS IoT provides.
 *
 * <p>What a device sends is refused when it is not an object of strings, has more than {@value #MAX_PARAMETERS}
 * members, a name outside {@code [A-Za-z0-9_.:-]} (no quotes, braces, semicolons, dollar signs, spaces), a name
 * starting with {@code AWS::} (those are AWS IoT's), a value longer than {@value #MAX_VALUE_LENGTH} characters or a
 * value with control characters other than tab and line breaks. Values are never put into SQL or JSON text: they are
 * bind parameters and JSON-P values all the way, so what passes is harmless as data.
 */
public final class ParameterBinding {
    public static final int MAX_PARAMETERS = 100;

    /** AWS's RegisterThing: parameter values have at most 4096 characters. */
    public static final int MAX_VALUE_LENGTH = 4096;

    private ParameterBinding() {}

    /**
     * Reads the {@code parameters} member of a RegisterThing request or the {@code parameterOverrides} of a hook's
     * answer.
     *
     * @param member the member's name, for messages
     * @return the parameters, in the order sent; empty when {@code parameters} is absent or null
     */
    public static Map<String, String> read(JsonValue parameters, String member) {
        if (parameters == null || parameters.getValueType() == JsonValue.ValueType.NULL) {
            return Map.of();
        }
        if (!(parameters instanceof JsonObject object)) {
            throw new TemplateException(member, "must be an object of string values.");
        }
        if (object.size() > MAX_PARAMETERS) {
            throw new TemplateException(
                    member, "has " + object.size() + " members; at most " + MAX_PARAMETERS + " are allowed.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            String name = entry.getKey();
            checkName(name, member);
            String path = member + "." + name;
            if (!(entry.getValue() instanceof JsonString string)) {
                throw new TemplateException(path, "must be a string.");
            }
            values.put(name, checkValue(string.getString(), path));
        }
        return Collections.unmodifiableMap(values);
    }

    private static void checkName(String name, String member) {
        if (!TemplateParser.PARAMETER_NAME.matcher(name).matches()) {
            throw new TemplateException(
                    member,
                    "'" + TemplateException.printable(name) + "' is not a valid parameter name: 1 to 128 characters"
                            + " of [A-Za-z0-9_.:-], starting with a letter or digit.");
        }
        if (name.startsWith(SystemParameters.THINGSTEAD_PREFIX)) {
            throw new TemplateException(
                    member + "." + name,
                    "parameters starting with Thingstead:: are provided by the platform, not by" + " the device.");
        }
        if (SystemParameters.isReserved(name)) {
            throw new TemplateException(
                    member + "." + name, "parameters starting with AWS:: are provided by AWS IoT, not by the device.");
        }
    }

    private static String checkValue(String value, String path) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new TemplateException(
                    path, "has " + value.length() + " characters; at most " + MAX_VALUE_LENGTH + " are allowed.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw new TemplateException(path, "must not contain control characters.");
            }
        }
        return value;
    }

    /**
     * Binds every parameter {@code template} declares: the value AWS IoT provides ({@code system}), else what was
     * supplied, else the declared default. AWS-provided parameters are bound even when not declared, so that a
     * template may {@code Ref} them directly.
     *
     * @throws TemplateException when a declared parameter has no value, or a value does not fit its type or {@code
     *     AllowedValues}
     */
    public static Map<String, Value> bind(Template template, Map<String, String> supplied, Map<String, String> system) {
        Map<String, Value> bound = new LinkedHashMap<>();
        system.forEach((name, value) -> bound.put(name, new Value.Text(value)));
        for (Parameter parameter : template.parameters().values()) {
            String name = parameter.name();
            String path = "Parameters." + name;
            String value = system.containsKey(name) ? system.get(name) : supplied.get(name);
            if (value == null) {
                value = parameter
                        .defaultValue()
                        .orElseThrow(() -> new TemplateException(
                                path,
                                SystemParameters.isReserved(name)
                                        ? "AWS IoT has no value for this parameter (the certificate does not have"
                                                + " that attribute)."
                                        : "has no value: it was not sent and the template declares no Default."));
            }
            bound.put(name, convert(parameter, value, path));
        }
        return bound;
    }

    /** Converts a parameter's text to its type and checks {@code AllowedValues}. */
    static Value convert(Parameter parameter, String value, String path) {
        Value converted = switch (parameter.type()) {
            case STRING -> new Value.Text(value);
            case NUMBER -> {
                try {
                    new BigDecimal(value.strip());
                } catch (NumberFormatException e) {
                    throw new TemplateException(path, "'" + TemplateException.printable(value) + "' is not a Number.");
                }
                yield new Value.Text(value.strip());
            }
            case COMMA_DELIMITED_LIST -> {
                List<String> items = new ArrayList<>();
                for (String item : value.split(",", -1)) {
                    items.add(item.strip());
                }
                yield new Value.Texts(items);
            }
        };
        if (!parameter.allowedValues().isEmpty()) {
            List<String> values =
                    converted instanceof Value.Texts texts ? texts.values() : List.of(((Value.Text) converted).value());
            for (String item : values) {
                if (!parameter.allowedValues().contains(item)) {
                    throw new TemplateException(
                            path,
                            "'" + TemplateException.printable(item) + "' is not one of the AllowedValues "
                                    + parameter.allowedValues() + ".");
                }
            }
        }
        return converted;
    }
}
