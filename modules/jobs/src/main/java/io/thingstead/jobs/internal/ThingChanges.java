package io.thingstead.jobs.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a transaction changed in things' lists of pending executions, for the notifications sent after it commits
 * ({@link Notifications}): which things' lists changed ({@code notify}) and which execution was first in each list
 * before (to send {@code notify-next} only when the first one changes, as AWS does).
 */
final class ThingChanges {
    private final Map<String, Optional<ExecutionKey>> nextBefore = new LinkedHashMap<>();
    private final Set<String> listChanged = new LinkedHashSet<>();

    static ThingChanges none() {
        return new ThingChanges();
    }

    /** Records the first pending execution of a thing before the change (the first record wins). */
    void before(String thing, Optional<ExecutionKey> next) {
        nextBefore.putIfAbsent(thing, next);
    }

    void before(Map<String, ExecutionKey> next, Iterable<String> things) {
        for (String thing : things) {
            before(thing, Optional.ofNullable(next.get(thing)));
        }
    }

    void listChanged(String thing) {
        listChanged.add(thing);
    }

    Map<String, Optional<ExecutionKey>> nextBefore() {
        return nextBefore;
    }

    Set<String> listChanged() {
        return listChanged;
    }

    boolean isEmpty() {
        return nextBefore.isEmpty() && listChanged.isEmpty();
    }

    void addAll(ThingChanges other) {
        other.nextBefore.forEach(this::before);
        listChanged.addAll(other.listChanged);
    }
}
