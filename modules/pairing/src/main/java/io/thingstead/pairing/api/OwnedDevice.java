package io.thingstead.pairing.api;

import java.time.Instant;
import java.util.Objects;

/** A thing a user owns. */
public record OwnedDevice(String thingName, Instant pairedAt) {
    public OwnedDevice {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(pairedAt, "pairedAt");
    }
}
