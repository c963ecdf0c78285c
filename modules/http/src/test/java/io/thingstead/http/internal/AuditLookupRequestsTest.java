package io.thingstead.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.audit.api.AuditTrail.Attribute;
import io.thingstead.audit.api.AuditTrail.Lookup;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CloudTrail's {@code LookupEvents} request as the audit trail's query, and CloudTrail's errors for bad ones. */
class AuditLookupRequestsTest {
    private static Lookup query(String json) {
        JsonObject request = Json.createReader(new StringReader(json)).readObject();
        return AuditLookupResource.query(request);
    }

    private static void refused(String json, ErrorCode code) {
        assertThatThrownBy(() -> query(json))
                .as(json)
                .isInstanceOfSatisfying(
                        IotException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void anEmptyRequestIsTheNewestFifty() {
        Lookup lookup = query("{}");
        assertThat(lookup.limit()).isEqualTo(50);
        assertThat(lookup.attribute()).isEmpty();
        assertThat(lookup.start()).isEmpty();
        assertThat(lookup.beforeId()).isEmpty();
    }

    @Test
    void attributesTimesAndPages() {
        Lookup lookup = query("{\"LookupAttributes\":[{\"AttributeKey\":\"ResourceType\","
                + "\"AttributeValue\":\"AWS::IoT::ThingGroup\"}],\"StartTime\":1764720000.5,\"EndTime\":1764723600,"
                + "\"MaxResults\":7,\"NextToken\":\"" + AuditLookupResource.token(1234) + "\"}");
        assertThat(lookup.attribute()).contains(Attribute.RESOURCE_TYPE);
        assertThat(lookup.value()).isEqualTo("thinggroup");
        assertThat(lookup.start()).contains(Instant.ofEpochMilli(1764720000500L));
        assertThat(lookup.end()).contains(Instant.ofEpochSecond(1764723600));
        assertThat(lookup.limit()).isEqualTo(7);
        assertThat(lookup.beforeId()).contains(1234L);

        assertThat(query("{\"LookupAttributes\":[{\"AttributeKey\":\"EventSource\",\"AttributeValue\":"
                                + "\"iot.amazonaws.com\"}]}")
                        .value())
                .isEqualTo("iot");
        assertThat(query("{\"LookupAttributes\":[{\"AttributeKey\":\"ReadOnly\",\"AttributeValue\":\"false\"}]}")
                        .attribute())
                .as("every recorded event is a change")
                .isEqualTo(Optional.empty());
        assertThat(query("{\"LookupAttributes\":[{\"AttributeKey\":\"ReadOnly\",\"AttributeValue\":\"true\"}]}")
                        .readOnly())
                .as("reads are not recorded: nothing to look up")
                .isTrue();
    }

    @Test
    void cloudTrailsErrors() {
        refused(
                "{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"a\"},"
                        + "{\"AttributeKey\":\"Username\",\"AttributeValue\":\"b\"}]}",
                ErrorCode.INVALID_LOOKUP_ATTRIBUTES);
        refused(
                "{\"LookupAttributes\":[{\"AttributeKey\":\"Colour\",\"AttributeValue\":\"a\"}]}",
                ErrorCode.INVALID_LOOKUP_ATTRIBUTES);
        refused("{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\"}]}", ErrorCode.INVALID_LOOKUP_ATTRIBUTES);
        refused("{\"StartTime\":20,\"EndTime\":10}", ErrorCode.INVALID_TIME_RANGE);
        refused("{\"StartTime\":\"yesterday\"}", ErrorCode.INVALID_TIME_RANGE);
        refused("{\"MaxResults\":0}", ErrorCode.INVALID_MAX_RESULTS);
        refused("{\"MaxResults\":51}", ErrorCode.INVALID_MAX_RESULTS);
        refused("{\"MaxResults\":2.5}", ErrorCode.INVALID_MAX_RESULTS);
        refused("{\"StartTime\":1e30}", ErrorCode.INVALID_TIME_RANGE);
        refused("{\"EndTime\":-5}", ErrorCode.INVALID_TIME_RANGE);
        refused("{\"LookupAttributes\":[\"EventName\"]}", ErrorCode.INVALID_LOOKUP_ATTRIBUTES);
        refused("{\"LookupAttributes\":{\"AttributeKey\":\"EventName\"}}", ErrorCode.INVALID_LOOKUP_ATTRIBUTES);
        refused(
                "{\"LookupAttributes\":[{\"AttributeKey\":\"ReadOnly\",\"AttributeValue\":\"maybe\"}]}",
                ErrorCode.INVALID_LOOKUP_ATTRIBUTES);
        refused("{\"NextToken\":\"forged\"}", ErrorCode.INVALID_NEXT_TOKEN);
        refused("{\"NextToken\":7}", ErrorCode.INVALID_NEXT_TOKEN);
    }
}
