package io.thingstead.pairing.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A CDI event: a thing got a new owner, or lost its owner. Fired inside the transaction that made the change; observe
 * with {@code during = TransactionPhase.AFTER_SUCCESS} to see only what was committed.
 */
public record OwnershipChanged(String thingName, Optional<String> previousOwner, Optional<String> newOwner) {
    public OwnershipChanged {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(previousOwner, "previousOwner");
        Objects.requireNonNull(newOwner, "newOwner");
    }
}
