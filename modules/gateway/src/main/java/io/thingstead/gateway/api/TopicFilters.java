package io.thingstead.gateway.api;

import java.util.List;
import java.util.Objects;

/**
 * An immutable set of topic filters, for {@link MessageTap#interest()}: {@link #NONE}, {@link #ALL} (every topic,
 * {@code $} topics included) or the topics matching any of some {@link TopicFilter}s. Thread-safe; build a new one
 * when the set changes and publish it through a volatile field.
 */
public final class TopicFilters {
    /** No topic: a tap with nothing to do. */
    public static final TopicFilters NONE = new TopicFilters(List.of(), false);

    /** Every topic, including reserved {@code $} topics (which MQTT's {@code #} does not match). */
    public static final TopicFilters ALL = new TopicFilters(List.of(), true);

    private final List<TopicFilter> filters;
    private final boolean all;

    private TopicFilters(List<TopicFilter> filters, boolean all) {
        this.filters = filters;
        this.all = all;
    }

    public static TopicFilters of(List<TopicFilter> filters) {
        return filters.isEmpty() ? NONE : new TopicFilters(List.copyOf(filters), false);
    }

    public boolean isEmpty() {
        return !all && filters.isEmpty();
    }

    public boolean matches(String topic) {
        if (all) {
            return true;
        }
        for (TopicFilter filter : filters) {
            if (filter.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    public List<TopicFilter> filters() {
        return filters;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicFilters that && that.all == all && that.filters.equals(filters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(all, filters);
    }

    @Override
    public String toString() {
        return all ? "TopicFilters[ALL]" : "TopicFilters" + filters;
    }
}
