package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import java.util.Optional;

/** Query parameters as AWS validates them. */
final class Query {
    private Query() {}

    static int maxResults(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw IotException.invalidRequest("maxResults must be a number, not '" + cut(value) + "'.");
        }
    }

    /** AWS's {@code pageSize}: a number; 0 when absent (the service's default). */
    static int pageSize(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw IotException.invalidRequest("pageSize must be a number, not '" + cut(value) + "'.");
        }
    }

    static Optional<Long> version(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw IotException.invalidRequest(name + " must be a number, not '" + cut(value) + "'.");
        }
    }

    static boolean bool(String value, boolean absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw IotException.invalidRequest("Expected true or false, not '" + cut(value) + "'.");
        };
    }

    static Optional<String> optional(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String cut(String value) {
        return value.length() > 32 ? value.substring(0, 32) + "..." : value;
    }
}
