package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import org.junit.jupiter.api.Test;

/** Per-leaf metadata: timestamps of the leaves an update wrote, arrays of per-element metadata. */
class MetadataTest extends ShadowTestSupport {
    @Test
    void eachLeafGetsATimestamp() {
        ShadowState state = stateAfter(7L, "{\"state\":{\"reported\":{\"a\":1,\"b\":{\"c\":\"x\",\"d\":true}}}}");

        assertSameDocument(
                state.reportedMetadata(),
                "{\"a\":{\"timestamp\":7},\"b\":{\"c\":{\"timestamp\":7},\"d\":{\"timestamp\":7}}}");
    }

    @Test
    void arraysHaveArraysOfElementMetadata() {
        ShadowState state = stateAfter(7L, "{\"state\":{\"reported\":{\"list\":[1,{\"k\":\"v\"},[2,3],[]]}}}");

        assertSameDocument(
                state.reportedMetadata(),
                "{\"list\":[{\"timestamp\":7},{\"k\":{\"timestamp\":7}},[{\"timestamp\":7},{\"timestamp\":7}],[]]}");
    }

    @Test
    void onlyTheLeavesAnUpdateWritesGetNewTimestamps() {
        ShadowState first = stateAfter(100L, "{\"state\":{\"desired\":{\"a\":1,\"b\":{\"c\":1,\"d\":1}}}}");

        ShadowState second = accepted(first, "{\"state\":{\"desired\":{\"b\":{\"c\":2}}}}", 200L)
                .state();

        assertSameDocument(
                second.desiredMetadata(),
                "{\"a\":{\"timestamp\":100},\"b\":{\"c\":{\"timestamp\":200},\"d\":{\"timestamp\":100}}}");
    }

    @Test
    void writingTheSameValueAgainRefreshesItsTimestamp() {
        ShadowState first = stateAfter(100L, "{\"state\":{\"reported\":{\"a\":1}}}");

        ShadowState second =
                accepted(first, "{\"state\":{\"reported\":{\"a\":1}}}", 200L).state();

        assertSameDocument(second.reportedMetadata(), "{\"a\":{\"timestamp\":200}}");
    }

    @Test
    void deletedMembersLoseTheirMetadata() {
        ShadowState first = stateAfter(100L, "{\"state\":{\"desired\":{\"a\":1,\"b\":{\"c\":1,\"d\":1}}}}");

        ShadowState second = accepted(first, "{\"state\":{\"desired\":{\"a\":null,\"b\":{\"d\":null}}}}", 200L)
                .state();

        assertSameDocument(second.desiredMetadata(), "{\"b\":{\"c\":{\"timestamp\":100}}}");
    }

    @Test
    void aReplacedArrayGetsNewMetadataOfItsNewLength() {
        ShadowState first = stateAfter(100L, "{\"state\":{\"desired\":{\"colors\":[\"R\",\"G\",\"B\"]}}}");

        ShadowState second = accepted(first, "{\"state\":{\"desired\":{\"colors\":[\"B\"]}}}", 200L)
                .state();

        assertSameDocument(second.desiredMetadata(), "{\"colors\":[{\"timestamp\":200}]}");
    }

    @Test
    void metadataFollowsAValueThatChangesType() {
        ShadowState object = stateAfter(100L, "{\"state\":{\"reported\":{\"x\":{\"y\":1,\"z\":2}}}}");

        ShadowState leaf =
                accepted(object, "{\"state\":{\"reported\":{\"x\":3}}}", 200L).state();
        assertSameDocument(leaf.reportedMetadata(), "{\"x\":{\"timestamp\":200}}");

        ShadowState objectAgain = accepted(leaf, "{\"state\":{\"reported\":{\"x\":{\"w\":4}}}}", 300L)
                .state();
        assertSameDocument(objectAgain.reportedMetadata(), "{\"x\":{\"w\":{\"timestamp\":300}}}");
    }

    @Test
    void memberNamedTimestampIsJustAMember() {
        ShadowState first = stateAfter(100L, "{\"state\":{\"reported\":{\"timestamp\":5,\"t\":{\"timestamp\":6}}}}");

        ShadowState second = accepted(first, "{\"state\":{\"reported\":{\"t\":{\"other\":1}}}}", 200L)
                .state();

        assertSameDocument(
                second.reportedMetadata(),
                "{\"timestamp\":{\"timestamp\":100},\"t\":{\"timestamp\":{\"timestamp\":100},\"other\":{\"timestamp\":200}}}");
    }

    @Test
    void acceptedMetadataMirrorsTheRequestIncludingDeletions() {
        ShadowState first = stateAfter(100L, "{\"state\":{\"desired\":{\"a\":1,\"b\":2}}}");

        UpdateOutcome.Accepted outcome = accepted(
                first, "{\"state\":{\"desired\":{\"a\":null,\"c\":[1,2]},\"reported\":{\"x\":{\"y\":null}}}}", 200L);

        assertSameDocument(
                outcome.accepted().getJsonObject("state"),
                "{\"desired\":{\"a\":null,\"c\":[1,2]},\"reported\":{\"x\":{\"y\":null}}}");
        assertSameDocument(
                outcome.accepted().getJsonObject("metadata"),
                "{\"desired\":{\"a\":{\"timestamp\":200},\"c\":[{\"timestamp\":200},{\"timestamp\":200}]},"
                        + "\"reported\":{\"x\":{\"y\":{\"timestamp\":200}}}}");
    }

    @Test
    void acceptedMetadataOfAClearedSectionIsOneTimestamp() {
        UpdateOutcome.Accepted outcome =
                accepted(stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1}}}"), "{\"state\":{\"desired\":null}}", 2L);

        assertSameDocument(
                outcome.accepted(),
                "{\"state\":{\"desired\":null},\"metadata\":{\"desired\":{\"timestamp\":2}},\"version\":2,\"timestamp\":2}");
    }

    @Test
    void theShadowTimestampIsTheLastUpdate() {
        ShadowState state = stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1}}}");

        assertThat(accepted(state, "{\"state\":{}}", 99L).state().timestamp()).isEqualTo(99);
    }
}
