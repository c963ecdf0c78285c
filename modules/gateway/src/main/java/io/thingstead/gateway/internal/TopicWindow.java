package io.thingstead.gateway.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The first {@code limit} entries, in key order, of keys after an optional one, chosen from entries offered in any
 * order: one page of a listing over a store that can only be iterated whole (HiveMQ's retained messages). Keeps at
 * most {@code limit + 1} entries, so a page costs one pass over the store and memory for one page.
 */
public final class TopicWindow<T> {
    private final Optional<String> after;
    private final int limit;
    private final TreeMap<String, T> kept = new TreeMap<>();

    public TopicWindow(Optional<String> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.after = after;
        this.limit = limit;
    }

    public synchronized void offer(String key, T value) {
        if (after.isPresent() && key.compareTo(after.get()) <= 0) {
            return;
        }
        if (kept.size() > limit && key.compareTo(kept.lastKey()) >= 0) {
            return;
        }
        kept.put(key, value);
        if (kept.size() > limit + 1) {
            kept.pollLastEntry();
        }
    }

    /** The page: at most {@code limit} values in key order. */
    public synchronized List<T> page() {
        List<T> page = new ArrayList<>(kept.values());
        return page.size() > limit ? page.subList(0, limit) : page;
    }

    /** Whether entries follow the page. */
    public synchronized boolean more() {
        return kept.size() > limit;
    }
}
