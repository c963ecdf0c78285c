package io.thingstead.shadow.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A get request: an empty payload, or {@code {"clientToken":"..."}} (the AWS IoT Device SDK v2 sends one to match the
 * response to the request).
 *
 * @param clientToken the request's client token, echoed in the response
 */
public record GetRequest(Optional<String> clientToken) {
    public static final GetRequest EMPTY = new GetRequest(Optional.empty());

    public GetRequest {
        Objects.requireNonNull(clientToken, "clientToken");
    }

    public static GetRequest withClientToken(String token) {
        return new GetRequest(Optional.of(token));
    }
}
