package io.thingstead.registry.api;

import java.util.Map;
import java.util.Optional;

/** The requests the thing operations take, field for field as the AWS API has them. */
public final class ThingCommands {
    private ThingCommands() {}

    /** CreateThing. {@code attributes} null means none. */
    public record CreateThing(String thingName, Optional<String> thingTypeName, Map<String, String> attributes) {}

    /**
     * UpdateThing. {@code attributes} empty means the attribute payload was absent; with {@code merge} the given
     * attributes are merged and an empty value removes that attribute, without it they replace all attributes.
     */
    public record UpdateThing(
            String thingName,
            Optional<String> thingTypeName,
            boolean removeThingType,
            Optional<Map<String, String>> attributes,
            boolean merge,
            Optional<Long> expectedVersion) {}

    /** ListThings filters. */
    public record ListThings(
            Optional<String> attributeName,
            Optional<String> attributeValue,
            boolean usePrefixAttributeValue,
            Optional<String> thingTypeName,
            Optional<String> nextToken,
            int maxResults) {}
}
