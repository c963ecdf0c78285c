package io.thingstead.rules.internal.sql;

import java.util.Objects;

/**
 * What a statement made of one message: exactly one of {@link Matched} (run the actions with the output), {@link
 * NotMatched} (the WHERE clause was not true: nothing to do) or {@link Failed} (run the error action with the message;
 * the rule stays enabled).
 */
public sealed interface SqlResult {
    /** The WHERE clause was true (or absent); {@code output} is what the actions get. */
    record Matched(SqlOutput output) implements SqlResult {
        public Matched {
            Objects.requireNonNull(output, "output");
        }
    }

    /** The WHERE clause was false, Undefined or not a Boolean. */
    enum NotMatched implements SqlResult {
        INSTANCE
    }

    /** Evaluation failed for this message; {@code message} is for the error action's {@code errorMessage}. */
    record Failed(String message) implements SqlResult {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }
}
