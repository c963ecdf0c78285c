package io.thingstead.common.api.json;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads untrusted JSON with JSON-P, enforcing {@link JsonLimits} and turning every failure into an AWS-style error
 * that says what is wrong and where.
 */
public final class JsonDocuments {
    private JsonDocuments() {}

    /** Parses a JSON object, refusing anything else (arrays, scalars, empty input). */
    public static JsonObject readObject(byte[] utf8, JsonLimits limits) {
        JsonStructure structure = read(utf8, limits);
        if (structure.getValueType() != JsonValue.ValueType.OBJECT) {
            throw IotException.invalidRequest("Expected a JSON object.");
        }
        return structure.asJsonObject();
    }

    public static JsonObject readObject(String json, JsonLimits limits) {
        return readObject(json.getBytes(StandardCharsets.UTF_8), limits);
    }

    /** Parses a JSON object or array within the limits. */
    public static JsonStructure read(byte[] utf8, JsonLimits limits) {
        if (utf8 == null || utf8.length == 0) {
            throw IotException.invalidRequest("The request body is empty; a JSON document is required.");
        }
        if (utf8.length > limits.maxBytes()) {
            throw new IotException(
                    ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                    "The JSON document is " + utf8.length + " bytes; the limit is " + limits.maxBytes() + " bytes.");
        }
        checkDepth(utf8, limits.maxDepth());
        try (var reader = Json.createReader(new ByteArrayInputStream(utf8))) {
            return reader.read();
        } catch (JsonParsingException e) {
            throw invalidJson(e.getLocation(), e);
        } catch (JsonException e) {
            throw new IotException(
                    ErrorCode.INVALID_REQUEST, "The request body is not valid JSON.", java.util.Map.of(), e);
        }
    }

    /** Walks the token stream once, without building the document, to refuse excessive nesting cheaply. */
    private static void checkDepth(byte[] utf8, int maxDepth) {
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(utf8))) {
            int depth = 0;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
                    depth++;
                    if (depth > maxDepth) {
                        JsonLocation at = parser.getLocation();
                        throw IotException.invalidRequest("The JSON document is nested deeper than " + maxDepth
                                + " levels (at line " + at.getLineNumber() + ", column " + at.getColumnNumber()
                                + ").");
                    }
                } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
                    depth--;
                }
            }
        } catch (JsonParsingException e) {
            throw invalidJson(e.getLocation(), e);
        } catch (JsonException e) {
            throw new IotException(
                    ErrorCode.INVALID_REQUEST, "The request body is not valid JSON.", java.util.Map.of(), e);
        }
    }

    private static IotException invalidJson(JsonLocation at, Exception cause) {
        String where = at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
        return new IotException(
                ErrorCode.INVALID_REQUEST,
                "The request body is not valid JSON" + where + ".",
                java.util.Map.of(),
                cause);
    }
}
