package io.thingstead.common.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {
    @Test
    void bodyCarriesTheMessageAndTheHeaderTheAwsType() {
        ErrorBody body = IotException.notFound("Thing sensor-1 does not exist.").toBody();

        assertThat(body.httpStatus()).isEqualTo(404);
        assertThat(body.errorTypeHeader()).isEqualTo("ResourceNotFoundException");
        assertThat(body.toJson().toString()).isEqualTo("{\"message\":\"Thing sensor-1 does not exist.\"}");
    }

    @Test
    void alreadyExistsCarriesTheExistingResourceAsAwsDoes() {
        ErrorBody body = IotException.alreadyExists(
                        "Thing sensor-1 already exists.",
                        "sensor-1",
                        "arn:aws:iot:us-east-1:000000000000:thing/sensor-1")
                .toBody();

        assertThat(body.httpStatus()).isEqualTo(409);
        assertThat(body.toJson().getString("resourceId")).isEqualTo("sensor-1");
        assertThat(body.toJson().getString("resourceArn")).endsWith(":thing/sensor-1");
        assertThat(body.toJson().getString("message")).isEqualTo("Thing sensor-1 already exists.");
    }

    @Test
    void anExtraFieldCannotReplaceTheMessage() {
        ErrorBody body = new ErrorBody(ErrorCode.INVALID_REQUEST, "real", Map.of("message", "forged"));

        assertThat(body.toJson().getString("message")).isEqualTo("real");
        assertThat(body.toJson()).hasSize(1);
    }

    @Test
    void statusesAreTheOnesAwsDocuments() {
        assertThat(ErrorCode.INVALID_REQUEST.httpStatus()).isEqualTo(400);
        assertThat(ErrorCode.UNAUTHORIZED.httpStatus()).isEqualTo(401);
        assertThat(ErrorCode.INVALID_SIGNATURE.httpStatus()).isEqualTo(403);
        assertThat(ErrorCode.RESOURCE_NOT_FOUND.httpStatus()).isEqualTo(404);
        assertThat(ErrorCode.CERTIFICATE_STATE.httpStatus()).isEqualTo(406);
        assertThat(ErrorCode.RESOURCE_ALREADY_EXISTS.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.VERSION_CONFLICT.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.LIMIT_EXCEEDED.httpStatus()).isEqualTo(410);
        assertThat(ErrorCode.REQUEST_ENTITY_TOO_LARGE.httpStatus()).isEqualTo(413);
        assertThat(ErrorCode.THROTTLING.httpStatus()).isEqualTo(429);
        assertThat(ErrorCode.INTERNAL_FAILURE.httpStatus()).isEqualTo(500);
        assertThat(ErrorCode.SERVICE_UNAVAILABLE.httpStatus()).isEqualTo(503);
    }

    @Test
    void typeNamesAreUniqueAndRoundTrip() {
        var types = new HashSet<String>();
        Arrays.stream(ErrorCode.values()).forEach(code -> {
            assertThat(code.type()).endsWith("Exception");
            assertThat(types.add(code.type())).as(code.type()).isTrue();
            assertThat(ErrorCode.ofType(code.type())).isSameAs(code);
        });
        assertThatThrownBy(() -> ErrorCode.ofType("NoSuchException")).isInstanceOf(IllegalArgumentException.class);
    }
}
