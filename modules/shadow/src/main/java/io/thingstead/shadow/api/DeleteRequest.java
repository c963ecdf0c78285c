package io.thingstead.shadow.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A delete request: an empty payload, or {@code {"clientToken":"..."}}; any other content is ignored, as AWS ignores
 * it.
 *
 * @param clientToken the request's client token, echoed in the response
 */
public record DeleteRequest(Optional<String> clientToken) {
    public static final DeleteRequest EMPTY = new DeleteRequest(Optional.empty());

    public DeleteRequest {
        Objects.requireNonNull(clientToken, "clientToken");
    }

    public static DeleteRequest withClientToken(String token) {
        return new DeleteRequest(Optional.of(token));
    }
}
