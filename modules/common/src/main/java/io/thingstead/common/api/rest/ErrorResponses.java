package io.thingstead.common.api.rest;

import io.thingstead.common.api.error.ErrorBody;
import io.thingstead.common.api.error.ErrorCode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds the HTTP response AWS sends for an error: status, {@code x-amzn-ErrorType} header, JSON body. */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static Response of(ErrorBody body) {
        return Response.status(body.httpStatus())
                .header(ErrorBody.ERROR_TYPE_HEADER, body.errorTypeHeader())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body.toJson().toString())
                .build();
    }

    public static Response of(ErrorCode code, String message) {
        return of(new ErrorBody(code, message, Map.of()));
    }

    /**
     * The AWS error code for a bare HTTP status, for failures raised by the HTTP layer itself (no route, wrong
     * method, unreadable body) rather than by our code.
     */
    public static ErrorCode codeForStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.ACCESS_DENIED;
            case 404 -> ErrorCode.RESOURCE_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406, 415 -> ErrorCode.UNSUPPORTED_DOCUMENT_ENCODING;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.REQUEST_ENTITY_TOO_LARGE;
            case 429 -> ErrorCode.THROTTLING;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL_FAILURE : ErrorCode.INVALID_REQUEST;
        };
    }
}
