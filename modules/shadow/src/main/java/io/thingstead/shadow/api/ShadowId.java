package io.thingstead.shadow.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Which shadow: a thing's unnamed (classic) shadow, or one of its named shadows. Both names are validated as AWS
 * validates them ({@link ShadowNames}).
 *
 * @param thingName the thing the shadow belongs to
 * @param shadowName the shadow's name, or empty for the classic shadow
 */
public record ShadowId(String thingName, Optional<String> shadowName) {
    public ShadowId {
        ShadowNames.requireValidThingName(thingName);
        Objects.requireNonNull(shadowName, "shadowName");
        shadowName.ifPresent(ShadowNames::requireValidShadowName);
    }

    /** The thing's unnamed, classic shadow. */
    public static ShadowId classic(String thingName) {
        return new ShadowId(thingName, Optional.empty());
    }

    /** One of the thing's named shadows. */
    public static ShadowId named(String thingName, String shadowName) {
        return new ShadowId(thingName, Optional.of(Objects.requireNonNull(shadowName, "shadowName")));
    }

    public boolean isClassic() {
        return shadowName.isEmpty();
    }

    /**
     * The name AWS puts in "No shadow exists with name: '...'": the shadow name of a named shadow, the thing name of a
     * classic one.
     */
    public String displayName() {
        return shadowName.orElse(thingName);
    }

    /**
     * The reserved MQTT topic prefix of this shadow: {@code $aws/things/thingName/shadow} for the classic shadow,
     * {@code $aws/things/thingName/shadow/name/shadowName} for a named one.
     */
    public String topicPrefix() {
        String classic = "$aws/things/" + thingName + "/shadow";
        return shadowName.map(name -> classic + "/name/" + name).orElse(classic);
    }

    @Override
    public String toString() {
        return shadowName.map(name -> thingName + "/" + name).orElse(thingName + " (classic)");
    }
}
