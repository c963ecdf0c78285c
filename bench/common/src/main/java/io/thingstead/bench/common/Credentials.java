package io.thingstead.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the operator credentials file {@code ./thingstead run} writes ({@code
 * .thingstead/wildfly/data/thingstead/operator-credentials.env}): {@code NAME=value} lines, optionally with {@code
 * export}, {@code #} comments ignored. Values are never printed by the tools.
 */
public final class Credentials {
    private Credentials() {}

    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (!trimmed.startsWith("#") && equals > 0) {
                values.put(
                        trimmed.substring(0, equals)
                                .replaceFirst("^export\\s+", "")
                                .strip(),
                        trimmed.substring(equals + 1).strip());
            }
        }
        return values;
    }
}
