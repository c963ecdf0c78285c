package io.thingstead.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An MQTT topic filter, checked against AWS IoT's topic rules, for selecting {@link DeviceMessage}s: {@code +} matches
 * one level, {@code #} (last) the rest, and wildcards at the first level do not match {@code $} topics, as MQTT
 * specifies. Immutable and thread-safe; create once and keep it in a constant.
 */
public final class TopicFilter {
    private final String filter;
    private final String[] levels;

    private TopicFilter(String filter) {
        this.filter = filter;
        this.levels = filter.split("/", -1);
    }

    /**
     * @throws IllegalArgumentException when {@code filter} is not a valid topic filter (the message says why)
     */
    public static TopicFilter of(String filter) {
        Optional<String> problem = Topics.topicFilterProblem(filter);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("invalid topic filter '" + filter + "': " + problem.get());
        }
        return new TopicFilter(filter);
    }

    public String filter() {
        return filter;
    }

    public boolean matches(String topic) {
        return Topics.matches(filter, topic);
    }

    /**
     * The levels of {@code topic} that the filter's wildcards matched, in order ({@code +} gives one level, {@code #}
     * the rest joined with {@code /}), or empty when the topic does not match. {@code $aws/things/+/shadow/update}
     * matched against {@code $aws/things/lamp-1/shadow/update} gives {@code [lamp-1]}.
     */
    public Optional<List<String>> match(String topic) {
        if (!matches(topic)) {
            return Optional.empty();
        }
        String[] topicLevels = topic.split("/", -1);
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("+")) {
                captured.add(topicLevels[i]);
            } else if (levels[i].equals("#")) {
                captured.add(
                        i < topicLevels.length
                                ? String.join("/", List.of(topicLevels).subList(i, topicLevels.length))
                                : "");
            }
        }
        return Optional.of(List.copyOf(captured));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicFilter that && that.filter.equals(filter);
    }

    @Override
    public int hashCode() {
        return filter.hashCode();
    }

    @Override
    public String toString() {
        return filter;
    }
}
