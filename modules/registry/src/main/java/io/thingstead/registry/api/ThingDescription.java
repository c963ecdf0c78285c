package io.thingstead.registry.api;

import java.util.Map;
import java.util.Optional;

/** A thing as DescribeThing and ListThings show it. */
public record ThingDescription(
        String thingName,
        String thingId,
        String thingArn,
        Optional<String> thingTypeName,
        Map<String, String> attributes,
        long version) {
    public ThingDescription {
        attributes = Map.copyOf(attributes);
    }
}
