package io.thingstead.shadow.api;

import jakarta.json.JsonObject;
import java.util.Objects;

/** What a delete request does: {@link Accepted} or {@link Rejected}. */
public sealed interface DeleteOutcome permits DeleteOutcome.Accepted, Rejected {
    /**
     * @param state the tombstone to store in place of the shadow (it keeps the version numbering, see
     *     {@link ShadowLimits#DELETED_SHADOW_VERSION_RETENTION})
     * @param document the {@code /delete/accepted} document: the deleted shadow's version, timestamp and client token
     */
    record Accepted(ShadowState state, JsonObject document) implements DeleteOutcome {
        public Accepted {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(document, "document");
        }
    }
}
