package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowErrorType;
import io.thingstead.shadow.api.ShadowLimits;
import io.thingstead.shadow.api.ShadowRequestException;
import io.thingstead.shadow.api.UpdateRequest;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading update request documents with AWS's validation and messages ("Device Shadow error messages"). */
class UpdateRequestParsingTest extends ShadowTestSupport {
    private ShadowError errorOf(String payload) {
        return errorOf(bytes(payload));
    }

    private ShadowError errorOf(byte[] payload) {
        ShadowRequestException e =
                catchThrowableOfType(ShadowRequestException.class, () -> shadows.parseUpdateRequest(payload));
        assertThat(e).as("rejection").isNotNull();
        return e.error();
    }

    @Test
    void readsStateClientTokenAndVersion() {
        UpdateRequest request = shadows.parseUpdateRequest(bytes("""
                {"state":{"desired":{"a":1},"reported":{"b":"x"}},"clientToken":"token-1","version":7}
                """));

        assertSameDocument(request.state().asJsonObject(), "{\"desired\":{\"a\":1},\"reported\":{\"b\":\"x\"}}");
        assertThat(request.clientToken()).contains("token-1");
        assertThat(request.version()).hasValue(7);
        assertSameDocument(request.desired().orElseThrow().asJsonObject(), "{\"a\":1}");
        assertSameDocument(request.reported().orElseThrow().asJsonObject(), "{\"b\":\"x\"}");
    }

    @Test
    void clientTokenAndVersionAreOptional() {
        UpdateRequest request = shadows.parseUpdateRequest(bytes("{\"state\":{\"reported\":{\"b\":1}}}"));

        assertThat(request.clientToken()).isEmpty();
        assertThat(request.version()).isEmpty();
        assertThat(request.desired()).isEmpty();
    }

    @Test
    void membersOutsideStateAreIgnored() {
        UpdateRequest request = shadows.parseUpdateRequest(bytes("""
                {"state":{"reported":{"b":1}},"metadata":{"x":1},"timestamp":5,"foo":[1,{"bar":null}]}
                """));

        assertSameDocument(request.state().asJsonObject(), "{\"reported\":{\"b\":1}}");
    }

    @Test
    void nullSectionsAndNullStateAreClearRequests() {
        UpdateRequest sections = shadows.parseUpdateRequest(bytes("{\"state\":{\"desired\":null}}"));
        UpdateRequest whole = shadows.parseUpdateRequest(bytes("{\"state\":null}"));

        assertThat(sections.desired()).contains(JsonValue.NULL);
        assertThat(sections.reported()).isEmpty();
        assertThat(whole.state()).isEqualTo(JsonValue.NULL);
        assertThat(whole.desired()).contains(JsonValue.NULL);
        assertThat(whole.reported()).contains(JsonValue.NULL);
    }

    @Test
    void numbersAreKeptExactly() {
        UpdateRequest request = shadows.parseUpdateRequest(bytes("""
                {"state":{"reported":{"f":1.0,"big":123456789012345678901234567890,"fine":0.100000000000000000001,"neg":-0.0}}}
                """));

        assertThat(JsonTrees.write(request.state().asJsonObject()))
                .isEqualTo(
                        "{\"reported\":{\"f\":1.0,\"big\":123456789012345678901234567890,\"fine\":0.100000000000000000001,\"neg\":0.0}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"state\":}", "{\"state\":{}} trailing", "{'state':{}}", "{\"a\":1,}"})
    void malformedJsonIsRejected(String payload) {
        ShadowError error = errorOf(payload);

        assertThat(error.code()).isEqualTo(400);
        assertThat(error.message()).isEqualTo("Payload contains invalid json");
        assertThat(error.clientToken()).isEmpty();
    }

    @Test
    void emptyPayloadIsInvalidJson() {
        assertThat(errorOf(new byte[0]).message()).isEqualTo(ShadowError.INVALID_JSON);
        assertThat(errorOf((byte[]) null).message()).isEqualTo(ShadowError.INVALID_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"66", "[]", "\"text\"", "null", "true"})
    void aDocumentThatIsNotAnObjectHasNoState(String payload) {
        assertThat(errorOf(payload).message()).isEqualTo("Missing required node: state");
    }

    @Test
    void missingStateIsRejectedWithTheClientTokenEchoed() {
        ShadowError error = errorOf("{\"desired\":{\"a\":1},\"clientToken\":\"abc\"}");

        assertThat(error.type()).isEqualTo(ShadowErrorType.BAD_REQUEST);
        assertThat(error.message()).isEqualTo("Missing required node: state");
        assertThat(error.clientToken()).contains("abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"on\"", "[]", "[{\"desired\":{}}]", "true"})
    void stateMustBeAnObject(String state) {
        ShadowError error = errorOf("{\"state\":" + state + ",\"clientToken\":\"abc\"}");

        assertThat(error.message()).isEqualTo("State node must be an object");
        assertThat(error.clientToken()).contains("abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"delta", "foo", "metadata", "Desired"})
    void stateMayHoldOnlyDesiredAndReported(String node) {
        ShadowError error = errorOf("{\"state\":{\"desired\":{},\"" + node + "\":{}}}");

        assertThat(error.message()).isEqualTo("State contains an invalid node: '" + node + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"on\"", "[1]", "false"})
    void desiredMustBeAnObjectOrNull(String desired) {
        assertThat(errorOf("{\"state\":{\"desired\":" + desired + "}}").message())
                .isEqualTo("Desired node must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"on\"", "[1]", "false"})
    void reportedMustBeAnObjectOrNull(String reported) {
        assertThat(errorOf("{\"state\":{\"reported\":" + reported + "}}").message())
                .isEqualTo("Reported node must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"3\"", "-1", "1.5", "1e30", "true", "{}", "[1]", "9223372036854775808"})
    void versionMustBeANonNegativeWholeNumber(String version) {
        ShadowError error = errorOf("{\"state\":{},\"version\":" + version + ",\"clientToken\":\"v\"}");

        assertThat(error.message()).isEqualTo("Invalid version");
        assertThat(error.clientToken()).contains("v");
    }

    @Test
    void versionMayBeWrittenWithAZeroFractionAndNullMeansNone() {
        assertThat(shadows.parseUpdateRequest(bytes("{\"state\":{},\"version\":12.0}"))
                        .version())
                .hasValue(12);
        assertThat(shadows.parseUpdateRequest(bytes("{\"state\":{},\"version\":0}"))
                        .version())
                .hasValue(0);
        assertThat(shadows.parseUpdateRequest(bytes("{\"state\":{},\"version\":null}"))
                        .version())
                .isEmpty();
    }

    @Test
    void clientTokenOf64BytesIsAccepted() {
        String token = "a".repeat(ShadowLimits.MAX_CLIENT_TOKEN_BYTES);

        assertThat(shadows.parseUpdateRequest(bytes("{\"state\":{},\"clientToken\":\"" + token + "\"}"))
                        .clientToken())
                .contains(token);
    }

    @Test
    void clientTokenOver64BytesIsRejectedWithoutEcho() {
        ShadowError error = errorOf("{\"state\":{},\"clientToken\":\"" + "a".repeat(65) + "\"}");

        assertThat(error.message()).isEqualTo("Invalid clientToken");
        assertThat(error.clientToken()).isEmpty();
        assertThat(error.toJson()).doesNotContainKey("clientToken");
    }

    @Test
    void clientTokenLengthIsCountedInUtf8Bytes() {
        String fits = "é".repeat(32);
        String tooLong = "é".repeat(33);

        assertThat(shadows.parseUpdateRequest(bytes("{\"state\":{},\"clientToken\":\"" + fits + "\"}"))
                        .clientToken())
                .contains(fits);
        assertThat(errorOf("{\"state\":{},\"clientToken\":\"" + tooLong + "\"}").message())
                .isEqualTo("Invalid clientToken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "{}", "[\"a\"]", "true"})
    void clientTokenMustBeAString(String token) {
        assertThat(errorOf("{\"state\":{},\"clientToken\":" + token + "}").message())
                .isEqualTo("Invalid clientToken");
    }

    @Test
    void sixLevelsOfNestingAreAllowed() {
        UpdateRequest request = shadows.parseUpdateRequest(bytes("""
                {"state":{"desired":{"one":{"two":{"three":{"four":{"five":{"leaf":1}}}}}}}}
                """));

        assertThat(request.desired()).isPresent();
    }

    @Test
    void sevenLevelsOfNestingAreRejected() {
        ShadowError error = errorOf("""
                {"state":{"reported":{"one":{"two":{"three":{"four":{"five":{"six":{"leaf":1}}}}}}}},"clientToken":"d"}
                """);

        assertThat(error.message()).isEqualTo("JSON contains too many levels of nesting; maximum is 6");
        assertThat(error.clientToken()).contains("d");
    }

    @Test
    void arraysCountAsNestingLevels() {
        assertThat(errorOf("{\"state\":{\"desired\":{\"a\":[[[[[[1]]]]]]}}}").message())
                .isEqualTo(ShadowError.TOO_DEEP);
        assertThat(shadows.parseUpdateRequest(bytes("{\"state\":{\"desired\":{\"a\":[[[[[1]]]]]}}}"))
                        .desired())
                .isPresent();
    }

    @Test
    void absurdNestingAnywhereIsRefusedBeforeTheDocumentIsBuilt() {
        String deep = "[".repeat(RequestParser.MAX_PAYLOAD_DEPTH + 1) + "]".repeat(RequestParser.MAX_PAYLOAD_DEPTH + 1);

        assertThat(errorOf("{\"state\":{},\"ignored\":" + deep + "}").message()).isEqualTo(ShadowError.TOO_DEEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[null]", "[1,null]", "[[null]]", "[{\"a\":null}]"})
    void nullsInArraysAreRejected(String array) {
        ShadowError error = errorOf("{\"state\":{\"desired\":{\"colors\":" + array + "}},\"clientToken\":\"n\"}");

        assertThat(error.code()).isEqualTo(400);
        assertThat(error.message()).isEqualTo(ShadowError.INVALID_JSON);
        assertThat(error.clientToken()).contains("n");
    }

    @Test
    void payloadOverTheMessageSizeLimitIsRejectedWith413() {
        String filler = "x".repeat(ShadowLimits.MAX_REQUEST_PAYLOAD_BYTES);
        ShadowError error = errorOf("{\"state\":{},\"ignored\":\"" + filler + "\"}");

        assertThat(error.code()).isEqualTo(413);
        assertThat(error.message()).isEqualTo("The payload exceeds the maximum size allowed");
    }

    @Test
    void payloadThatIsNotUtf8IsRejectedWith415() {
        byte[] latin1 = {
            '{',
            '"',
            's',
            't',
            'a',
            't',
            'e',
            '"',
            ':',
            '{',
            '"',
            'r',
            'e',
            'p',
            'o',
            'r',
            't',
            'e',
            'd',
            '"',
            ':',
            '{',
            '"',
            'n',
            '"',
            ':',
            '"',
            (byte) 0xE9,
            '"',
            '}',
            '}',
            '}'
        };

        ShadowError error = errorOf(latin1);

        assertThat(error.code()).isEqualTo(415);
        assertThat(error.message()).isEqualTo("Unsupported documented encoding; supported encoding is UTF-8");
    }

    @Test
    void rejectionsAreIotExceptionsWithTheDataPlaneErrorType() {
        assertThatThrownBy(() -> shadows.parseUpdateRequest(bytes("{}")))
                .isInstanceOf(ShadowRequestException.class)
                .satisfies(e -> assertThat(((ShadowRequestException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessage("Missing required node: state");
        assertThatThrownBy(
                        () -> shadows.parseUpdateRequest(bytes("{\"state\":{},\"x\":\"" + "y".repeat(200_000) + "\"}")))
                .satisfies(e ->
                        assertThat(((ShadowRequestException) e).code()).isEqualTo(ErrorCode.REQUEST_ENTITY_TOO_LARGE));
    }

    @Test
    void requestsBuiltInCodeAreCheckedToo() {
        assertThatThrownBy(() -> new UpdateRequest(json("{\"delta\":{}}"), Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpdateRequest(jsonValue("[1]"), Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpdateRequest(json("{\"desired\":1}"), Optional.empty(), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpdateRequest.desired(json("{}")).withVersion(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
