package io.thingstead.rules.internal.sql;

import java.util.HashMap;
import java.util.Map;

/**
 * Which top-level keys of a JSON payload a statement reads. A statement that names only some keys ({@code temp},
 * {@code a.b}) has them read into slots and every other key skipped unparsed; a statement that uses {@code *} in an
 * expression reads the whole document instead ({@link Ctx#document()}).
 */
final class PayloadPlan {
    static final PayloadPlan NONE = new PayloadPlan();

    private final Map<String, Integer> slots = new HashMap<>();

    int slotFor(String key) {
        return slots.computeIfAbsent(key, k -> slots.size());
    }

    int slotCount() {
        return slots.size();
    }

    /** The slot of a top-level key, or -1 when the statement does not read it. */
    int indexOf(String key) {
        Integer slot = slots.get(key);
        return slot == null ? -1 : slot;
    }
}
