package io.thingstead.shadow.api;

import io.thingstead.common.api.error.ErrorCode;

/**
 * The error classes of the Device Shadow service: the HTTP status that goes into the {@code code} member of a
 * {@code /rejected} document, and the AWS error type the data-plane REST API answers the same error with.
 */
public enum ShadowErrorType {
    BAD_REQUEST(400, ErrorCode.INVALID_REQUEST),
    UNAUTHORIZED(401, ErrorCode.UNAUTHORIZED),
    FORBIDDEN(403, ErrorCode.ACCESS_DENIED),
    NOT_FOUND(404, ErrorCode.RESOURCE_NOT_FOUND),
    CONFLICT(409, ErrorCode.CONFLICT),
    PAYLOAD_TOO_LARGE(413, ErrorCode.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(415, ErrorCode.UNSUPPORTED_DOCUMENT_ENCODING),
    TOO_MANY_REQUESTS(429, ErrorCode.THROTTLING),
    INTERNAL_SERVER_ERROR(500, ErrorCode.INTERNAL_FAILURE);

    private final int code;
    private final ErrorCode errorCode;

    ShadowErrorType(int code, ErrorCode errorCode) {
        this.code = code;
        this.errorCode = errorCode;
    }

    /** The HTTP status, which is also the {@code code} member of the error document. */
    public int code() {
        return code;
    }

    /** The error type the REST API ({@code x-amzn-ErrorType}) answers this error with. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    public static ShadowErrorType ofCode(int code) {
        for (ShadowErrorType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("not a Device Shadow error code: " + code);
    }
}
