package io.thingstead.registry.internal;

import io.thingstead.registry.api.SqlPredicate;

/** Compiles fleet search query strings into SQL predicates over {@code registry_thing t}. */
public interface FleetQueries {
    /** @throws io.thingstead.common.api.error.IotException InvalidQueryException, with the position */
    SqlPredicate compile(String queryString);
}
