package io.thingstead.rules.internal.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * AWS's error action message: one per rule and message, listing every action that failed (AWS IoT developer guide,
 * "Error action message format"): {@code ruleName}, {@code topic}, {@code cloudwatchTraceId} (here the message's trace
 * id), {@code clientId}, {@code base64OriginalPayload} and {@code failures} with {@code failedAction}, {@code
 * failedResource} and {@code errorMessage}.
 */
final class ErrorEnvelope {
    private static final JsonFactory JSON = new JsonFactory();

    /** One failed action. */
    record Failure(String failedAction, String failedResource, String errorMessage) {}

    private ErrorEnvelope() {}

    static byte[] of(
            String ruleName,
            String topic,
            String traceId,
            Optional<String> clientId,
            byte[] originalPayload,
            List<Failure> failures) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + originalPayload.length * 4 / 3);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("ruleName", ruleName);
            json.writeStringField("topic", topic);
            json.writeStringField("cloudwatchTraceId", traceId);
            json.writeStringField("clientId", clientId.orElse("n/a"));
            json.writeStringField("base64OriginalPayload", Base64.getEncoder().encodeToString(originalPayload));
            json.writeArrayFieldStart("failures");
            for (Failure failure : failures) {
                json.writeStartObject();
                json.writeStringField("failedAction", failure.failedAction());
                json.writeStringField("failedResource", failure.failedResource());
                json.writeStringField("errorMessage", failure.errorMessage());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
