package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import org.junit.jupiter.api.Test;

/** Merging an update into the stored state ("Updates affect only the fields specified in the request"). */
class MergeTest extends ShadowTestSupport {
    @Test
    void fieldsNotInTheRequestAreKept() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"reported\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4}}}",
                "{\"state\":{\"reported\":{\"b\":20}}}");

        assertSameDocument(state.reported(), "{\"a\":1,\"b\":20,\"c\":3,\"d\":4}");
    }

    @Test
    void objectsMergeRecursively() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"lights\":{\"color\":{\"r\":1,\"g\":2},\"on\":true}}}}",
                "{\"state\":{\"desired\":{\"lights\":{\"color\":{\"b\":3}}}}}");

        assertSameDocument(state.desired(), "{\"lights\":{\"color\":{\"r\":1,\"g\":2,\"b\":3},\"on\":true}}");
    }

    @Test
    void nullDeletesAMember() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"a\":1,\"b\":{\"c\":1,\"d\":2}}}}",
                "{\"state\":{\"desired\":{\"a\":null,\"b\":{\"c\":null}}}}");

        assertSameDocument(state.desired(), "{\"b\":{\"d\":2}}");
    }

    @Test
    void deletingAMissingMemberChangesNothingButTheVersion() {
        ShadowState before = stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1}}}");

        ShadowState after =
                accepted(before, "{\"state\":{\"desired\":{\"zzz\":null}}}", 2L).state();

        assertSameDocument(after.desired(), "{\"a\":1}");
        assertThat(after.desiredMetadata()).isEqualTo(before.desiredMetadata());
        assertThat(after.version()).isEqualTo(before.version() + 1);
    }

    @Test
    void anObjectEmptiedByNullsStaysAsAnEmptyObject() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"a\":{\"b\":1},\"c\":1}}}",
                "{\"state\":{\"desired\":{\"a\":{\"b\":null}}}}");

        assertSameDocument(state.desired(), "{\"a\":{},\"c\":1}");
    }

    @Test
    void aSectionEmptiedByNullsIsRemoved() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"a\":1},\"reported\":{\"r\":1}}}",
                "{\"state\":{\"desired\":{\"a\":null}}}");

        assertThat(state.desired()).isEmpty();
        assertSameDocument(state.stateJson(), "{\"reported\":{\"r\":1}}");
    }

    @Test
    void aNewObjectIsStoredWithoutItsNulls() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"cfg\":{\"a\":1,\"b\":null,\"c\":{\"d\":null},\"e\":{\"f\":null,\"g\":2}}}}}");

        assertSameDocument(state.desired(), "{\"cfg\":{\"a\":1,\"e\":{\"g\":2}}}");
    }

    @Test
    void aNewObjectOfOnlyNullsAddsNothing() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"keep\":1}}}",
                "{\"state\":{\"desired\":{\"cfg\":{\"a\":null,\"b\":{\"c\":null}}}}}");

        assertSameDocument(state.desired(), "{\"keep\":1}");
    }

    @Test
    void anEmptyObjectIsStored() {
        ShadowState state = stateAfter(1L, "{\"state\":{\"reported\":{\"cfg\":{}}}}");

        assertSameDocument(state.reported(), "{\"cfg\":{}}");
        assertSameDocument(state.reportedMetadata(), "{\"cfg\":{}}");
    }

    @Test
    void arraysReplaceWholesale() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"list\":[{\"a\":1},{\"b\":2}]}}}",
                "{\"state\":{\"desired\":{\"list\":[{\"c\":3}]}}}");

        assertSameDocument(state.desired(), "{\"list\":[{\"c\":3}]}");
    }

    @Test
    void aValueCanBecomeAnObjectAndBackAgain() {
        ShadowState object = stateAfter(
                1L, "{\"state\":{\"reported\":{\"x\":5}}}", "{\"state\":{\"reported\":{\"x\":{\"y\":1,\"z\":null}}}}");
        assertSameDocument(object.reported(), "{\"x\":{\"y\":1}}");

        ShadowState value =
                accepted(object, "{\"state\":{\"reported\":{\"x\":[1,2]}}}", 2L).state();
        assertSameDocument(value.reported(), "{\"x\":[1,2]}");
    }

    @Test
    void aValueReplacedByAnObjectOfOnlyNullsIsDeleted() {
        ShadowState state = stateAfter(
                1L, "{\"state\":{\"reported\":{\"x\":5,\"y\":1}}}", "{\"state\":{\"reported\":{\"x\":{\"z\":null}}}}");

        assertSameDocument(state.reported(), "{\"y\":1}");
    }

    @Test
    void desiredNullClearsTheSection() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"a\":1,\"b\":{\"c\":2}},\"reported\":{\"a\":0}}}",
                "{\"state\":{\"desired\":null}}");

        assertThat(state.desired()).isEmpty();
        assertThat(state.desiredMetadata()).isEmpty();
        assertSameDocument(state.reported(), "{\"a\":0}");
    }

    @Test
    void reportedNullClearsTheSection() {
        ShadowState state = stateAfter(
                1L, "{\"state\":{\"desired\":{\"a\":1},\"reported\":{\"a\":0}}}", "{\"state\":{\"reported\":null}}");

        assertThat(state.reported()).isEmpty();
        assertSameDocument(state.desired(), "{\"a\":1}");
    }

    @Test
    void nullStateClearsBothSectionsButKeepsTheShadow() {
        ShadowState state =
                stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1},\"reported\":{\"a\":0}}}", "{\"state\":null}");

        assertThat(state.exists()).isTrue();
        assertThat(state.version()).isEqualTo(2);
        assertSameDocument(state.stateJson(), "{}");
        assertSameDocument(state.metadataJson(), "{}");
    }

    @Test
    void anEmptyStateChangesNothingButTheVersion() {
        ShadowState before = stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1}}}");

        UpdateOutcome.Accepted outcome = accepted(before, "{\"state\":{}}", 2L);

        assertThat(outcome.state().desired()).isEqualTo(before.desired());
        assertThat(outcome.state().desiredMetadata()).isEqualTo(before.desiredMetadata());
        assertThat(outcome.state().version()).isEqualTo(2);
        assertThat(outcome.state().timestamp()).isEqualTo(2);
    }

    @Test
    void anEmptyDesiredObjectOnANewShadowCreatesAnEmptyShadow() {
        UpdateOutcome.Accepted outcome = accepted(null, "{\"state\":{\"desired\":{}}}", 5L);

        assertThat(outcome.state().version()).isEqualTo(1);
        assertSameDocument(outcome.state().stateJson(), "{}");
        assertSameDocument(
                outcome.accepted(),
                "{\"state\":{\"desired\":{}},\"metadata\":{\"desired\":{}},\"version\":1,\"timestamp\":5}");
    }

    @Test
    void memberOrderIsKeptAndNewMembersAreAppended() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"reported\":{\"z\":1,\"a\":2,\"m\":3}}}",
                "{\"state\":{\"reported\":{\"b\":4,\"a\":20,\"m\":null}}}");

        assertThat(keys(state.reported())).containsExactly("z", "a", "b");
        assertThat(keys(state.reportedMetadata())).containsExactly("z", "a", "b");
    }

    @Test
    void numbersAreStoredExactly() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"reported\":{\"ratio\":1.0,\"count\":18446744073709551616,\"pi\":3.14159265358979323846}}}");

        assertThat(JsonTrees.write(state.reported()))
                .isEqualTo("{\"ratio\":1.0,\"count\":18446744073709551616,\"pi\":3.14159265358979323846}");
    }

    @Test
    void bothSectionsCanChangeInOneRequest() {
        ShadowState state = stateAfter(
                1L,
                "{\"state\":{\"desired\":{\"a\":1}}}",
                "{\"state\":{\"desired\":{\"b\":2},\"reported\":{\"a\":1}}}");

        assertSameDocument(state.stateJson(), "{\"desired\":{\"a\":1,\"b\":2},\"reported\":{\"a\":1}}");
    }
}
