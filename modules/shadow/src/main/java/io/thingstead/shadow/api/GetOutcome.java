package io.thingstead.shadow.api;

import jakarta.json.JsonObject;
import java.util.Objects;

/** What a get request answers: {@link Accepted} or {@link Rejected}. */
public sealed interface GetOutcome permits GetOutcome.Accepted, Rejected {
    /**
     * @param document the {@code /get/accepted} document (and the REST API's response body): state with desired,
     *     reported and delta, metadata, version, timestamp and client token
     */
    record Accepted(JsonObject document) implements GetOutcome {
        public Accepted {
            Objects.requireNonNull(document, "document");
        }
    }
}
