package io.thingstead.shadow.internal;

import static io.thingstead.shadow.internal.JsonTrees.JSON;

import io.thingstead.shadow.api.DeleteRequest;
import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowErrorType;
import io.thingstead.shadow.api.ShadowLimits;
import io.thingstead.shadow.api.ShadowRequestException;
import io.thingstead.shadow.api.UpdateRequest;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads shadow request payloads with the Device Shadow service's validation and error messages. */
final class RequestParser {
    /**
     * Nesting refused before the document is built, whatever part of it is nested: a guard against hostile input far
     * above anything a valid request needs ({@link ShadowLimits#MAX_STATE_DEPTH} plus the two enclosing levels).
     */
    static final int MAX_PAYLOAD_DEPTH = 64;

    private RequestParser() {}

    static UpdateRequest parseUpdate(byte[] payload) {
        JsonValue document = read(payload, Optional.empty());
        if (document.getValueType() != ValueType.OBJECT) {
            throw rejected(ShadowError.badRequest(ShadowError.MISSING_STATE, Optional.empty()));
        }
        JsonObject request = document.asJsonObject();
        Optional<String> clientToken = clientToken(request);
        JsonValue state = request.get("state");
        if (state == null) {
            throw rejected(ShadowError.badRequest(ShadowError.MISSING_STATE, clientToken));
        }
        if (state.getValueType() != ValueType.OBJECT && state.getValueType() != ValueType.NULL) {
            throw rejected(ShadowError.badRequest(ShadowError.STATE_NOT_OBJECT, clientToken));
        }
        OptionalLong version = version(request.get("version"), clientToken);
        UpdateRequest update = new UpdateRequest(stateShape(state, clientToken), clientToken, version);
        validateSections(update).ifPresent(error -> {
            throw rejected(error);
        });
        return update;
    }

    static GetRequest parseGet(byte[] payload) {
        return new GetRequest(tokenOfSimpleRequest(payload));
    }

    static DeleteRequest parseDelete(byte[] payload) {
        return new DeleteRequest(tokenOfSimpleRequest(payload));
    }

    /**
     * The checks of the desired and reported sections that do not depend on the shadow: client token length, nesting
     * depth and nulls in arrays. Also applied to requests built in code rather than parsed.
     */
    static Optional<ShadowError> validateSections(UpdateRequest request) {
        if (request.clientToken().isPresent()
                && !validToken(request.clientToken().get())) {
            return Optional.of(ShadowError.badRequest(ShadowError.INVALID_CLIENT_TOKEN, Optional.empty()));
        }
        for (Optional<JsonValue> section : List.of(request.desired(), request.reported())) {
            if (section.isEmpty()) {
                continue;
            }
            JsonValue value = section.get();
            if (JsonTrees.depth(value, ShadowLimits.MAX_STATE_DEPTH) > ShadowLimits.MAX_STATE_DEPTH) {
                return Optional.of(ShadowError.badRequest(ShadowError.TOO_DEEP, request.clientToken()));
            }
            if (JsonTrees.hasNullInArray(value)) {
                return Optional.of(ShadowError.badRequest(ShadowError.INVALID_JSON, request.clientToken()));
            }
        }
        return Optional.empty();
    }

    private static JsonValue stateShape(JsonValue state, Optional<String> clientToken) {
        if (state.getValueType() == ValueType.NULL) {
            return state;
        }
        for (var member : state.asJsonObject().entrySet()) {
            String name = member.getKey();
            ValueType type = member.getValue().getValueType();
            boolean objectOrNull = type == ValueType.OBJECT || type == ValueType.NULL;
            switch (name) {
                case "desired" -> {
                    if (!objectOrNull) {
                        throw rejected(ShadowError.badRequest(ShadowError.DESIRED_NOT_OBJECT, clientToken));
                    }
                }
                case "reported" -> {
                    if (!objectOrNull) {
                        throw rejected(ShadowError.badRequest(ShadowError.REPORTED_NOT_OBJECT, clientToken));
                    }
                }
                default -> throw rejected(ShadowError.invalidNode(name, clientToken));
            }
        }
        return state;
    }

    private static Optional<String> clientToken(JsonObject request) {
        JsonValue token = request.get("clientToken");
        if (token == null || token.getValueType() == ValueType.NULL) {
            return Optional.empty();
        }
        if (token instanceof JsonString string && validToken(string.getString())) {
            return Optional.of(string.getString());
        }
        throw rejected(ShadowError.badRequest(ShadowError.INVALID_CLIENT_TOKEN, Optional.empty()));
    }

    static boolean validToken(String token) {
        return token.getBytes(StandardCharsets.UTF_8).length <= ShadowLimits.MAX_CLIENT_TOKEN_BYTES;
    }

    private static OptionalLong version(JsonValue version, Optional<String> clientToken) {
        if (version == null || version.getValueType() == ValueType.NULL) {
            return OptionalLong.empty();
        }
        if (version instanceof JsonNumber number) {
            try {
                long value = number.bigDecimalValue().longValueExact();
                if (value >= 0) {
                    return OptionalLong.of(value);
                }
            } catch (ArithmeticException notAWholeLong) {
                // answered below
            }
        }
        throw rejected(ShadowError.badRequest(ShadowError.INVALID_VERSION, clientToken));
    }

    /**
     * The client token of a get or delete request. AWS ignores the rest of such a payload, so a payload that is not a
     * JSON object simply has no token; a token that is there must be valid.
     */
    private static Optional<String> tokenOfSimpleRequest(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return Optional.empty();
        }
        JsonValue document;
        try {
            document = read(payload, Optional.empty());
        } catch (ShadowRequestException e) {
            if (e.error().type() == ShadowErrorType.PAYLOAD_TOO_LARGE) {
                throw e;
            }
            return Optional.empty();
        }
        if (document.getValueType() != ValueType.OBJECT) {
            return Optional.empty();
        }
        return clientToken(document.asJsonObject());
    }

    /** Decodes (strict UTF-8) and parses a payload, refusing oversized, mis-encoded, malformed and absurdly deep ones. */
    private static JsonValue read(byte[] payload, Optional<String> clientToken) {
        if (payload == null || payload.length == 0) {
            throw rejected(ShadowError.badRequest(ShadowError.INVALID_JSON, clientToken));
        }
        if (payload.length > ShadowLimits.MAX_REQUEST_PAYLOAD_BYTES) {
            throw rejected(ShadowError.payloadTooLarge(clientToken));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw rejected(ShadowError.unsupportedEncoding(clientToken), e);
        }
        try {
            checkNesting(text, clientToken);
            try (JsonReader reader = JSON.createReader(new StringReader(text))) {
                return reader.readValue();
            }
        } catch (JsonException e) {
            throw rejected(ShadowError.badRequest(ShadowError.INVALID_JSON, clientToken), e);
        }
    }

    private static void checkNesting(String text, Optional<String> clientToken) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            int depth = 0;
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_PAYLOAD_DEPTH) {
                            throw rejected(ShadowError.badRequest(ShadowError.TOO_DEEP, clientToken));
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        // scalars and keys do not nest
                    }
                }
            }
        }
    }

    private static ShadowRequestException rejected(ShadowError error) {
        return new ShadowRequestException(error);
    }

    private static ShadowRequestException rejected(ShadowError error, Throwable cause) {
        return new ShadowRequestException(error, cause);
    }
}
