package io.thingstead.shadow.api;

import io.thingstead.common.api.error.IotException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation of thing names and shadow names as the AWS IoT data plane applies it to {@code GetThingShadow},
 * {@code UpdateThingShadow} and {@code DeleteThingShadow}: thing names are 1 to 128 characters of
 * {@code [a-zA-Z0-9:_-]}, shadow names 1 to 64 characters of {@code [$a-zA-Z0-9:_-]}.
 *
 * <p>Problems are described in AWS's request validation wording ({@code 1 validation error detected: Value 'x' at
 * 'thingName' failed to satisfy constraint: ...}).
 */
public final class ShadowNames {
    private ShadowNames() {}

    /** The thing name pattern of the AWS IoT API reference. */
    public static final String THING_NAME_PATTERN = "[a-zA-Z0-9:_-]+";

    /** The shadow name pattern of the AWS IoT API reference ({@code $} is allowed, e.g. {@code $package}). */
    public static final String SHADOW_NAME_PATTERN = "[$a-zA-Z0-9:_-]+";

    private static final Pattern THING_NAME = Pattern.compile(THING_NAME_PATTERN);
    private static final Pattern SHADOW_NAME = Pattern.compile(SHADOW_NAME_PATTERN);

    public static boolean isValidThingName(String name) {
        return thingNameProblem(name).isEmpty();
    }

    public static boolean isValidShadowName(String name) {
        return shadowNameProblem(name).isEmpty();
    }

    /** What is wrong with {@code name} as a thing name, or empty if it is valid. */
    public static Optional<String> thingNameProblem(String name) {
        return problem("thingName", name, THING_NAME, THING_NAME_PATTERN, ShadowLimits.MAX_THING_NAME_LENGTH);
    }

    /** What is wrong with {@code name} as a shadow name, or empty if it is valid. */
    public static Optional<String> shadowNameProblem(String name) {
        return problem("shadowName", name, SHADOW_NAME, SHADOW_NAME_PATTERN, ShadowLimits.MAX_SHADOW_NAME_LENGTH);
    }

    /** @throws IotException {@code InvalidRequestException} if {@code name} is not a valid thing name */
    public static String requireValidThingName(String name) {
        thingNameProblem(name).ifPresent(message -> {
            throw IotException.invalidRequest(message);
        });
        return name;
    }

    /** @throws IotException {@code InvalidRequestException} if {@code name} is not a valid shadow name */
    public static String requireValidShadowName(String name) {
        shadowNameProblem(name).ifPresent(message -> {
            throw IotException.invalidRequest(message);
        });
        return name;
    }

    private static Optional<String> problem(String member, String value, Pattern pattern, String regex, int maxLength) {
        List<String> violations = new ArrayList<>();
        if (value == null) {
            violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        } else {
            String quoted = "Value '" + value + "' at '" + member + "' failed to satisfy constraint: ";
            if (value.isEmpty()) {
                violations.add(quoted + "Member must have length greater than or equal to 1");
            }
            if (value.length() > maxLength) {
                violations.add(quoted + "Member must have length less than or equal to " + maxLength);
            }
            if (!value.isEmpty() && !pattern.matcher(value).matches()) {
                violations.add(quoted + "Member must satisfy regular expression pattern: " + regex);
            }
        }
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        String count = violations.size() == 1
                ? "1 validation error detected: "
                : violations.size() + " validation errors detected: ";
        return Optional.of(count + String.join("; ", violations));
    }
}
