package io.thingstead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.provisioning.api.ProvisioningResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FleetProvisioningServiceTest {
    @Test
    void payloadsMustBeJsonObjects() {
        assertThat(FleetProvisioningService.read(new byte[0], true)).isEmpty();
        assertThat(FleetProvisioningService.read("{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8), false))
                .containsKey("a");
        for (String bad : new String[] {"", "[]", "{", "null", "{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}"}) {
            ProvisioningFailure failure = catchThrowableOfType(
                    ProvisioningFailure.class,
                    () -> FleetProvisioningService.read(bad.getBytes(StandardCharsets.UTF_8), false));
            assertThat(failure).as(bad).isNotNull();
            assertThat(failure.statusCode()).isEqualTo(400);
            assertThat(failure.errorCode()).isEqualTo(ProvisioningFailure.INVALID_PAYLOAD);
        }
    }

    @Test
    void otherModulesErrorsBecomeRejections() {
        assertThat(FleetProvisioningService.translate(IotException.invalidRequest("bad thing name"))
                        .errorCode())
                .isEqualTo(ProvisioningFailure.INVALID_TEMPLATE);
        assertThat(FleetProvisioningService.translate(IotException.alreadyExists("exists", "id", "arn"))
                        .statusCode())
                .isEqualTo(409);
        ProvisioningFailure internal = FleetProvisioningService.translate(
                IotException.internalFailure("database down at 10.0.0.1", new RuntimeException()));
        assertThat(internal.statusCode()).isEqualTo(500);
        assertThat(internal.getMessage()).doesNotContain("10.0.0.1");
        assertThat(FleetProvisioningService.translate(new IotException(ErrorCode.THROTTLING, "slow down"))
                        .statusCode())
                .isEqualTo(429);
    }

    @Test
    void rejectionsHaveAwsErrorPayload() {
        ProvisioningResponse rejected = ProvisioningFailure.badRequest(ProvisioningFailure.INVALID_TOKEN, "no")
                .toResponse("t/rejected");
        assertThat(rejected.accepted()).isFalse();
        assertThat(rejected.payload().toString())
                .isEqualTo(
                        "{\"statusCode\":400,\"errorCode\":\"InvalidCertificateOwnershipToken\",\"errorMessage\":\"no\"}");
    }
}
