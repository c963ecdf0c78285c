package io.thingstead.shadow.api;

import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * CDI event fired in the transaction of an accepted shadow update or delete. Observers that publish (MQTT
 * {@code /accepted}, {@code /delta}, {@code /documents}) or notify (rules, the portal) observe it after success, so
 * nothing is announced that was not committed.
 *
 * @param accepted the {@code /update/accepted} or {@code /delete/accepted} document
 * @param delta the {@code /update/delta} document when AWS would publish one
 * @param documents the {@code /update/documents} document (absent for a delete)
 */
public record ShadowChanged(
        ShadowId id,
        Kind kind,
        long version,
        JsonObject accepted,
        Optional<JsonObject> delta,
        Optional<JsonObject> documents) {
    public enum Kind {
        UPDATED,
        DELETED
    }
}
