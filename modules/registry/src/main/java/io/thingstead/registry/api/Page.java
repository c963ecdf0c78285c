package io.thingstead.registry.api;

import java.util.List;
import java.util.Optional;

/** One page of a listing, with the opaque token for the next page when there is one. */
public record Page<T>(List<T> items, Optional<String> nextToken) {
    public Page {
        items = List.copyOf(items);
    }
}
