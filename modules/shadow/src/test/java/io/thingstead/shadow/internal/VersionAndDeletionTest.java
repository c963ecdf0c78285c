package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.DeleteOutcome;
import io.thingstead.shadow.api.DeleteRequest;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowLimits;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Versions, optimistic concurrency, and what deletion does to version numbering. */
class VersionAndDeletionTest extends ShadowTestSupport {
    private static final long RETENTION = ShadowLimits.DELETED_SHADOW_VERSION_RETENTION.toSeconds();

    @Nested
    class Versions {
        @Test
        void theFirstUpdateCreatesVersion1() {
            UpdateOutcome.Accepted outcome = accepted(null, "{\"state\":{\"reported\":{\"a\":1}}}", 1L);

            assertThat(outcome.state().version()).isEqualTo(1);
            assertThat(outcome.accepted().getInt("version")).isEqualTo(1);
            assertThat(outcome.documents().getJsonObject("current").getInt("version"))
                    .isEqualTo(1);
        }

        @Test
        void anUpdateNamingTheCurrentVersionIsAccepted() {
            ShadowState state =
                    stateAfter(1L, "{\"state\":{\"reported\":{\"a\":1}}}", "{\"state\":{\"reported\":{\"a\":2}}}");

            UpdateOutcome.Accepted outcome = accepted(state, "{\"state\":{\"reported\":{\"a\":3}},\"version\":2}", 2L);

            assertThat(outcome.state().version()).isEqualTo(3);
        }

        @Test
        void anUpdateNamingAnOlderOrNewerVersionIsAConflict() {
            ShadowState state =
                    stateAfter(1L, "{\"state\":{\"reported\":{\"a\":1}}}", "{\"state\":{\"reported\":{\"a\":2}}}");

            assertThat(rejected(state, "{\"state\":{\"reported\":{\"a\":3}},\"version\":1}", 2L)
                            .code())
                    .isEqualTo(409);
            assertThat(rejected(state, "{\"state\":{\"reported\":{\"a\":3}},\"version\":3}", 2L)
                            .message())
                    .isEqualTo(ShadowError.VERSION_CONFLICT);
        }

        @Test
        void aConflictLeavesNothingChanged() {
            ShadowState state = stateAfter(1L, "{\"state\":{\"desired\":{\"a\":1}}}");
            String stored = state.toJson().toString();

            UpdateOutcome outcome =
                    shadows.update(state, bytes("{\"state\":{\"desired\":{\"a\":2}},\"version\":7}"), 2L);

            assertThat(outcome).isInstanceOf(Rejected.class);
            assertThat(state.toJson().toString()).isEqualTo(stored);
        }

        @Test
        void aNewShadowIsAtVersion0ForTheVersionCheck() {
            assertThat(accepted(null, "{\"state\":{\"desired\":{\"a\":1}},\"version\":0}", 1L)
                            .state()
                            .version())
                    .isEqualTo(1);
            assertThat(rejected(null, "{\"state\":{\"desired\":{\"a\":1}},\"version\":1}", 1L)
                            .code())
                    .isEqualTo(409);
        }

        @Test
        void withoutAVersionTheCheckIsBypassed() {
            ShadowState state = emptyShadow(41, 1L);

            assertThat(accepted(state, "{\"state\":{\"desired\":{\"a\":1}}}", 2L)
                            .state()
                            .version())
                    .isEqualTo(42);
        }

        @Test
        void getAndDeleteReportTheCurrentVersion() {
            ShadowState state = emptyShadow(9, 1L);

            assertThat(getDocument(state, GetRequest.EMPTY, 2L).getInt("version"))
                    .isEqualTo(9);
            assertThat(deleted(state, 2L).document().getInt("version")).isEqualTo(9);
        }
    }

    @Nested
    class Deletion {
        private final ShadowState shadow = emptyShadow(4, 1000L);

        @Test
        void deleteAcceptedEchoesTheClientToken() {
            DeleteOutcome outcome = shadows.delete(THING, shadow, DeleteRequest.withClientToken("del-7"), 2000L);

            assertSameDocument(
                    ((DeleteOutcome.Accepted) outcome).document(),
                    "{\"version\":4,\"timestamp\":2000,\"clientToken\":\"del-7\"}");
        }

        @Test
        void theDeletionConsumesAVersion() {
            ShadowState tombstone = deleted(shadow, 2000L).state();

            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.version()).isEqualTo(5);
            assertThat(tombstone.timestamp()).isEqualTo(2000);
        }

        @Test
        void aDeletedShadowIsNotFound() {
            ShadowState tombstone = deleted(shadow, 2000L).state();

            GetOutcome get = shadows.get(THING, tombstone, GetRequest.withClientToken("g"), 2001L);
            DeleteOutcome delete = shadows.delete(THING, tombstone, DeleteRequest.EMPTY, 2001L);

            assertSameDocument(
                    ((Rejected) get).document(),
                    "{\"code\":404,\"message\":\"No shadow exists with name: 'myThing'\",\"clientToken\":\"g\"}");
            assertThat(((Rejected) delete).error().message()).isEqualTo("No shadow exists with name: 'myThing'");
        }

        @Test
        void aShadowThatNeverExistedIsNotFound() {
            ShadowId named = ShadowId.named("myThing", "config");

            assertThat(((Rejected) shadows.delete(named, null, DeleteRequest.EMPTY, 1L)).document())
                    .isEqualTo(json("{\"code\":404,\"message\":\"No shadow exists with name: 'config'\"}"));
        }

        @Test
        void anUpdateAfterDeletionContinuesTheVersionNumbering() {
            ShadowState tombstone = deleted(shadow, 2000L).state();

            UpdateOutcome.Accepted recreated = accepted(tombstone, "{\"state\":{\"reported\":{\"on\":true}}}", 2100L);

            assertThat(recreated.state().version()).isEqualTo(6);
            assertThat(recreated.state().exists()).isTrue();
            assertSameDocument(recreated.state().stateJson(), "{\"reported\":{\"on\":true}}");
        }

        @Test
        void theFirstUpdateAfterDeletionHasNoPreviousDocument() {
            ShadowState tombstone = deleted(stateAfter(1L, "{\"state\":{\"desired\":{\"old\":1}}}"), 2000L)
                    .state();

            UpdateOutcome.Accepted recreated = accepted(tombstone, "{\"state\":{\"desired\":{\"new\":1}}}", 2100L);

            assertSameDocument(recreated.documents(), """
                    {
                      "current": {
                        "state": {"desired": {"new": 1}},
                        "metadata": {"desired": {"new": {"timestamp": 2100}}},
                        "version": 3
                      },
                      "timestamp": 2100
                    }
                    """);
        }

        @Test
        void theVersionCheckAfterDeletionIsAgainstTheConsumedVersion() {
            ShadowState tombstone = deleted(shadow, 2000L).state();

            assertThat(rejected(tombstone, "{\"state\":{},\"version\":4}", 2001L)
                            .code())
                    .isEqualTo(409);
            assertThat(accepted(tombstone, "{\"state\":{},\"version\":5}", 2001L)
                            .state()
                            .version())
                    .isEqualTo(6);
        }

        @Test
        void numberingContinuesUpTo48HoursAfterDeletion() {
            ShadowState tombstone = deleted(shadow, 2000L).state();

            assertThat(accepted(tombstone, "{\"state\":{}}", 2000L + RETENTION)
                            .state()
                            .version())
                    .isEqualTo(6);
        }

        @Test
        void numberingStartsAgainMoreThan48HoursAfterDeletion() {
            ShadowState tombstone = deleted(shadow, 2000L).state();

            UpdateOutcome.Accepted recreated = accepted(tombstone, "{\"state\":{},\"version\":0}", 2001L + RETENTION);

            assertThat(recreated.state().version()).isEqualTo(1);
            assertThat(recreated.documents()).doesNotContainKey("previous");
        }

        @Test
        void settingTheStateToNullDoesNotDeleteTheShadow() {
            ShadowState cleared = accepted(shadow, "{\"state\":null}", 2000L).state();

            assertThat(cleared.exists()).isTrue();
            assertThat(getDocument(cleared, GetRequest.EMPTY, 2001L))
                    .isEqualTo(json("{\"state\":{},\"metadata\":{},\"version\":5,\"timestamp\":2001}"));
        }
    }
}
