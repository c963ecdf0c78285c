package io.thingstead.registry.api;

import java.util.Optional;

/**
 * CDI event fired after a thing is created, updated or deleted (after commit observers see committed data). Dynamic
 * thing groups, fleet indexing and the portal react to it.
 *
 * @param after the thing as it is now; empty when deleted
 */
public record ThingChanged(Kind kind, String thingName, String thingId, Optional<ThingDescription> after) {
    public enum Kind {
        CREATED,
        UPDATED,
        DELETED
    }
}
