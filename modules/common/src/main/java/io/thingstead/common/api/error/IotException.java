package io.thingstead.common.api.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one exception type every Thingstead endpoint throws for an AWS-style error. The HTTP layer turns it into the
 * status, {@code x-amzn-ErrorType} header and JSON body AWS sends ({@link ErrorBody}).
 *
 * <p>Messages are shown to the caller: say what is wrong with the request, never echo secrets.
 */
public class IotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Map<String, String> fields;

    public IotException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public IotException(ErrorCode code, String message, Map<String, String> fields, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra members of the error body AWS sends for some errors (e.g. {@code resourceId}, {@code resourceArn}). */
    public Map<String, String> fields() {
        return fields;
    }

    public ErrorBody toBody() {
        return new ErrorBody(code, getMessage(), fields);
    }

    public static IotException invalidRequest(String message) {
        return new IotException(ErrorCode.INVALID_REQUEST, message);
    }

    public static IotException notFound(String message) {
        return new IotException(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    /** AWS sends the id and ARN of the resource that already exists, so clients can reuse it. */
    public static IotException alreadyExists(String message, String resourceId, String resourceArn) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (resourceId != null) {
            fields.put("resourceId", resourceId);
        }
        if (resourceArn != null) {
            fields.put("resourceArn", resourceArn);
        }
        return new IotException(ErrorCode.RESOURCE_ALREADY_EXISTS, message, fields, null);
    }

    public static IotException versionConflict(String message) {
        return new IotException(ErrorCode.VERSION_CONFLICT, message);
    }

    public static IotException unauthorized(String message) {
        return new IotException(ErrorCode.UNAUTHORIZED, message);
    }

    public static IotException throttled(String message) {
        return new IotException(ErrorCode.THROTTLING, message);
    }

    /** The service cannot answer now for a reason an administrator must fix; the message says what, not how. */
    public static IotException serviceUnavailable(String message) {
        return new IotException(ErrorCode.SERVICE_UNAVAILABLE, message);
    }

    public static IotException internalFailure(String message, Throwable cause) {
        return new IotException(ErrorCode.INTERNAL_FAILURE, message, Map.of(), cause);
    }
}
