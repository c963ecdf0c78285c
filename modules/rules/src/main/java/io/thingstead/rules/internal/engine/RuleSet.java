package io.thingstead.rules.internal.engine;

import io.thingstead.gateway.api.TopicFilter;
import io.thingstead.gateway.api.TopicFilters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enabled rules at one moment, immutable: what the tap's interest is (the union of their FROM filters) and which
 * rules a message's topic selects. Replaced as a whole when a rule changes.
 */
final class RuleSet {
    static final RuleSet EMPTY = new RuleSet(List.of());

    private final List<ActiveRule> rules;
    private final Map<String, ActiveRule> byName;
    private final TopicFilters interest;

    RuleSet(List<ActiveRule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, ActiveRule> names = new LinkedHashMap<>();
        List<TopicFilter> filters = new ArrayList<>();
        boolean all = false;
        for (ActiveRule rule : rules) {
            names.put(rule.name(), rule);
            Optional<String> from = rule.sql().topicFilter();
            if (from.isEmpty()) {
                continue; // Basic Ingest only
            }
            try {
                TopicFilter filter = TopicFilter.of(from.get());
                if (!filters.contains(filter)) {
                    filters.add(filter);
                }
            } catch (IllegalArgumentException e) {
                all = true; // a filter AWS's rules take and MQTT's do not: see everything, select per rule
            }
        }
        this.byName = Map.copyOf(names);
        this.interest = all ? TopicFilters.ALL : TopicFilters.of(filters);
    }

    TopicFilters interest() {
        return interest;
    }

    List<ActiveRule> rules() {
        return rules;
    }

    Optional<ActiveRule> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The rules whose FROM matches the topic (not Basic Ingest's). */
    List<ActiveRule> matching(String topic) {
        List<ActiveRule> matched = null;
        for (ActiveRule rule : rules) {
            if (rule.sql().topicFilter().isPresent() && rule.sql().matchesTopic(topic)) {
                if (matched == null) {
                    matched = new ArrayList<>(2);
                }
                matched.add(rule);
            }
        }
        return matched == null ? List.of() : matched;
    }

    boolean anyMatches(String topic) {
        for (ActiveRule rule : rules) {
            if (rule.sql().topicFilter().isPresent() && rule.sql().matchesTopic(topic)) {
                return true;
            }
        }
        return false;
    }
}
