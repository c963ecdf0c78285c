package io.thingstead.registry.api;

import io.thingstead.common.api.paging.Page;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet index ({@code AWS_Things}): SearchIndex over registry, group membership, connectivity and shadow fields,
 * and the write side other modules use to keep connectivity and shadow fields current.
 */
public interface FleetIndex {
    String THINGS_INDEX = "AWS_Things";

    record Connectivity(boolean connected, long timestamp, Optional<String> disconnectReason) {}

    /** A thing as SearchIndex returns it. {@code shadow} is the JSON document AWS returns as a string. */
    record ThingDocument(
            String thingName,
            String thingId,
            Optional<String> thingTypeName,
            List<String> thingGroupNames,
            Map<String, String> attributes,
            Optional<String> shadow,
            Optional<Connectivity> connectivity) {
        public ThingDocument {
            thingGroupNames = List.copyOf(thingGroupNames);
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * Runs a fleet indexing query.
     *
     * @throws io.thingstead.common.api.error.IotException InvalidQueryException (with the position) for a bad query,
     *     ResourceNotFoundException for an index other than {@value #THINGS_INDEX}
     */
    Page<ThingDocument> search(
            Optional<String> indexName, String queryString, Optional<String> nextToken, int maxResults);

    /** The gateway reports a thing's connectivity (fleet search {@code connectivity.*}). */
    void updateConnectivity(String thingName, Connectivity connectivity);

    /**
     * The shadow module reports a shadow's state (fleet search {@code shadow.*}); {@code shadowName} empty for the
     * classic shadow. JSON object strings, or empty when the section is absent.
     */
    void updateShadow(
            String thingName,
            String shadowName,
            Optional<String> reported,
            Optional<String> desired,
            Optional<String> delta,
            long version);

    void deleteShadow(String thingName, String shadowName);
}
