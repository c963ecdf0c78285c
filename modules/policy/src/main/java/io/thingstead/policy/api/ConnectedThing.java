package io.thingstead.policy.api;

import java.util.Map;
import java.util.Objects;

/**
 * The registry thing a connection is associated with: the thing whose name is the client id and which is attached to
 * the authenticated principal (certificate). Its presence is what {@code iot:Connection.Thing.IsAttached} reports.
 *
 * @param thingName the thing's name ({@code iot:Connection.Thing.ThingName})
 * @param thingTypeName the thing type, or {@code null} when it has none ({@code iot:Connection.Thing.ThingTypeName})
 * @param attributes the thing's attributes ({@code iot:Connection.Thing.Attributes[name]})
 */
public record ConnectedThing(String thingName, String thingTypeName, Map<String, String> attributes) {
    public ConnectedThing {
        Objects.requireNonNull(thingName, "thingName");
        attributes = Map.copyOf(attributes);
    }

    public static ConnectedThing named(String thingName) {
        return new ConnectedThing(thingName, null, Map.of());
    }
}
