package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowLimits;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import io.thingstead.shadow.api.UpdateRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The documented quotas, and that a rejected update leaves the state untouched. */
class LimitsTest extends ShadowTestSupport {
    /** A reported section {"v":"xxx..."} whose compact JSON is exactly {@code bytes} long. */
    private static String reportedOfSize(int bytes) {
        int overhead = "{\"v\":\"\"}".length();
        return "{\"state\":{\"reported\":{\"v\":\"" + "x".repeat(bytes - overhead) + "\"}}}";
    }

    @Test
    void documentedQuotas() {
        assertThat(ShadowLimits.MAX_STATE_DOCUMENT_BYTES).isEqualTo(8192);
        assertThat(ShadowLimits.MAX_STATE_DEPTH).isEqualTo(6);
        assertThat(ShadowLimits.MAX_CLIENT_TOKEN_BYTES).isEqualTo(64);
        assertThat(ShadowLimits.MAX_THING_NAME_LENGTH).isEqualTo(128);
        assertThat(ShadowLimits.MAX_SHADOW_NAME_LENGTH).isEqualTo(64);
        assertThat(ShadowLimits.MAX_REQUEST_PAYLOAD_BYTES).isEqualTo(131072);
        assertThat(ShadowLimits.MAX_IN_FLIGHT_REQUESTS_PER_THING).isEqualTo(10);
        assertThat(ShadowLimits.MAX_REQUESTS_PER_SECOND_PER_SHADOW).isEqualTo(20);
        assertThat(ShadowLimits.DELETED_SHADOW_VERSION_RETENTION).isEqualTo(Duration.ofHours(48));
    }

    @Test
    void aStateOfExactly8KbIsAccepted() {
        UpdateOutcome.Accepted outcome = accepted(null, reportedOfSize(8192), 1L);

        assertThat(JsonTrees.utf8Size(outcome.state().reported())).isEqualTo(8192);
    }

    @Test
    void aStateOneByteOver8KbIsRejectedWith413() {
        ShadowError error = rejected(null, reportedOfSize(8193).replace("}}}", "}},\"clientToken\":\"big\"}"), 1L);

        assertSameDocument(
                error.toJson(),
                "{\"code\":413,\"message\":\"The payload exceeds the maximum size allowed\",\"clientToken\":\"big\"}");
    }

    @Test
    void theLimitAppliesToTheMergedStateOfBothSections() {
        ShadowState state = accepted(null, reportedOfSize(5000), 1L).state();

        ShadowError error = rejected(state, "{\"state\":{\"desired\":{\"w\":\"" + "y".repeat(3200) + "\"}}}", 2L);

        assertThat(error.code()).isEqualTo(413);
        assertThat(accepted(state, "{\"state\":{\"desired\":{\"w\":\"" + "y".repeat(3100) + "\"}}}", 2L)
                        .state()
                        .version())
                .isEqualTo(2);
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        String fits = "{\"state\":{\"reported\":{\"v\":\"" + "é".repeat(4092) + "\"}}}";
        String tooBig = "{\"state\":{\"reported\":{\"v\":\"" + "é".repeat(4093) + "\"}}}";

        assertThat(accepted(null, fits, 1L).state().version()).isEqualTo(1);
        assertThat(rejected(null, tooBig, 1L).code()).isEqualTo(413);
    }

    @Test
    void metadataDoesNotCountTowardsTheLimit() {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 900; i++) {
            members.append(i == 0 ? "" : ",").append("\"").append(i).append("\":1");
        }
        UpdateOutcome.Accepted outcome = accepted(null, "{\"state\":{\"reported\":{" + members + "}}}", 1591142747L);

        assertThat(JsonTrees.utf8Size(outcome.state().reported())).isLessThan(ShadowLimits.MAX_STATE_DOCUMENT_BYTES);
        assertThat(JsonTrees.utf8Size(outcome.state().reportedMetadata()))
                .isGreaterThan(ShadowLimits.MAX_STATE_DOCUMENT_BYTES);
    }

    @Test
    void deletionsShrinkAShadowBackUnderTheLimit() {
        ShadowState full = accepted(null, reportedOfSize(8192), 1L).state();

        UpdateOutcome.Accepted outcome =
                accepted(full, "{\"state\":{\"reported\":{\"v\":null,\"w\":\"" + "z".repeat(100) + "\"}}}", 2L);

        assertSameDocument(outcome.state().reported(), "{\"w\":\"" + "z".repeat(100) + "\"}");
    }

    @Test
    void aRejectedUpdateLeavesTheStateUntouched() {
        ShadowState state = accepted(null, reportedOfSize(8000), 1L).state();
        String stored = state.toJson().toString();

        UpdateOutcome outcome =
                shadows.update(state, bytes("{\"state\":{\"desired\":{\"more\":\"" + "m".repeat(500) + "\"}}}"), 2L);

        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat(state.toJson().toString()).isEqualTo(stored);
        assertThat(getDocument(state, GetRequest.EMPTY, 3L).getInt("version")).isEqualTo(1);
    }

    @Test
    void requestsBuiltInCodeAreHeldToTheSameLimits() {
        UpdateRequest tooDeep = UpdateRequest.desired(json("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{}}}}}}}"));
        UpdateRequest longToken =
                new UpdateRequest(json("{\"reported\":{\"a\":1}}"), Optional.of("t".repeat(65)), OptionalLong.empty());
        UpdateRequest nullInArray = UpdateRequest.reported(json("{\"a\":[null]}"));

        assertThat(((Rejected) shadows.update(null, tooDeep, 1L)).error().message())
                .isEqualTo(ShadowError.TOO_DEEP);
        assertThat(((Rejected) shadows.update(null, longToken, 1L)).document())
                .isEqualTo(json("{\"code\":400,\"message\":\"Invalid clientToken\"}"));
        assertThat(((Rejected) shadows.update(null, nullInArray, 1L)).error().message())
                .isEqualTo(ShadowError.INVALID_JSON);
    }
}
