package io.thingstead.registry.api;

import io.thingstead.common.api.paging.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Thing types: create, describe, list, deprecate/undeprecate, delete. */
public interface ThingTypes {
    record ThingType(
            String thingTypeName,
            String thingTypeId,
            String thingTypeArn,
            Optional<String> description,
            List<String> searchableAttributes,
            boolean deprecated,
            Optional<Instant> deprecationDate,
            Instant creationDate) {
        public ThingType {
            searchableAttributes = List.copyOf(searchableAttributes);
        }
    }

    ThingType create(String thingTypeName, Optional<String> description, List<String> searchableAttributes);

    ThingType describe(String thingTypeName);

    Page<ThingType> list(Optional<String> thingTypeName, Optional<String> nextToken, int maxResults);

    void deprecate(String thingTypeName, boolean undo);

    /**
     * Deletes a thing type. As AWS: only a deprecated type, and only once it has been deprecated for five minutes
     * and no thing uses it any more.
     */
    void delete(String thingTypeName);
}
