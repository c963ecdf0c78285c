package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * A device request the Jobs service refuses: {@code code} is the MQTT error code of the {@code /rejected} document
 * (InvalidRequest, ResourceNotFound, VersionMismatch, InvalidStateTransition, ...), {@code httpCode} what the HTTPS
 * device API answers; {@code executionState} is sent along for a version mismatch or an invalid transition, as AWS
 * does.
 */
final class DeviceRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final ErrorCode httpCode;
    private final transient Optional<JsonObject> executionState;

    DeviceRefusal(String code, ErrorCode httpCode, String message, Optional<JsonObject> executionState) {
        super(message, null, false, false);
        this.code = code;
        this.httpCode = httpCode;
        this.executionState = executionState;
    }

    static DeviceRefusal invalidRequest(String message) {
        return new DeviceRefusal("InvalidRequest", ErrorCode.INVALID_REQUEST, message, Optional.empty());
    }

    static DeviceRefusal notFound(String message) {
        return new DeviceRefusal("ResourceNotFound", ErrorCode.RESOURCE_NOT_FOUND, message, Optional.empty());
    }

    static DeviceRefusal of(IotException e) {
        String code = switch (e.code()) {
            case RESOURCE_NOT_FOUND -> "ResourceNotFound";
            case THROTTLING -> "RequestThrottled";
            case INVALID_STATE_TRANSITION -> "InvalidStateTransition";
            case INTERNAL_FAILURE, SERVICE_UNAVAILABLE -> "InternalError";
            default -> "InvalidRequest";
        };
        return new DeviceRefusal(code, e.code(), e.getMessage(), Optional.empty());
    }

    String code() {
        return code;
    }

    Optional<JsonObject> executionState() {
        return executionState;
    }

    /** The HTTPS device API's error (a version mismatch is an InvalidStateTransitionException there, as AWS's). */
    IotException toIotException() {
        return new IotException(httpCode, getMessage());
    }
}
