package io.thingstead.shadow.api;

import java.util.List;
import java.util.Optional;

/**
 * The Device Shadow service over stored shadows: the same outcomes for the MQTT topics and the REST data plane.
 * Updates of one shadow are serialised; different shadows proceed in parallel. An accepted update is committed before
 * anything is published about it.
 */
public interface ShadowService {
    record NamedShadowPage(List<String> names, Optional<String> nextToken, long timestamp) {}

    UpdateOutcome update(ShadowId id, byte[] payload);

    GetOutcome get(ShadowId id, byte[] payload);

    DeleteOutcome delete(ShadowId id, byte[] payload);

    NamedShadowPage listNamedShadows(String thingName, Optional<String> nextToken, int pageSize);
}
