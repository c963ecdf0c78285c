package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * Issue 20's readable audit trail: what operators changed, read back with the AWS SDK's {@link CloudTrailClient}
 * ({@code LookupEvents}) as an AWS user reads CloudTrail — by resource, action, user, access key and time, a page at a
 * time, failures included with their AWS error.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuditTrailIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static IotClient iot;
    private static CloudTrailClient trail;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void clients() throws Exception {
        iot = Operator.iot();
        trail = Operator.cloudTrail();
    }

    @AfterAll
    static void close() {
        iot.close();
        trail.close();
    }

    private static List<Event> byResource(String arn) {
        return trail.lookupEvents(r -> r.lookupAttributes(
                        a -> a.attributeKey(LookupAttributeKey.RESOURCE_NAME).attributeValue(arn)))
                .events();
    }

    @Test
    void changesAreReadBackByResourceNewestFirstWithWhoAndHow() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        String thing = "audit-" + RUN;
        String arn = iot.createThing(r -> r.thingName(thing)).thingArn();
        iot.updateThing(r -> r.thingName(thing).attributePayload(p -> p.attributes(Map.of("a", "1"))));
        iot.deleteThing(r -> r.thingName(thing));
        assertThatThrownBy(() -> iot.updateThing(r -> r.thingName(thing).thingTypeName("no-such-type-" + RUN)))
                .isInstanceOf(ResourceNotFoundException.class);

        List<Event> events = byResource(arn);
        assertThat(events)
                .extracting(Event::eventName)
                .as("newest first, the failed attempt included")
                .containsExactly("UpdateThing", "DeleteThing", "UpdateThing", "CreateThing");
        String accessKey = Operator.credentials().get("AWS_ACCESS_KEY_ID");
        for (Event event : events) {
            assertThat(event.eventSource()).isEqualTo("iot.amazonaws.com");
            assertThat(event.accessKeyId()).isEqualTo(accessKey);
            assertThat(event.readOnly()).isEqualTo("false");
            assertThat(event.eventTime()).isAfter(before);
            assertThat(event.resources()).singleElement().satisfies(resource -> {
                assertThat(resource.resourceType()).isEqualTo("AWS::IoT::Thing");
                assertThat(resource.resourceName()).isEqualTo(arn);
            });
        }
        JsonObject failed = TestEnvironment.json(events.get(0).cloudTrailEvent());
        assertThat(failed.getString("errorCode")).isEqualTo("ResourceNotFoundException");
        assertThat(failed.getString("eventName")).isEqualTo("UpdateThing");
        assertThat(failed.getJsonObject("userIdentity").getString("accessKeyId"))
                .isEqualTo(accessKey);
        JsonObject created = TestEnvironment.json(events.get(3).cloudTrailEvent());
        assertThat(created.containsKey("errorCode")).isFalse();
        assertThat(created.getJsonObject("requestParameters").getString("thingName"))
                .isEqualTo(thing);

        String username = events.get(0).username();
        assertThat(trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.USERNAME)
                                        .attributeValue(username))
                                .startTime(before))
                        .events())
                .as("by user")
                .extracting(Event::eventId)
                .containsAll(events.stream().map(Event::eventId).toList());
        assertThat(trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.EVENT_ID)
                                .attributeValue(events.get(3).eventId())))
                        .events())
                .extracting(Event::eventName)
                .containsExactly("CreateThing");
        assertThat(trail.lookupEvents(r -> r.lookupAttributes(a ->
                                a.attributeKey(LookupAttributeKey.READ_ONLY).attributeValue("true")))
                        .events())
                .as("reads are not recorded")
                .isEmpty();
    }

    @Test
    void pagesByActionAndTimeRange() {
        Instant start = Instant.now().minusSeconds(2);
        for (int i = 0; i < 7; i++) {
            String group = "audit-page-" + RUN + "-" + i;
            iot.createThingGroup(r -> r.thingGroupName(group));
        }
        Instant end = Instant.now().plusSeconds(2);
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            LookupEventsResponse page = trail.lookupEvents(r -> r.lookupAttributes(
                            a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("CreateThingGroup"))
                    .startTime(start)
                    .endTime(end)
                    .maxResults(3)
                    .nextToken(next));
            assertThat(page.events()).hasSizeLessThanOrEqualTo(3);
            for (Event event : page.events()) {
                assertThat(seen.add(event.eventId()))
                        .as("no event on two pages")
                        .isTrue();
                order.add(event.resources().get(0).resourceName());
            }
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 20);
        assertThat(order)
                .filteredOn(arn -> arn.contains("audit-page-" + RUN))
                .hasSize(7)
                .as("newest first")
                .endsWith(iot.describeThingGroup(r -> r.thingGroupName("audit-page-" + RUN + "-0"))
                        .thingGroupArn());
        assertThat(pages).isGreaterThanOrEqualTo(3);

        assertThat(trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.RESOURCE_TYPE)
                                        .attributeValue("AWS::IoT::ThingGroup"))
                                .startTime(start)
                                .endTime(end))
                        .events())
                .as("by resource type")
                .extracting(event -> event.resources().get(0).resourceName())
                .filteredOn(arn -> arn.contains("audit-page-" + RUN))
                .hasSize(7);
        assertThat(trail.lookupEvents(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.EVENT_NAME)
                                        .attributeValue("CreateThingGroup"))
                                .startTime(end.plusSeconds(3600)))
                        .events())
                .as("nothing in the future")
                .isEmpty();
    }

    @Test
    void badLookupsGetCloudTrailsErrors() {
        assertThatThrownBy(() -> trail.lookupEvents(r -> r.lookupAttributes(
                        a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("CreateThing"),
                        a -> a.attributeKey(LookupAttributeKey.USERNAME).attributeValue("operator"))))
                .as("one attribute at a time, as CloudTrail")
                .isInstanceOf(InvalidLookupAttributesException.class);
        assertThatThrownBy(() -> trail.lookupEvents(
                        r -> r.startTime(Instant.now()).endTime(Instant.now().minusSeconds(60))))
                .isInstanceOf(InvalidTimeRangeException.class);
        assertThatThrownBy(() -> trail.lookupEvents(r -> r.nextToken("forged")))
                .isInstanceOf(InvalidNextTokenException.class);
    }

    @Test
    void onlyRequestsSignedForCloudTrailReachTheTrail() throws Exception {
        // the IoT client cannot call LookupEvents; check the other direction: a CloudTrail-signed request reaches no
        // IoT operation (the same credentials, signed for service "cloudtrail", sent to ListThings' path)
        var signed = SignedHttp.send("cloudtrail", "GET", "/things", new byte[0], "application/json", Map.of());
        assertThat(signed.statusCode()).isEqualTo(403);
        assertThat(signed.headers().firstValue("x-amzn-ErrorType"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("AccessDeniedException"));
        // and a request signed for IoT does not reach the trail
        var iotSigned = SignedHttp.send(
                "iot",
                "POST",
                "/",
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/x-amz-json-1.1",
                Map.of("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"));
        assertThat(iotSigned.statusCode()).isEqualTo(403);
        // signed for CloudTrail, the same request is answered
        var lookup = SignedHttp.send(
                "cloudtrail",
                "POST",
                "/",
                "{\"MaxResults\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/x-amz-json-1.1",
                Map.of("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"));
        assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
        assertThat(TestEnvironment.json(lookup.body()).getJsonArray("Events")).hasSizeLessThanOrEqualTo(1);
    }
}
