package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lamp and the engine of the project's source material. */
class ProjectExamplesTest extends ShadowTestSupport {
    @Test
    void lampDesiredRedThenReportedGreenGivesDeltaRed() {
        UpdateOutcome.Accepted desired = accepted(null, "{\"state\":{\"desired\":{\"color\":\"RED\"}}}", 100L);
        assertSameDocument(desired.delta().orElseThrow().getJsonObject("state"), "{\"color\":\"RED\"}");

        UpdateOutcome.Accepted reported =
                accepted(desired.state(), "{\"state\":{\"reported\":{\"color\":\"GREEN\"}}}", 101L);

        assertThat(reported.delta()).isPresent();
        assertSameDocument(reported.delta().orElseThrow(), """
                {
                  "version": 2,
                  "timestamp": 101,
                  "state": {"color": "RED"},
                  "metadata": {"color": {"timestamp": 100}}
                }
                """);
        assertSameDocument(
                getDocument(reported.state(), GetRequest.EMPTY, 102L).getJsonObject("state"),
                "{\"desired\":{\"color\":\"RED\"},\"reported\":{\"color\":\"GREEN\"},\"delta\":{\"color\":\"RED\"}}");
    }

    @Test
    void lampReportingRedLeavesNoDelta() {
        ShadowState state = stateAfter(
                100L,
                "{\"state\":{\"desired\":{\"color\":\"RED\"}}}",
                "{\"state\":{\"reported\":{\"color\":\"GREEN\"}}}");

        UpdateOutcome.Accepted red = accepted(state, "{\"state\":{\"reported\":{\"color\":\"RED\"}}}", 103L);

        assertThat(red.delta()).isEmpty();
        assertThat(red.state().version()).isEqualTo(3);
        assertThat(getDocument(red.state(), GetRequest.EMPTY, 104L).getJsonObject("state"))
                .doesNotContainKey("delta");
        assertThat(getDocument(red.state(), GetRequest.EMPTY, 104L).getJsonObject("metadata"))
                .doesNotContainKey("delta");
    }

    @Test
    void engineDesiredOnWhileReportedOffIsADelta() {
        ShadowState off = accepted(null, "{\"state\":{\"reported\":{\"engine\":\"OFF\"}}}", 10L)
                .state();

        UpdateOutcome.Accepted on = accepted(off, "{\"state\":{\"desired\":{\"engine\":\"ON\"}}}", 11L);

        assertThat(on.state().version()).isEqualTo(2);
        assertSameDocument(on.delta().orElseThrow().getJsonObject("state"), "{\"engine\":\"ON\"}");
        assertSameDocument(on.delta().orElseThrow().getJsonObject("metadata"), "{\"engine\":{\"timestamp\":11}}");
    }

    @Test
    void engineVersionGoesUpByOnePerAcceptedUpdate() {
        List<Long> versions = new ArrayList<>();
        ShadowState state = null;
        for (int rpm = 0; rpm < 11; rpm++) {
            String request = rpm == 0
                    ? "{\"state\":{\"desired\":{\"engine\":\"ON\"},\"reported\":{\"engine\":\"OFF\"}}}"
                    : "{\"state\":{\"reported\":{\"rpm\":" + (rpm * 100) + "}}}";
            UpdateOutcome.Accepted outcome = accepted(state, request, 1000L + rpm);
            versions.add(outcome.state().version());
            assertThat(outcome.accepted().getJsonNumber("version").longValue())
                    .isEqualTo(outcome.state().version());
            state = outcome.state();
        }

        assertThat(versions).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void engineUpdateNamingVersion10AtVersion11IsRejectedAndChangesNothing() {
        ShadowState state = accepted(
                        emptyShadow(10, 1000L),
                        "{\"state\":{\"desired\":{\"engine\":\"ON\"},\"reported\":{\"engine\":\"OFF\"}}}",
                        1000L)
                .state();
        assertThat(state.version()).isEqualTo(11);
        String before = state.toJson().toString();

        UpdateOutcome outcome = shadows.update(
                state,
                bytes("{\"state\":{\"desired\":{\"engine\":\"OFF\"}},\"version\":10,\"clientToken\":\"t-1\"}"),
                1001L);

        assertThat(outcome).isInstanceOf(Rejected.class);
        assertSameDocument(
                ((Rejected) outcome).document(),
                "{\"code\":409,\"message\":\"Version conflict\",\"clientToken\":\"t-1\"}");
        assertThat(state.toJson().toString()).isEqualTo(before);
        assertSameDocument(
                getDocument(state, GetRequest.EMPTY, 1002L)
                        .getJsonObject("state")
                        .getJsonObject("delta"),
                "{\"engine\":\"ON\"}");

        UpdateOutcome.Accepted retried = accepted(
                state, "{\"state\":{\"desired\":{\"engine\":\"OFF\"}},\"version\":11,\"clientToken\":\"t-2\"}", 1003L);
        assertThat(retried.state().version()).isEqualTo(12);
        assertThat(retried.delta()).isEmpty();
    }
}
