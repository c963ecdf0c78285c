package io.thingstead.migrations.api;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the database schema stands.
 *
 * @param state whether migrations have run
 * @param version the newest applied migration version, empty before the first
 * @param lastAttempt when migration was last tried
 * @param problem why the last attempt failed, for operators (no secrets: driver messages only)
 */
public record SchemaStatus(State state, Optional<String> version, Instant lastAttempt, Optional<String> problem) {
    public enum State {
        /** Not yet tried, or being applied now. */
        MIGRATING,
        /** Every migration is applied: modules may use their tables. */
        READY,
        /** The last attempt failed (database down, bad migration); it is retried. */
        FAILED
    }

    public boolean ready() {
        return state == State.READY;
    }
}
