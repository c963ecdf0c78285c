package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowLimits;
import io.thingstead.shadow.api.ShadowRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Get and delete requests: an empty payload, or an object whose clientToken is echoed; the rest is ignored. */
class SimpleRequestParsingTest extends ShadowTestSupport {
    @Test
    void emptyPayloadHasNoClientToken() {
        assertThat(shadows.parseGetRequest(new byte[0]).clientToken()).isEmpty();
        assertThat(shadows.parseDeleteRequest(null).clientToken()).isEmpty();
    }

    @Test
    void clientTokenIsRead() {
        assertThat(shadows.parseGetRequest(bytes("{\"clientToken\":\"get-1\"}")).clientToken())
                .contains("get-1");
        assertThat(shadows.parseDeleteRequest(bytes("{\"clientToken\":\"del-1\",\"other\":[1]}"))
                        .clientToken())
                .contains("del-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "42", "{\"state\":{}}", "{\"clientToken\":null}"})
    void otherContentIsIgnored(String payload) {
        assertThat(shadows.parseGetRequest(bytes(payload)).clientToken()).isEmpty();
        assertThat(shadows.parseDeleteRequest(bytes(payload)).clientToken()).isEmpty();
    }

    @Test
    void anInvalidClientTokenIsRejected() {
        ShadowRequestException e = catchThrowableOfType(
                ShadowRequestException.class,
                () -> shadows.parseGetRequest(bytes("{\"clientToken\":\"" + "t".repeat(65) + "\"}")));

        assertThat(e.error().code()).isEqualTo(400);
        assertThat(e.error().message()).isEqualTo(ShadowError.INVALID_CLIENT_TOKEN);
    }

    @Test
    void anOversizedPayloadIsRejectedWith413() {
        byte[] payload = bytes("{\"x\":\"" + "y".repeat(ShadowLimits.MAX_REQUEST_PAYLOAD_BYTES) + "\"}");

        ShadowRequestException e =
                catchThrowableOfType(ShadowRequestException.class, () -> shadows.parseDeleteRequest(payload));

        assertThat(e.error().code()).isEqualTo(413);
    }

    @Test
    void rejectedGetAndDeletePayloadsBecomeRejectedOutcomes() {
        byte[] payload = bytes("{\"clientToken\":\"" + "t".repeat(65) + "\"}");

        assertThat(shadows.get(THING, emptyShadow(1, 1L), payload, 2L))
                .isInstanceOfSatisfying(
                        io.thingstead.shadow.api.Rejected.class,
                        r -> assertThat(r.error().message()).isEqualTo(ShadowError.INVALID_CLIENT_TOKEN));
        assertThat(shadows.delete(THING, emptyShadow(1, 1L), payload, 2L))
                .isInstanceOfSatisfying(
                        io.thingstead.shadow.api.Rejected.class,
                        r -> assertThat(r.error().message()).isEqualTo(ShadowError.INVALID_CLIENT_TOKEN));
    }
}
