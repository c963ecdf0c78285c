package io.thingstead.defender.api;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * CDI event fired after commit for every Device Defender notification: a violation event (in-alarm, alarm-cleared,
 * alarm-invalidated) of a behavior whose alerts are not suppressed, an audit's completion, a finding published by a
 * mitigation action. The same document is published on the MQTT topic of the security profile's alert target or the
 * audit's notification target, where the rules engine (a topic rule on that topic) routes it to its HTTP and queue
 * actions; in-process consumers (the portal) observe this event instead.
 *
 * @param kind what happened
 * @param topic the MQTT topic the document was published on, when a target was configured
 * @param document the notification as AWS sends it to SNS
 */
public record DefenderAlert(Kind kind, java.util.Optional<String> topic, JsonObject document) {
    public enum Kind {
        VIOLATION,
        AUDIT,
        FINDING
    }

    public DefenderAlert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(document, "document");
    }
}
