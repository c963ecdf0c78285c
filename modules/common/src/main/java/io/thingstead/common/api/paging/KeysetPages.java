package io.thingstead.common.api.paging;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keyset paging: a listing's query asks for {@code limit + 1} rows after the key its token carries ({@link
 * PageTokens#decode}), ordered by that key; {@link #of} cuts the extra row off and, when there was one, names the last
 * row's key in the next token.
 */
public final class KeysetPages {
    private KeysetPages() {}

    /**
     * @param rows at most {@code limit + 1} rows, in key order
     * @param key the sort key of a row, as the listing's next token carries it
     */
    public static <T> Page<T> of(String listing, List<T> rows, int limit, Function<T, String> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(PageTokens.encode(listing, key.apply(items.get(limit - 1)))));
    }
}
