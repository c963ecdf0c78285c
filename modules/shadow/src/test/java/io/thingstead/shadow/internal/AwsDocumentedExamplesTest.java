package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.DeleteOutcome;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The request and response documents of the AWS IoT developer guide, reproduced field by field and in member order
 * ("Simulating Device Shadow service communications", "Device Shadow service documents", "Interacting with shadows"),
 * plus documents real AWS was observed to send.
 */
class AwsDocumentedExamplesTest extends ShadowTestSupport {
    private static final ShadowId SIM_SHADOW = ShadowId.named("mySimulatedThing", "simShadow1");

    /** "Simulating Device Shadow service communications": the smart lamp simShadow1, message by message. */
    @Nested
    class SimulatedLampConversation {
        /** The guide's shadow is at version 2, with no state, when the device first reports. */
        private final ShadowState created = emptyShadow(2, 1591140000L);

        private ShadowState initialized() {
            return accepted(created, DEVICE_REPORTS_INITIAL_STATE, 1591140517L).state();
        }

        private static final String DEVICE_REPORTS_INITIAL_STATE = """
                {
                  "state": {
                    "reported": {
                      "ID": "SmartLamp21",
                      "ColorRGB": [128, 128, 128]
                    }
                  },
                  "clientToken": "426bfd96-e720-46d3-95cd-014e3ef12bb6"
                }
                """;

        private static final String APP_REQUESTS_YELLOW = """
                {"state":{"desired":{"ColorRGB":[255,255,0]}},"clientToken":"21b21b21-bfd2-4279-8c65-e2f697ff4fab"}
                """;

        private static final String DEVICE_REPORTS_YELLOW = """
                {
                  "state": {
                    "reported": {
                      "ColorRGB": [255,255,0]
                    }
                  },
                  "clientToken": "a4dc2227-9213-4c6a-a6a5-053304f60258"
                }
                """;

        @Test
        void getBeforeTheNamedShadowExistsIsRejectedWith404() {
            GetOutcome outcome = shadows.get(SIM_SHADOW, null, bytes(""), 1591140400L);

            assertThat(outcome).isInstanceOf(Rejected.class);
            assertSameDocument(((Rejected) outcome).document(), """
                    {
                      "code": 404,
                      "message": "No shadow exists with name: 'simShadow1'"
                    }
                    """);
        }

        @Test
        void getAfterTheDeviceReportsEchoesItsClientToken() {
            JsonObject document = getDocument(
                    initialized(), GetRequest.withClientToken("426bfd96-e720-46d3-95cd-014e3ef12bb6"), 1591140517L);

            assertSameDocument(document, """
                    {
                      "state": {
                        "reported": {
                          "ID": "SmartLamp21",
                          "ColorRGB": [128, 128, 128]
                        }
                      },
                      "metadata": {
                        "reported": {
                          "ID": {"timestamp": 1591140517},
                          "ColorRGB": [
                            {"timestamp": 1591140517},
                            {"timestamp": 1591140517},
                            {"timestamp": 1591140517}
                          ]
                        }
                      },
                      "version": 3,
                      "timestamp": 1591140517,
                      "clientToken": "426bfd96-e720-46d3-95cd-014e3ef12bb6"
                    }
                    """);
        }

        @Test
        void getThingShadowFromTheCliHasNoClientToken() {
            JsonObject document = getDocument(initialized(), GetRequest.EMPTY, 1591141111L);

            assertSameDocument(document, """
                    {
                      "state": {
                        "reported": {
                          "ID": "SmartLamp21",
                          "ColorRGB": [128, 128, 128]
                        }
                      },
                      "metadata": {
                        "reported": {
                          "ID": {"timestamp": 1591140517},
                          "ColorRGB": [
                            {"timestamp": 1591140517},
                            {"timestamp": 1591140517},
                            {"timestamp": 1591140517}
                          ]
                        }
                      },
                      "version": 3,
                      "timestamp": 1591141111
                    }
                    """);
        }

        @Test
        void appUpdateIsAcceptedWithOnlyTheChangedState() {
            UpdateOutcome.Accepted outcome = accepted(initialized(), APP_REQUESTS_YELLOW, 1591141596L);

            assertSameDocument(outcome.accepted(), """
                    {
                      "state": {
                        "desired": {
                          "ColorRGB": [255, 255, 0]
                        }
                      },
                      "metadata": {
                        "desired": {
                          "ColorRGB": [
                            {"timestamp": 1591141596},
                            {"timestamp": 1591141596},
                            {"timestamp": 1591141596}
                          ]
                        }
                      },
                      "version": 4,
                      "timestamp": 1591141596,
                      "clientToken": "21b21b21-bfd2-4279-8c65-e2f697ff4fab"
                    }
                    """);
        }

        @Test
        void appUpdatePublishesTheDelta() {
            UpdateOutcome.Accepted outcome = accepted(initialized(), APP_REQUESTS_YELLOW, 1591141596L);

            assertThat(outcome.delta()).isPresent();
            assertSameDocument(outcome.delta().orElseThrow(), """
                    {
                      "version": 4,
                      "timestamp": 1591141596,
                      "state": {
                        "ColorRGB": [255, 255, 0]
                      },
                      "metadata": {
                        "ColorRGB": [
                          {"timestamp": 1591141596},
                          {"timestamp": 1591141596},
                          {"timestamp": 1591141596}
                        ]
                      },
                      "clientToken": "21b21b21-bfd2-4279-8c65-e2f697ff4fab"
                    }
                    """);
        }

        @Test
        void deviceReportIsAcceptedAndPublishesNoDelta() {
            ShadowState yellowRequested =
                    accepted(initialized(), APP_REQUESTS_YELLOW, 1591141596L).state();

            UpdateOutcome.Accepted outcome = accepted(yellowRequested, DEVICE_REPORTS_YELLOW, 1591142747L);

            assertThat(outcome.delta()).isEmpty();
            assertSameDocument(outcome.accepted(), """
                    {
                      "state": {
                        "reported": {
                          "ColorRGB": [255, 255, 0]
                        }
                      },
                      "metadata": {
                        "reported": {
                          "ColorRGB": [
                            {"timestamp": 1591142747},
                            {"timestamp": 1591142747},
                            {"timestamp": 1591142747}
                          ]
                        }
                      },
                      "version": 5,
                      "timestamp": 1591142747,
                      "clientToken": "a4dc2227-9213-4c6a-a6a5-053304f60258"
                    }
                    """);
        }

        @Test
        void deviceReportPublishesPreviousAndCurrentDocuments() {
            ShadowState yellowRequested =
                    accepted(initialized(), APP_REQUESTS_YELLOW, 1591141596L).state();

            UpdateOutcome.Accepted outcome = accepted(yellowRequested, DEVICE_REPORTS_YELLOW, 1591142747L);

            assertSameDocument(outcome.documents(), """
                    {
                      "previous": {
                        "state": {
                          "desired": {"ColorRGB": [255, 255, 0]},
                          "reported": {"ID": "SmartLamp21", "ColorRGB": [128, 128, 128]}
                        },
                        "metadata": {
                          "desired": {
                            "ColorRGB": [{"timestamp": 1591141596}, {"timestamp": 1591141596}, {"timestamp": 1591141596}]
                          },
                          "reported": {
                            "ID": {"timestamp": 1591140517},
                            "ColorRGB": [{"timestamp": 1591140517}, {"timestamp": 1591140517}, {"timestamp": 1591140517}]
                          }
                        },
                        "version": 4
                      },
                      "current": {
                        "state": {
                          "desired": {"ColorRGB": [255, 255, 0]},
                          "reported": {"ID": "SmartLamp21", "ColorRGB": [255, 255, 0]}
                        },
                        "metadata": {
                          "desired": {
                            "ColorRGB": [{"timestamp": 1591141596}, {"timestamp": 1591141596}, {"timestamp": 1591141596}]
                          },
                          "reported": {
                            "ID": {"timestamp": 1591140517},
                            "ColorRGB": [{"timestamp": 1591142747}, {"timestamp": 1591142747}, {"timestamp": 1591142747}]
                          }
                        },
                        "version": 5
                      },
                      "timestamp": 1591142747,
                      "clientToken": "a4dc2227-9213-4c6a-a6a5-053304f60258"
                    }
                    """);
        }

        @Test
        void finalGetShowsTheSynchronisedShadowWithoutDelta() {
            ShadowState yellowRequested =
                    accepted(initialized(), APP_REQUESTS_YELLOW, 1591141596L).state();
            ShadowState synchronised = accepted(yellowRequested, DEVICE_REPORTS_YELLOW, 1591142747L)
                    .state();

            assertSameDocument(getDocument(synchronised, GetRequest.EMPTY, 1591143269L), """
                    {
                      "state": {
                        "desired": {"ColorRGB": [255, 255, 0]},
                        "reported": {"ID": "SmartLamp21", "ColorRGB": [255, 255, 0]}
                      },
                      "metadata": {
                        "desired": {
                          "ColorRGB": [{"timestamp": 1591141596}, {"timestamp": 1591141596}, {"timestamp": 1591141596}]
                        },
                        "reported": {
                          "ID": {"timestamp": 1591140517},
                          "ColorRGB": [{"timestamp": 1591142747}, {"timestamp": 1591142747}, {"timestamp": 1591142747}]
                        }
                      },
                      "version": 5,
                      "timestamp": 1591143269
                    }
                    """);
        }
    }

    /** "Interacting with shadows", optimistic locking: colors at version 10. */
    @Nested
    class OptimisticLocking {
        private final ShadowState initial = accepted(
                        emptyShadow(9, 1000L),
                        "{\"state\":{\"desired\":{\"colors\":[\"RED\",\"GREEN\",\"BLUE\"]}}}",
                        1000L)
                .state();

        @Test
        void initialDocumentIsAtVersion10() {
            assertThat(initial.version()).isEqualTo(10);
            assertSameDocument(initial.stateJson(), "{\"desired\":{\"colors\":[\"RED\",\"GREEN\",\"BLUE\"]}}");
        }

        @Test
        void updateNamingVersion9IsRejectedWithVersionConflict() {
            ShadowError error = rejected(initial, """
                    {
                      "state": {"desired": {"colors": ["BLUE"]}},
                      "version": 9,
                      "clientToken": "426bfd96-e720-46d3-95cd-014e3ef12bb6"
                    }
                    """, 1001L);

            assertSameDocument(error.toJson(), """
                    {
                      "code": 409,
                      "message": "Version conflict",
                      "clientToken": "426bfd96-e720-46d3-95cd-014e3ef12bb6"
                    }
                    """);
        }

        @Test
        void updateNamingVersion10IsAcceptedAsVersion11() {
            ShadowState result = accepted(
                            initial, "{\"state\":{\"desired\":{\"colors\":[\"BLUE\"]}},\"version\":10}", 1002L)
                    .state();

            assertThat(result.version()).isEqualTo(11);
            assertSameDocument(result.stateJson(), "{\"desired\":{\"colors\":[\"BLUE\"]}}");
        }
    }

    /** "Device Shadow service documents", Delta state. */
    @Nested
    class DeltaState {
        @Test
        void deltaHoldsDesiredFieldsMissingOrDifferentInReportedWithDesiredMetadata() {
            ShadowState state = accepted(
                            accepted(
                                            emptyShadow(15, 12345L),
                                            "{\"state\":{\"desired\":{\"color\":\"RED\",\"state\":\"STOP\"}}}",
                                            12345L)
                                    .state(),
                            "{\"state\":{\"reported\":{\"color\":\"GREEN\",\"engine\":\"ON\"}}}",
                            12345L)
                    .state();

            assertSameDocument(getDocument(state, GetRequest.EMPTY, 123456789L), """
                    {
                      "state": {
                        "desired": {"color": "RED", "state": "STOP"},
                        "reported": {"color": "GREEN", "engine": "ON"},
                        "delta": {"color": "RED", "state": "STOP"}
                      },
                      "metadata": {
                        "desired": {"color": {"timestamp": 12345}, "state": {"timestamp": 12345}},
                        "reported": {"color": {"timestamp": 12345}, "engine": {"timestamp": 12345}},
                        "delta": {"color": {"timestamp": 12345}, "state": {"timestamp": 12345}}
                      },
                      "version": 17,
                      "timestamp": 123456789
                    }
                    """);
        }

        @Test
        void nestedDifferencesKeepThePathToTheRoot() {
            ShadowState state = accepted(
                            accepted(
                                            emptyShadow(16, 100L),
                                            "{\"state\":{\"desired\":{\"lights\":{\"color\":{\"r\":255,\"g\":255,\"b\":255}}}}}",
                                            100L)
                                    .state(),
                            "{\"state\":{\"reported\":{\"lights\":{\"color\":{\"r\":255,\"g\":0,\"b\":255}}}}}",
                            100L)
                    .state();

            JsonObject document = getDocument(state, GetRequest.EMPTY, 123456789L);

            assertSameDocument(document.getJsonObject("state"), """
                    {
                      "desired": {"lights": {"color": {"r": 255, "g": 255, "b": 255}}},
                      "reported": {"lights": {"color": {"r": 255, "g": 0, "b": 255}}},
                      "delta": {"lights": {"color": {"g": 255}}}
                    }
                    """);
            assertThat(document.getJsonNumber("version").longValue()).isEqualTo(18);
            assertThat(document.getJsonNumber("timestamp").longValue()).isEqualTo(123456789);
        }
    }

    /** "Device Shadow service documents", Empty shadow document properties and Array values. */
    @Nested
    class EmptyPropertiesAndArrays {
        @Test
        void settingDesiredToNullRemovesIt() {
            ShadowState state = stateAfter(
                    10L,
                    "{\"state\":{\"desired\":{\"color\":\"RED\"}}}",
                    "{\"state\":{\"reported\":{\"color\":\"red\"},\"desired\":null}}");

            assertSameDocument(state.stateJson(), "{\"reported\":{\"color\":\"red\"}}");
            assertThat(state.desiredMetadata()).isEmpty();
        }

        @Test
        void aShadowWithNeitherSectionIsValidAndEmpty() {
            ShadowState state = stateAfter(
                    10L, "{\"state\":{\"reported\":{\"temp\":55}}}", "{\"state\":{\"reported\":{\"temp\":null}}}");

            assertSameDocument(state.stateJson(), "{}");
            assertThat(state.exists()).isTrue();
        }

        @Test
        void anArrayUpdateReplacesTheWholeArray() {
            ShadowState state = stateAfter(
                    10L,
                    "{\"state\":{\"desired\":{\"colors\":[\"RED\",\"GREEN\",\"BLUE\"]}}}",
                    "{\"state\":{\"desired\":{\"colors\":[\"RED\"]}}}");

            assertSameDocument(state.stateJson(), "{\"desired\":{\"colors\":[\"RED\"]}}");
        }

        @Test
        void anArrayWithNullValuesIsRejected() {
            ShadowState before = stateAfter(10L, "{\"state\":{\"desired\":{\"colors\":[\"RED\"]}}}");

            ShadowError error =
                    rejected(before, "{\"state\":{\"desired\":{\"colors\":[null,\"RED\",\"GREEN\"]}}}", 11L);

            assertThat(error.code()).isEqualTo(400);
        }
    }

    /** "Interacting with shadows": deleting a property, deleting the shadow. */
    @Nested
    class DeletingShadowData {
        @Test
        void deletingAPropertyBySettingItToNull() {
            ShadowState state = stateAfter(
                    10L,
                    "{\"state\":{\"desired\":{\"color\":{\"r\":10},\"engine\":\"ON\"}}}",
                    "{\"state\":{\"desired\":{\"engine\":null}}}");

            assertSameDocument(state.stateJson(), "{\"desired\":{\"color\":{\"r\":10}}}");
            assertSameDocument(state.metadataJson(), "{\"desired\":{\"color\":{\"r\":{\"timestamp\":10}}}}");
        }

        @Test
        void deleteAcceptedIsTheAbbreviatedDocument() {
            DeleteOutcome.Accepted outcome = deleted(emptyShadow(4, 1591000000L), 1591057529L);

            assertSameDocument(outcome.document(), "{\"version\": 4, \"timestamp\": 1591057529}");
        }

        @Test
        void deletingDoesNotResetTheVersionNumber() {
            ShadowState tombstone =
                    deleted(emptyShadow(4, 1591000000L), 1591057529L).state();

            UpdateOutcome.Accepted recreated =
                    accepted(tombstone, "{\"state\":{\"reported\":{\"on\":true}}}", 1591057600L);

            assertThat(recreated.state().version()).isGreaterThan(4);
        }
    }

    /** Documents real AWS sent, as recorded in public bug reports and integration tests. */
    @Nested
    class ObservedOnTheWire {
        @Test
        void nullStateClearsTheShadowAndIsEchoed() {
            ShadowState before = accepted(
                            emptyShadow(16, 1756452000L),
                            "{\"state\":{\"desired\":{\"a\":1},\"reported\":{\"b\":2}}}",
                            1756452000L)
                    .state();

            UpdateOutcome.Accepted outcome = accepted(before, "{\"state\": null}", 1756452769L);

            assertSameDocument(
                    outcome.accepted(),
                    "{\"state\":null,\"metadata\":{\"timestamp\":1756452769},\"version\":18,\"timestamp\":1756452769}");
            assertSameDocument(outcome.state().stateJson(), "{}");
        }

        @Test
        void classicShadowNotFoundNamesTheThing() {
            GetOutcome outcome = shadows.get(ShadowId.classic("thing1"), null, bytes(""), 1L);

            assertSameDocument(
                    ((Rejected) outcome).document(),
                    "{\"code\":404,\"message\":\"No shadow exists with name: 'thing1'\"}");
        }

        @Test
        void missingStateIsRejectedEchoingTheClientToken() {
            ShadowError error = rejected(
                    null, "{\"stat\":{\"desired\":{}},\"version\":0,\"clientToken\":\"empty\",\"timestamp\":0}", 1L);

            assertSameDocument(
                    error.toJson(),
                    "{\"code\":400,\"message\":\"Missing required node: state\",\"clientToken\":\"empty\"}");
        }

        @Test
        void deltaInAnUpdateRequestIsAnInvalidNode() {
            ShadowError error = rejected(null, "{\"state\":{\"desired\":{\"a\":1},\"delta\":{\"a\":1}}}", 1L);

            assertThat(error.message()).isEqualTo("State contains an invalid node: 'delta'");
        }

        @Test
        void reportDesireReportClearAndDeleteSequence() {
            UpdateOutcome.Accepted first = accepted(null, "{\"state\":{\"reported\":{\"foo\":1}}}", 1L);
            assertThat(first.delta()).isEmpty();

            UpdateOutcome.Accepted second = accepted(first.state(), "{\"state\":{\"desired\":{\"foo\":2}}}", 2L);
            assertThat(second.delta()).isPresent();
            assertThat(second.delta().orElseThrow().getJsonObject("state").getInt("foo"))
                    .isEqualTo(2);

            UpdateOutcome.Accepted third = accepted(second.state(), "{\"state\":{\"reported\":{\"foo\":2}}}", 3L);
            assertThat(third.delta()).isEmpty();

            UpdateOutcome.Accepted fourth = accepted(third.state(), "{\"state\":{\"desired\":{\"foo\":null}}}", 4L);
            JsonObject current = fourth.documents().getJsonObject("current").getJsonObject("state");
            assertThat(current).doesNotContainKey("desired").containsKey("reported");

            DeleteOutcome delete = shadows.delete(THING, fourth.state(), bytes(""), 5L);
            assertThat(delete).isInstanceOf(DeleteOutcome.Accepted.class);
        }
    }
}
