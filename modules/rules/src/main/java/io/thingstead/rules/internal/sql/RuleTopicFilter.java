package io.thingstead.rules.internal.sql;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The topic filter of a rule's FROM clause, under AWS IoT's topic rules: at most 256 bytes of UTF-8, at most 7 forward
 * slashes (not counting the first three of a {@code $aws/...} topic), {@code +} and {@code #} only as whole levels,
 * {@code #} only last, no NUL. Wildcards at the first level do not match {@code $} topics, as MQTT specifies.
 */
final class RuleTopicFilter {
    static final int MAX_BYTES = 256;
    static final int MAX_SLASHES = 7;

    private final String filter;
    private final String[] levels;

    private RuleTopicFilter(String filter) {
        this.filter = filter;
        this.levels = filter.split("/", -1);
    }

    /** The filter, or what is wrong with it. */
    static RuleTopicFilter of(String filter, String source, int pos) {
        Optional<String> problem = problem(filter);
        if (problem.isPresent()) {
            throw new SqlParseException(source, pos, "invalid topic filter '" + filter + "': " + problem.get());
        }
        return new RuleTopicFilter(filter);
    }

    static Optional<String> problem(String filter) {
        if (filter.isEmpty()) {
            return Optional.of("the topic filter is empty");
        }
        if (filter.indexOf('\0') >= 0) {
            return Optional.of("the topic filter contains a NUL character");
        }
        int bytes = filter.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("it is " + bytes + " bytes long; at most " + MAX_BYTES + " are allowed");
        }
        String[] levels = filter.split("/", -1);
        int slashes = levels.length - 1;
        if (filter.startsWith("$aws/")) {
            slashes = Math.max(0, slashes - 3);
        }
        if (slashes > MAX_SLASHES) {
            return Optional.of("it has more than " + MAX_SLASHES + " forward slashes");
        }
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return Optional.of("'#' must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                return Optional.of("'+' must be a whole level");
            }
        }
        return Optional.empty();
    }

    String filter() {
        return filter;
    }

    boolean matches(String topic) {
        if (topic.startsWith("$") && (levels[0].equals("+") || levels[0].equals("#"))) {
            return false;
        }
        int level = 0;
        int start = 0;
        int n = topic.length();
        while (true) {
            if (level == levels.length) {
                return false;
            }
            String pattern = levels[level];
            if (pattern.equals("#")) {
                return true;
            }
            int end = topic.indexOf('/', start);
            int stop = end < 0 ? n : end;
            if (!pattern.equals("+") && !topic.regionMatches(start, pattern, 0, stop - start)
                    || !pattern.equals("+") && pattern.length() != stop - start) {
                return false;
            }
            level++;
            if (end < 0) {
                // "a/#" also matches "a"
                return level == levels.length || (level == levels.length - 1 && levels[level].equals("#"));
            }
            start = end + 1;
        }
    }

    @Override
    public String toString() {
        return filter;
    }
}
