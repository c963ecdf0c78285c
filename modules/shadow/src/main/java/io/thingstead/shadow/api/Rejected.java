package io.thingstead.shadow.api;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * A rejected shadow request: nothing changed, and the error document goes to the {@code /rejected} topic (or the REST
 * API answers {@link ShadowError#toIotException()}).
 *
 * @param error the error
 */
public record Rejected(ShadowError error) implements UpdateOutcome, GetOutcome, DeleteOutcome {
    public Rejected {
        Objects.requireNonNull(error, "error");
    }

    /** The error response document for the {@code /rejected} topic. */
    public JsonObject document() {
        return error.toJson();
    }
}
