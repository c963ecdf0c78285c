package io.thingstead.shadow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.shadow.api.DeleteOutcome;
import io.thingstead.shadow.api.DeleteRequest;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.GetRequest;
import io.thingstead.shadow.api.ShadowState;
import io.thingstead.shadow.api.UpdateOutcome;
import io.thingstead.shadow.api.UpdateRequest;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Member order and optional members of each response document, as in AWS's examples. */
class DocumentShapeTest extends ShadowTestSupport {
    private final ShadowState differing =
            stateAfter(10L, "{\"state\":{\"desired\":{\"a\":1}}}", "{\"state\":{\"reported\":{\"a\":0,\"b\":1}}}");

    @Test
    void updateDocumentsListTheirMembersInAwsOrder() {
        UpdateOutcome.Accepted outcome =
                accepted(differing, "{\"clientToken\":\"c\",\"version\":2,\"state\":{\"reported\":{\"b\":2}}}", 11L);

        assertThat(keys(outcome.accepted()))
                .containsExactly("state", "metadata", "version", "timestamp", "clientToken");
        assertThat(keys(outcome.delta().orElseThrow()))
                .containsExactly("version", "timestamp", "state", "metadata", "clientToken");
        assertThat(keys(outcome.documents())).containsExactly("previous", "current", "timestamp", "clientToken");
        assertThat(keys(outcome.documents().getJsonObject("previous"))).containsExactly("state", "metadata", "version");
        assertThat(keys(outcome.documents().getJsonObject("current").getJsonObject("state")))
                .containsExactly("desired", "reported");
    }

    @Test
    void withoutAClientTokenNoDocumentHasOne() {
        UpdateOutcome.Accepted outcome = accepted(differing, "{\"state\":{\"reported\":{\"b\":2}}}", 11L);

        assertThat(outcome.accepted()).doesNotContainKey("clientToken");
        assertThat(outcome.delta().orElseThrow()).doesNotContainKey("clientToken");
        assertThat(outcome.documents()).doesNotContainKey("clientToken");
        assertThat(getDocument(differing, GetRequest.EMPTY, 11L)).doesNotContainKey("clientToken");
        assertThat(deleted(differing, 11L).document()).doesNotContainKey("clientToken");
    }

    @Test
    void theAcceptedDocumentCarriesOnlyTheRequestedChange() {
        UpdateOutcome.Accepted outcome = accepted(differing, "{\"state\":{\"reported\":{\"b\":2}}}", 11L);

        assertSameDocument(
                outcome.accepted(),
                "{\"state\":{\"reported\":{\"b\":2}},\"metadata\":{\"reported\":{\"b\":{\"timestamp\":11}}},"
                        + "\"version\":3,\"timestamp\":11}");
    }

    @Test
    void getListsDesiredReportedAndDeltaInStateAndMetadata() {
        JsonObject document = getDocument(differing, GetRequest.withClientToken("g-1"), 12L);

        assertThat(keys(document)).containsExactly("state", "metadata", "version", "timestamp", "clientToken");
        assertThat(keys(document.getJsonObject("state"))).containsExactly("desired", "reported", "delta");
        assertThat(keys(document.getJsonObject("metadata"))).containsExactly("desired", "reported", "delta");
        assertThat(document.getString("clientToken")).isEqualTo("g-1");
    }

    @Test
    void deleteAcceptedListsVersionTimestampClientToken() {
        DeleteOutcome outcome = shadows.delete(THING, differing, DeleteRequest.withClientToken("d"), 13L);

        assertThat(keys(((DeleteOutcome.Accepted) outcome).document()))
                .containsExactly("version", "timestamp", "clientToken");
    }

    @Test
    void errorDocumentsListCodeMessageTimestampClientToken() {
        UpdateOutcome outcome = shadows.update(differing, bytes("{\"clientToken\":\"e\",\"state\":5}"), 14L);

        JsonObject document = ((io.thingstead.shadow.api.Rejected) outcome).document();
        assertThat(keys(document)).containsExactly("code", "message", "clientToken");
        assertThat(keys(((io.thingstead.shadow.api.Rejected) outcome)
                        .error()
                        .withTimestamp(14L)
                        .toJson()))
                .containsExactly("code", "message", "timestamp", "clientToken");
    }

    @Test
    void theClockOverloadsUseEpochSeconds() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 999_000_000L), ZoneOffset.UTC);

        UpdateOutcome updated = shadows.update(null, UpdateRequest.reported(json("{\"a\":1}")), clock);
        ShadowState state = ((UpdateOutcome.Accepted) updated).state();
        GetOutcome get = shadows.get(THING, state, GetRequest.EMPTY, clock);
        DeleteOutcome delete = shadows.delete(THING, state, DeleteRequest.EMPTY, clock);

        assertThat(((UpdateOutcome.Accepted) updated)
                        .accepted()
                        .getJsonNumber("timestamp")
                        .longValue())
                .isEqualTo(1_700_000_000L);
        assertThat(state.reportedMetadata()
                        .getJsonObject("a")
                        .getJsonNumber("timestamp")
                        .longValue())
                .isEqualTo(1_700_000_000L);
        assertThat(((GetOutcome.Accepted) get)
                        .document()
                        .getJsonNumber("timestamp")
                        .longValue())
                .isEqualTo(1_700_000_000L);
        assertThat(((DeleteOutcome.Accepted) delete).state().timestamp()).isEqualTo(1_700_000_000L);
    }

    @Test
    void documentsSerializeToCompactJsonText() {
        UpdateOutcome.Accepted outcome =
                accepted(null, "{\"state\":{\"reported\":{\"n\":1.50}},\"clientToken\":\"x\"}", 5L);

        assertThat(JsonTrees.write(outcome.accepted()))
                .isEqualTo(
                        "{\"state\":{\"reported\":{\"n\":1.50}},\"metadata\":{\"reported\":{\"n\":{\"timestamp\":5}}},"
                                + "\"version\":1,\"timestamp\":5,\"clientToken\":\"x\"}");
    }
}
