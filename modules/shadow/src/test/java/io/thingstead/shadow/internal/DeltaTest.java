package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The delta state and the /update/delta document ("Device Shadow MQTT topics", /update/delta message body). */
class DeltaTest extends ShadowTestSupport {
    private static JsonObject delta(String desired, String reported) {
        return JsonTrees.delta(json(desired), json(reported));
    }

    @Test
    void attributesOnlyInDesiredAreIncluded() {
        assertSameDocument(delta("{\"a\":1,\"b\":2}", "{\"a\":1}"), "{\"b\":2}");
    }

    @Test
    void attributesOnlyInReportedAreNotIncluded() {
        assertSameDocument(delta("{\"a\":1}", "{\"a\":1,\"temp\":22}"), "{}");
    }

    @Test
    void differingValuesTakeTheDesiredValue() {
        assertSameDocument(
                delta("{\"a\":\"ON\",\"b\":true}", "{\"a\":\"OFF\",\"b\":false}"), "{\"a\":\"ON\",\"b\":true}");
    }

    @Test
    void numbersAreComparedByValue() {
        assertSameDocument(delta("{\"a\":1,\"b\":2.50,\"c\":1e2}", "{\"a\":1.0,\"b\":2.5,\"c\":100}"), "{}");
        assertSameDocument(delta("{\"a\":1}", "{\"a\":1.01}"), "{\"a\":1}");
    }

    @Test
    void valuesOfDifferentTypesDiffer() {
        assertSameDocument(
                delta("{\"a\":1,\"b\":\"1\",\"c\":{\"x\":1}}", "{\"a\":\"1\",\"b\":1,\"c\":5}"),
                "{\"a\":1,\"b\":\"1\",\"c\":{\"x\":1}}");
    }

    @Test
    void nestedObjectsContributeOnlyTheirDifferences() {
        assertSameDocument(
                delta(
                        "{\"l\":{\"c\":{\"r\":1,\"g\":2},\"on\":true},\"x\":1}",
                        "{\"l\":{\"c\":{\"r\":1,\"g\":0},\"on\":true},\"x\":1}"),
                "{\"l\":{\"c\":{\"g\":2}}}");
    }

    @Test
    void arraysAreComparedAsWholeValues() {
        assertSameDocument(delta("{\"c\":[1,2,3]}", "{\"c\":[1,2]}"), "{\"c\":[1,2,3]}");
        assertSameDocument(delta("{\"c\":[1,{\"k\":2.0}]}", "{\"c\":[1.0,{\"k\":2}]}"), "{}");
        assertSameDocument(delta("{\"c\":[{\"a\":1,\"b\":2}]}", "{\"c\":[{\"b\":2,\"a\":1}]}"), "{}");
        assertSameDocument(delta("{\"c\":[2,1]}", "{\"c\":[1,2]}"), "{\"c\":[2,1]}");
    }

    @Test
    void emptyDesiredObjectsContributeNothing() {
        assertSameDocument(delta("{\"a\":{},\"b\":{\"c\":{}}}", "{}"), "{\"b\":{\"c\":{}}}");
        assertSameDocument(delta("{\"a\":{}}", "{\"a\":5}"), "{}");
    }

    @Test
    void deltaDocumentCarriesAllDifferencesNotOnlyThoseOfTheRequest() {
        ShadowState state = stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1,\"b\":2}}}");

        UpdateOutcome.Accepted outcome =
                accepted(state, "{\"state\":{\"desired\":{\"c\":3}},\"clientToken\":\"k\"}", 2L);

        assertSameDocument(outcome.delta().orElseThrow(), """
                {
                  "version": 2,
                  "timestamp": 2,
                  "state": {"a": 1, "b": 2, "c": 3},
                  "metadata": {"a": {"timestamp": 1}, "b": {"timestamp": 1}, "c": {"timestamp": 2}},
                  "clientToken": "k"
                }
                """);
    }

    @Test
    void deltaIsPublishedAfterAReportThatStillDiffers() {
        ShadowState state = stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1,\"b\":1}}}");

        UpdateOutcome.Accepted outcome = accepted(state, "{\"state\":{\"reported\":{\"a\":1,\"b\":0}}}", 2L);

        assertSameDocument(outcome.delta().orElseThrow().getJsonObject("state"), "{\"b\":1}");
    }

    @Test
    void deltaIsPublishedWhenAReportedAttributeIsDeletedButStillDesired() {
        ShadowState state = stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1},\"reported\":{\"a\":1}}}");

        UpdateOutcome.Accepted outcome = accepted(state, "{\"state\":{\"reported\":{\"a\":null}}}", 2L);

        assertSameDocument(outcome.delta().orElseThrow().getJsonObject("state"), "{\"a\":1}");
    }

    @Test
    void noDeltaIsPublishedWhenDesiredMatchesReported() {
        ShadowState state = stateAfter(1L, "{\"state\":{\"reported\":{\"a\":1,\"extra\":true}}}");

        assertThat(accepted(state, "{\"state\":{\"desired\":{\"a\":1}}}", 2L).delta())
                .isEmpty();
    }

    @Test
    void deletingTheDifferingDesiredAttributePublishesNoDelta() {
        ShadowState state =
                stateAfter(1L, "{\"state\":{\"desired\":{\"color\":\"RED\"},\"reported\":{\"color\":\"GREEN\"}}}");

        assertThat(accepted(state, "{\"state\":{\"desired\":{\"color\":null}}}", 2L)
                        .delta())
                .isEmpty();
    }

    @Test
    void deltaMetadataIsTheDesiredMetadataOfTheDeltaMembers() {
        ShadowState state = stateAfter(
                10L,
                "{\"state\":{\"desired\":{\"l\":{\"c\":{\"r\":1,\"g\":2}},\"arr\":[1,2]},\"reported\":{\"l\":{\"c\":{\"r\":1}}}}}");
        state = accepted(state, "{\"state\":{\"desired\":{\"l\":{\"c\":{\"g\":3}}}}}", 20L)
                .state();

        JsonObject get = getDocument(state, GetRequest.EMPTY, 30L);

        assertSameDocument(
                get.getJsonObject("state").getJsonObject("delta"), "{\"l\":{\"c\":{\"g\":3}},\"arr\":[1,2]}");
        assertSameDocument(
                get.getJsonObject("metadata").getJsonObject("delta"),
                "{\"l\":{\"c\":{\"g\":{\"timestamp\":20}}},\"arr\":[{\"timestamp\":10},{\"timestamp\":10}]}");
    }

    @Test
    void aDesiredObjectMissingFromReportedIsIncludedWhole() {
        ShadowState state = stateAfter(5L, "{\"state\":{\"desired\":{\"cfg\":{\"a\":1,\"b\":{}}}}}");

        UpdateOutcome.Accepted outcome = accepted(state, "{\"state\":{\"reported\":{\"other\":1}}}", 6L);

        assertSameDocument(outcome.delta().orElseThrow().getJsonObject("state"), "{\"cfg\":{\"a\":1,\"b\":{}}}");
        assertSameDocument(
                outcome.delta().orElseThrow().getJsonObject("metadata"),
                "{\"cfg\":{\"a\":{\"timestamp\":5},\"b\":{}}}");
    }
}
