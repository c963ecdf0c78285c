package io.thingstead.shadow.api;

import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/** What an update request does: {@link Accepted} or {@link Rejected}. */
public sealed interface UpdateOutcome permits UpdateOutcome.Accepted, Rejected {
    /**
     * An accepted update.
     *
     * @param state the shadow after the update, to store
     * @param accepted the {@code /update/accepted} document (and the REST API's response body): the request's state as
     *     sent, its metadata, version, timestamp and client token
     * @param delta the {@code /update/delta} document, present only when the shadow's desired state differs from its
     *     reported state after the update (AWS publishes the delta only then)
     * @param documents the {@code /update/documents} document: previous (absent if the shadow did not exist) and
     *     current full documents, timestamp and client token
     */
    record Accepted(ShadowState state, JsonObject accepted, Optional<JsonObject> delta, JsonObject documents)
            implements UpdateOutcome {
        public Accepted {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(accepted, "accepted");
            Objects.requireNonNull(delta, "delta");
            Objects.requireNonNull(documents, "documents");
        }
    }
}
