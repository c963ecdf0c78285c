package io.thingstead.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * MQTT topic names and filters under AWS IoT's rules: at most 256 bytes of UTF-8, at most 7 forward slashes (the
 * slashes of a reserved {@code $aws/...} prefix's first three levels are not counted), no wildcards in a topic name,
 * {@code +} and {@code #} only as whole levels in a filter, {@code #} only last, no NUL characters.
 */
public final class Topics {
    public static final int MAX_TOPIC_BYTES = 256;
    public static final int MAX_SLASHES = 7;
    /** AWS does not count the slashes of the reserved prefix's first three levels ({@code $aws/things/x/...}). */
    public static final int RESERVED_FREE_SLASHES = 3;

    private Topics() {}

    /** Why {@code topic} is not a valid topic name to publish to, or empty when it is. */
    public static Optional<String> topicNameProblem(String topic) {
        Optional<String> common = commonProblem(topic);
        if (common.isPresent()) {
            return common;
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return Optional.of("a topic name must not contain the wildcards + or #");
        }
        return Optional.empty();
    }

    /** Why {@code filter} is not a valid topic filter to subscribe to, or empty when it is. */
    public static Optional<String> topicFilterProblem(String filter) {
        Optional<String> common = commonProblem(filter);
        if (common.isPresent()) {
            return common;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return Optional.of("# must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                return Optional.of("+ must be a whole level");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> commonProblem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return Optional.of("the topic is empty");
        }
        if (topic.indexOf('\u0000') >= 0) {
            return Optional.of("the topic contains a NUL character");
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            return Optional.of("the topic is " + bytes + " bytes long; at most " + MAX_TOPIC_BYTES + " are allowed");
        }
        int slashes = 0;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                slashes++;
            }
        }
        if (topic.startsWith("$aws/")) {
            slashes = Math.max(0, slashes - RESERVED_FREE_SLASHES);
        }
        if (slashes > MAX_SLASHES) {
            return Optional.of("the topic has more than " + MAX_SLASHES + " forward slashes");
        }
        return Optional.empty();
    }

    /** Whether a topic name matches an MQTT filter ({@code +} one level, {@code #} the rest, {@code $} topics only literally). */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && !filter.startsWith("$")) {
            return false; // MQTT 4.7.2: wildcards at the first level do not match $-topics
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (f < fl) {
            char c = filter.charAt(f);
            if (c == '#') {
                return true;
            }
            if (c == '+') {
                while (t < tl && topic.charAt(t) != '/') {
                    t++;
                }
                f++;
            } else {
                if (t >= tl || topic.charAt(t) != c) {
                    // "a/#" also matches "a" itself
                    return t == tl && f + 1 < fl && c == '/' && filter.charAt(f + 1) == '#' && f + 2 == fl;
                }
                f++;
                t++;
            }
        }
        return t == tl;
    }
}
