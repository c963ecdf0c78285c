package io.thingstead.pairing.api;

import java.time.Instant;
import java.util.Objects;

/** Who owns a thing, for operators. */
public record Owner(String thingName, String identityId, String username, Instant pairedAt) {
    public Owner {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(identityId, "identityId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(pairedAt, "pairedAt");
    }
}
