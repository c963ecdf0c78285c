package io.thingstead.shadow.api;

import io.thingstead.common.api.error.IotException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Device Shadow error response document, as published on {@code /get/rejected}, {@code /update/rejected} and
 * {@code /delete/rejected}: {@code {"code": 400, "message": "...", "timestamp": ..., "clientToken": "..."}}.
 *
 * <p>{@code timestamp} is "not present in all error response documents" (AWS); the documents AWS is seen to send for
 * validation errors, version conflicts and missing shadows carry none, so the shadow operations leave it out and a
 * caller that wants one adds it with {@link #withTimestamp(long)}. {@code clientToken} is present only when the request
 * carried a valid one.
 *
 * <p>The factory methods carry AWS's messages (developer guide, "Device Shadow error messages").
 */
public record ShadowError(ShadowErrorType type, String message, Optional<String> clientToken, OptionalLong timestamp) {
    public static final String INVALID_JSON = "Payload contains invalid json";
    public static final String MISSING_STATE = "Missing required node: state";
    public static final String STATE_NOT_OBJECT = "State node must be an object";
    public static final String DESIRED_NOT_OBJECT = "Desired node must be an object";
    public static final String REPORTED_NOT_OBJECT = "Reported node must be an object";
    public static final String INVALID_VERSION = "Invalid version";
    public static final String INVALID_CLIENT_TOKEN = "Invalid clientToken";
    public static final String TOO_DEEP =
            "JSON contains too many levels of nesting; maximum is " + ShadowLimits.MAX_STATE_DEPTH;
    public static final String INVALID_NODE_PREFIX = "State contains an invalid node: ";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String THING_NOT_FOUND = "Thing not found";
    public static final String NO_SHADOW_PREFIX = "No shadow exists with name: ";
    public static final String VERSION_CONFLICT = "Version conflict";
    public static final String PAYLOAD_TOO_LARGE = "The payload exceeds the maximum size allowed";
    public static final String UNSUPPORTED_ENCODING = "Unsupported documented encoding; supported encoding is UTF-8";
    public static final String TOO_MANY_REQUESTS = "Too Many Requests";
    public static final String INTERNAL_FAILURE = "Internal service failure";

    private static final JsonProvider JSON = JsonProvider.provider();

    public ShadowError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(clientToken, "clientToken");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public static ShadowError of(ShadowErrorType type, String message, Optional<String> clientToken) {
        return new ShadowError(type, message, clientToken, OptionalLong.empty());
    }

    public static ShadowError badRequest(String message, Optional<String> clientToken) {
        return of(ShadowErrorType.BAD_REQUEST, message, clientToken);
    }

    /** "State contains an invalid node: 'name'", for a member of {@code state} other than desired and reported. */
    public static ShadowError invalidNode(String node, Optional<String> clientToken) {
        return badRequest(INVALID_NODE_PREFIX + "'" + node + "'", clientToken);
    }

    public static ShadowError unauthorized(Optional<String> clientToken) {
        return of(ShadowErrorType.UNAUTHORIZED, UNAUTHORIZED, clientToken);
    }

    public static ShadowError forbidden(Optional<String> clientToken) {
        return of(ShadowErrorType.FORBIDDEN, FORBIDDEN, clientToken);
    }

    public static ShadowError thingNotFound(Optional<String> clientToken) {
        return of(ShadowErrorType.NOT_FOUND, THING_NOT_FOUND, clientToken);
    }

    /** "No shadow exists with name: 'x'", naming the shadow (or, for a classic shadow, the thing). */
    public static ShadowError noShadow(ShadowId id, Optional<String> clientToken) {
        return of(ShadowErrorType.NOT_FOUND, NO_SHADOW_PREFIX + "'" + id.displayName() + "'", clientToken);
    }

    public static ShadowError versionConflict(Optional<String> clientToken) {
        return of(ShadowErrorType.CONFLICT, VERSION_CONFLICT, clientToken);
    }

    public static ShadowError payloadTooLarge(Optional<String> clientToken) {
        return of(ShadowErrorType.PAYLOAD_TOO_LARGE, PAYLOAD_TOO_LARGE, clientToken);
    }

    public static ShadowError unsupportedEncoding(Optional<String> clientToken) {
        return of(ShadowErrorType.UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_ENCODING, clientToken);
    }

    public static ShadowError tooManyRequests(Optional<String> clientToken) {
        return of(ShadowErrorType.TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, clientToken);
    }

    public static ShadowError internalFailure(Optional<String> clientToken) {
        return of(ShadowErrorType.INTERNAL_SERVER_ERROR, INTERNAL_FAILURE, clientToken);
    }

    /** The HTTP status code, the {@code code} member of the document. */
    public int code() {
        return type.code();
    }

    public ShadowError withTimestamp(long epochSeconds) {
        return new ShadowError(type, message, clientToken, OptionalLong.of(epochSeconds));
    }

    /** The error response document, members in AWS's order: code, message, timestamp, clientToken. */
    public JsonObject toJson() {
        JsonObjectBuilder document =
                JSON.createObjectBuilder().add("code", type.code()).add("message", message);
        timestamp.ifPresent(value -> document.add("timestamp", value));
        clientToken.ifPresent(token -> document.add("clientToken", token));
        return document.build();
    }

    /** The same error as the REST API answers it. */
    public IotException toIotException() {
        return new ShadowRequestException(this);
    }
}
