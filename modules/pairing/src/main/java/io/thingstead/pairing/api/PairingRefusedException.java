package io.thingstead.pairing.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A pairing request that was refused, with a reason code for programs and a sentence for people (safe to show the
 * user who asked: it names nothing they may not know).
 */
public class PairingRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** Not the shape of a code (wrong length or characters). */
        MALFORMED,
        /** No such code (a typo, or a guess). */
        UNKNOWN_CODE,
        /** The code is past its expiry. */
        EXPIRED,
        /** The code was redeemed already. */
        USED,
        /** A newer code was issued for the thing, or its owner changed since a transfer code was made. */
        SUPERSEDED,
        /** The user already owns the thing. */
        ALREADY_OWNED,
        /** Too many wrong codes lately: try again later. */
        TOO_MANY_ATTEMPTS,
        /** The user does not own the thing they tried to act on. */
        NOT_OWNER,
        /** The thing no longer exists. */
        NO_SUCH_THING
    }

    private final Reason reason;
    private final transient Optional<Instant> retryAfter;

    public PairingRefusedException(Reason reason, String message) {
        this(reason, message, Optional.empty());
    }

    public PairingRefusedException(Reason reason, String message, Optional<Instant> retryAfter) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#TOO_MANY_ATTEMPTS}: when the next attempt will be considered. */
    public Optional<Instant> retryAfter() {
        return retryAfter == null ? Optional.empty() : retryAfter;
    }
}
