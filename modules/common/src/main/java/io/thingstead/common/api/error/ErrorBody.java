package io.thingstead.common.api.error;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.Objects;

/**
 * An AWS-style error as it goes over HTTP: the status, the {@code x-amzn-ErrorType} header value and the JSON body
 * {@code {"message": "..."}} (plus any extra members AWS defines for that error).
 */
public record ErrorBody(ErrorCode code, String message, Map<String, String> fields) {
    /** The response header AWS uses to name the error type; the AWS SDKs read it first. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    public ErrorBody {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        fields = Map.copyOf(fields);
    }

    public int httpStatus() {
        return code.httpStatus();
    }

    /** The value of the {@value #ERROR_TYPE_HEADER} header. */
    public String errorTypeHeader() {
        return code.type();
    }

    public JsonObject toJson() {
        JsonObjectBuilder body = Json.createObjectBuilder().add("message", message);
        fields.entrySet().stream()
                .filter(e -> !"message".equals(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> body.add(e.getKey(), e.getValue()));
        return body.build();
    }
}
