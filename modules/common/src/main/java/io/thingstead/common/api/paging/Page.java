package io.thingstead.common.api.paging;

import java.util.List;
import java.util.Optional;

/** One page of a listing, with the opaque token for the next page when there is one ({@link PageTokens}). */
public record Page<T>(List<T> items, Optional<String> nextToken) {
    public Page {
        items = List.copyOf(items);
    }
}
