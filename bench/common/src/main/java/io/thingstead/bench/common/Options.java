package io.thingstead.bench.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A load tool's command line: {@code --name value} pairs, read with a default for each. */
public final class Options {
    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** @throws IllegalArgumentException for an argument that is not {@code --name} followed by a value */
    public static Options parse(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "expected --name value pairs; " + args[args.length - 1] + " has no value");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        return new Options(values);
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    public long number(String name, long fallback) {
        String value = values.get(name);
        return value == null ? fallback : Long.parseLong(value);
    }

    public boolean flag(String name, boolean fallback) {
        String value = values.get(name);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every option given, in order. */
    public Map<String, String> asMap() {
        return values;
    }
}
