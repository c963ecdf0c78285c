package io.thingstead.shadow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AWS's error codes and messages for each class of Device Shadow error ("Device Shadow error messages"). */
class ShadowErrorTest {
    static Stream<Arguments> documentedErrors() {
        ShadowId id = ShadowId.named("thing", "shadowName");
        return Stream.of(
                Arguments.of((Function<Optional<String>, ShadowError>) ShadowError::unauthorized, 401, "Unauthorized"),
                Arguments.of((Function<Optional<String>, ShadowError>) ShadowError::forbidden, 403, "Forbidden"),
                Arguments.of(
                        (Function<Optional<String>, ShadowError>) ShadowError::thingNotFound, 404, "Thing not found"),
                Arguments.of(
                        (Function<Optional<String>, ShadowError>) token -> ShadowError.noShadow(id, token),
                        404,
                        "No shadow exists with name: 'shadowName'"),
                Arguments.of(
                        (Function<Optional<String>, ShadowError>) ShadowError::versionConflict,
                        409,
                        "Version conflict"),
                Arguments.of(
                        (Function<Optional<String>, ShadowError>) ShadowError::payloadTooLarge,
                        413,
                        "The payload exceeds the maximum size allowed"),
                Arguments.of(
                        (Function<Optional<String>, ShadowError>) ShadowError::unsupportedEncoding,
                        415,
                        "Unsupported documented encoding; supported encoding is UTF-8"),
                Arguments.of(
                        (Function<Optional<String>, ShadowError>) ShadowError::tooManyRequests,
                        429,
                        "Too Many Requests"),
                Arguments.of(
                        (Function<Optional<String>, ShadowError>) ShadowError::internalFailure,
                        500,
                        "Internal service failure"),
                Arguments.of(
                        (Function<Optional<String>, ShadowError>) token -> ShadowError.invalidNode("foo", token),
                        400,
                        "State contains an invalid node: 'foo'"));
    }

    @ParameterizedTest
    @MethodSource("documentedErrors")
    void documentedCodesAndMessages(Function<Optional<String>, ShadowError> factory, int code, String message) {
        ShadowError error = factory.apply(Optional.of("tok"));

        assertThat(error.code()).isEqualTo(code);
        assertThat(error.toJson())
                .isEqualTo(Json.createReader(new StringReader(
                                "{\"code\":" + code + ",\"message\":\"" + message + "\",\"clientToken\":\"tok\"}"))
                        .readObject());
    }

    @Test
    void theRestApiAnswersWithTheDataPlaneErrorTypes() {
        assertThat(ShadowError.versionConflict(Optional.empty())
                        .toIotException()
                        .code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(ShadowError.noShadow(ShadowId.classic("t"), Optional.empty())
                        .toIotException()
                        .code())
                .isEqualTo(ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(ShadowError.badRequest(ShadowError.INVALID_VERSION, Optional.empty())
                        .toIotException())
                .isInstanceOf(ShadowRequestException.class)
                .hasMessage("Invalid version")
                .extracting(IotException::code)
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ShadowError.payloadTooLarge(Optional.empty())
                        .toIotException()
                        .code())
                .isEqualTo(ErrorCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(ShadowError.tooManyRequests(Optional.empty())
                        .toIotException()
                        .code())
                .isEqualTo(ErrorCode.THROTTLING);
        assertThat(ShadowError.unauthorized(Optional.empty()).toIotException().code())
                .isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(ShadowError.internalFailure(Optional.empty())
                        .toIotException()
                        .code())
                .isEqualTo(ErrorCode.INTERNAL_FAILURE);
    }

    @Test
    void errorTypesByCode() {
        for (ShadowErrorType type : ShadowErrorType.values()) {
            assertThat(ShadowErrorType.ofCode(type.code())).isSameAs(type);
            assertThat(type.errorCode().httpStatus()).isEqualTo(type.code());
        }
        assertThatThrownBy(() -> ShadowErrorType.ofCode(418)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampIsAddedOnlyOnRequest() {
        ShadowError error = ShadowError.versionConflict(Optional.empty());

        assertThat(error.toJson()).doesNotContainKey("timestamp");
        assertThat(error.withTimestamp(1591057529L)
                        .toJson()
                        .getJsonNumber("timestamp")
                        .longValue())
                .isEqualTo(1591057529L);
    }
}
