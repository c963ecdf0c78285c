package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.thingstead.it.Mqtt.Identity;
import io.thingstead.it.Mqtt.Inbox;
import io.thingstead.it.Mqtt.Received;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Configuration;
import software.amazon.awssdk.services.iot.model.DescribeEventConfigurationsResponse;
import software.amazon.awssdk.services.iot.model.EventType;
import software.amazon.awssdk.services.iot.model.VersionConflictException;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.GetRetainedMessageResponse;
import software.amazon.awssdk.services.iotdataplane.model.InvalidRequestException;
import software.amazon.awssdk.services.iotdataplane.model.ListRetainedMessagesResponse;
import software.amazon.awssdk.services.iotdataplane.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotdataplane.model.RetainedMessageSummary;

/**
 * Issue 20's retained-message API ({@code ListRetainedMessages}, {@code GetRetainedMessage} through the AWS SDK's
 * {@link IotDataPlaneClient}) over what real MQTT 5 devices retain, and the registry events ({@code
 * $aws/events/thing/...}, {@code thingGroupMembership}) switched by {@code UpdateEventConfigurations} and received by a
 * real MQTT subscriber.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RetainedMessagesAndRegistryEventsIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static IotClient iot;
    private static IotDataPlaneClient data;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void clients() throws Exception {
        iot = Operator.iot();
        data = Operator.data();
        Mqtt.awaitGateway();
    }

    @AfterAll
    static void close() {
        iot.close();
        data.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Retained messages

    @Test
    void retainedMessagesOfDevicesAndOfTheDataPlaneAreListedAndReadBack() throws Exception {
        String prefix = "rt/" + RUN + "/";
        Identity device = FleetFixtures.adminIdentity(iot, "rt-all-" + RUN);
        long before = System.currentTimeMillis();
        try (Mqtt.V5 paho = Mqtt.v5(device, "rt-device-" + RUN, new Inbox())) {
            MqttMessage withProperties = new MqttMessage("21.5".getBytes(StandardCharsets.UTF_8));
            withProperties.setQos(1);
            withProperties.setRetained(true);
            MqttProperties properties = new MqttProperties();
            properties.setUserProperties(List.of(new UserProperty("unit", "C"), new UserProperty("room", "kitchen")));
            withProperties.setProperties(properties);
            paho.client().publish(prefix + "kitchen/temp", withProperties).waitForCompletion(20_000);
            for (int i = 0; i < 4; i++) {
                paho.client()
                        .publish(prefix + "room-" + i + "/state", ("{\"n\":" + i + "}").getBytes(), 0, true)
                        .waitForCompletion(20_000);
            }
            paho.client()
                    .publish(prefix + "not-retained", "x".getBytes(), 1, false)
                    .waitForCompletion(20_000);
        }
        // the HTTPS data plane's Publish retains too
        data.publish(r -> r.topic(prefix + "from-https").retain(true).qos(1).payload(SdkBytes.fromUtf8String("hi")));

        List<String> expected = List.of(
                prefix + "from-https",
                prefix + "kitchen/temp",
                prefix + "room-0/state",
                prefix + "room-1/state",
                prefix + "room-2/state",
                prefix + "room-3/state");
        List<RetainedMessageSummary> mine = awaitListed(prefix, expected.size());
        assertThat(mine).extracting(RetainedMessageSummary::topic).containsExactlyElementsOf(expected);
        RetainedMessageSummary kitchen = mine.get(1);
        assertThat(kitchen.payloadSize()).isEqualTo(4L);
        assertThat(kitchen.qos()).isEqualTo(1L);
        assertThat(kitchen.lastModifiedTime()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        assertThat(mine.get(2).qos()).isZero();

        GetRetainedMessageResponse read = data.getRetainedMessage(r -> r.topic(prefix + "kitchen/temp"));
        assertThat(read.topic()).isEqualTo(prefix + "kitchen/temp");
        assertThat(read.payload().asUtf8String()).isEqualTo("21.5");
        assertThat(read.qos()).isEqualTo(1L);
        assertThat(read.lastModifiedTime()).isEqualTo(kitchen.lastModifiedTime());
        JsonArray userProperties = jsonArray(read.userProperties().asUtf8String());
        assertThat(userProperties.getJsonObject(0).getString("unit")).isEqualTo("C");
        assertThat(userProperties.getJsonObject(1).getString("room")).isEqualTo("kitchen");
        assertThat(data.getRetainedMessage(r -> r.topic(prefix + "from-https"))
                        .payload()
                        .asUtf8String())
                .isEqualTo("hi");

        // a new subscriber gets what the API shows
        Inbox inbox = new Inbox();
        try (Mqtt.V5 late = Mqtt.v5(device, "rt-late-" + RUN, inbox)) {
            late.client().subscribe(prefix + "from-https", 1).waitForCompletion(20_000);
            Received retained = inbox.next(prefix + "from-https");
            assertThat(retained.payload()).isEqualTo("hi");
            assertThat(retained.retained()).isTrue();

            // an empty retained payload clears it: gone from the API
            late.client().publish(prefix + "room-0/state", new byte[0], 1, true).waitForCompletion(20_000);
        }
        ResourceNotFoundException cleared = catchThrowableOfType(
                ResourceNotFoundException.class, () -> data.getRetainedMessage(r -> r.topic(prefix + "room-0/state")));
        assertThat(cleared).isNotNull();
        assertThat(cleared.statusCode()).isEqualTo(404);
        assertThat(listAll(prefix)).extracting(RetainedMessageSummary::topic).doesNotContain(prefix + "room-0/state");
    }

    @Test
    void absentTopicsBadPagesAndUnsignedCallsAreRefusedAsAws() throws Exception {
        ResourceNotFoundException absent = catchThrowableOfType(
                ResourceNotFoundException.class, () -> data.getRetainedMessage(r -> r.topic("rt/" + RUN + "/nothing")));
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(absent.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");

        for (int bad : new int[] {0, 201}) {
            InvalidRequestException refused = catchThrowableOfType(
                    InvalidRequestException.class, () -> data.listRetainedMessages(r -> r.maxResults(bad)));
            assertThat(refused).as("maxResults " + bad).isNotNull();
            assertThat(refused.statusCode()).isEqualTo(400);
        }
        InvalidRequestException badToken = catchThrowableOfType(
                InvalidRequestException.class, () -> data.listRetainedMessages(r -> r.nextToken("not-ours")));
        assertThat(badToken.statusCode()).isEqualTo(400);
        InvalidRequestException wildcard = catchThrowableOfType(
                InvalidRequestException.class, () -> data.getRetainedMessage(r -> r.topic("rt/+/x")));
        assertThat(wildcard).as("a wildcard is not a topic").isNotNull();

        for (String path : List.of("/retainedMessage", "/retainedMessage/rt%2Fany")) {
            HttpResponse<String> unsigned = SignedHttp.unsigned("GET", path, new byte[0], "application/json");
            assertThat(unsigned.statusCode()).as(path).isEqualTo(403);
        }
        try (IotDataPlaneClient stranger = IotDataPlaneClient.builder()
                .endpointOverride(TestEnvironment.http("/"))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                "AKIAUNKNOWNKEY000000", "not-the-secret")))
                .build()) {
            var denied = catchThrowableOfType(
                    software.amazon.awssdk.services.iotdataplane.model.IotDataPlaneException.class,
                    () -> stranger.listRetainedMessages(r -> {}));
            assertThat(denied.statusCode()).isEqualTo(403);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Registry events

    @Test
    void registryEventsAreOffByDefaultAndPublishedWithAwsPayloadsOnceSwitchedOn() throws Exception {
        DescribeEventConfigurationsResponse defaults = iot.describeEventConfigurations(r -> {});
        assertThat(defaults.eventConfigurations()).containsKeys(EventType.THING, EventType.THING_GROUP_MEMBERSHIP);
        assertThat(defaults.eventConfigurations().values())
                .extracting(Configuration::enabled)
                .containsOnly(false);
        assertThat(defaults.creationDate()).isNotNull();

        Identity watcher = FleetFixtures.adminIdentity(iot, "ev-watcher-" + RUN);
        Inbox inbox = new Inbox();
        String thing = "ev-thing-" + RUN;
        String group = "ev-group-" + RUN;
        try (Mqtt.V5 subscriber = Mqtt.v5(watcher, "ev-watcher-" + RUN, inbox)) {
            subscriber.client().subscribe("$aws/events/#", 1).waitForCompletion(20_000);

            // off: nothing
            iot.createThing(r -> r.thingName(thing + "-quiet"));
            iot.deleteThing(r -> r.thingName(thing + "-quiet"));
            assertThat(inbox.quietFor("$aws/events/thing", 2000)).isTrue();

            iot.updateEventConfigurations(r -> r.eventConfigurations(Map.of(
                    EventType.THING, on(true),
                    EventType.THING_GROUP, on(true),
                    EventType.THING_GROUP_HIERARCHY, on(true),
                    EventType.THING_GROUP_MEMBERSHIP, on(true))));
            DescribeEventConfigurationsResponse switched = iot.describeEventConfigurations(r -> {});
            assertThat(switched.eventConfigurations().get(EventType.THING).enabled())
                    .isTrue();
            assertThat(switched.eventConfigurations().get(EventType.THING_TYPE).enabled())
                    .isFalse();
            assertThat(switched.lastModifiedDate()).isAfterOrEqualTo(switched.creationDate());

            iot.createThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of("floor", "3"))));
            String thingId = iot.describeThing(r -> r.thingName(thing)).thingId();
            JsonObject created = payload(inbox.await("$aws/events/thing/" + thing + "/created"));
            assertThat(created.getString("eventType")).isEqualTo("THING_EVENT");
            assertThat(created.getString("operation")).isEqualTo("CREATED");
            assertThat(created.getString("thingName")).isEqualTo(thing);
            assertThat(created.getString("thingId")).isEqualTo(thingId);
            assertThat(created.getInt("versionNumber")).isEqualTo(1);
            assertThat(created.get("thingTypeName")).isEqualTo(JsonValue.NULL);
            assertThat(created.getJsonObject("attributes").getString("floor")).isEqualTo("3");
            assertThat(created.getString("eventId")).isNotBlank();
            assertThat(created.getString("accountId")).isNotBlank();
            assertThat(created.getJsonNumber("timestamp").longValue())
                    .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1000);

            iot.updateThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of("floor", "4"))));
            JsonObject updated = payload(inbox.await("$aws/events/thing/" + thing + "/updated"));
            assertThat(updated.getString("operation")).isEqualTo("UPDATED");
            assertThat(updated.getInt("versionNumber")).isEqualTo(2);
            assertThat(updated.getJsonObject("attributes").getString("floor")).isEqualTo("4");

            // a change that rolls back publishes nothing
            assertThat(catchThrowableOfType(
                            VersionConflictException.class,
                            () -> iot.updateThing(r -> r.thingName(thing)
                                    .expectedVersion(1L)
                                    .attributePayload(a -> a.attributes(Map.of("floor", "9"))))))
                    .isNotNull();
            assertThat(inbox.quietFor("$aws/events/thing/" + thing, 1500)).isTrue();

            iot.createThingGroup(r -> r.thingGroupName(group));
            String groupId =
                    iot.describeThingGroup(r -> r.thingGroupName(group)).thingGroupId();
            JsonObject groupCreated = payload(inbox.await("$aws/events/thingGroup/" + group + "/created"));
            assertThat(groupCreated.getString("eventType")).isEqualTo("THING_GROUP_EVENT");
            assertThat(groupCreated.getString("thingGroupId")).isEqualTo(groupId);
            assertThat(groupCreated.getJsonArray("rootToParentThingGroups")).isEmpty();

            iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(thing));
            String membership = "$aws/events/thingGroupMembership/thingGroup/" + group + "/thing/" + thing;
            JsonObject added = payload(inbox.await(membership + "/added"));
            assertThat(added.getString("eventType")).isEqualTo("THING_GROUP_MEMBERSHIP_EVENT");
            assertThat(added.getString("operation")).isEqualTo("ADDED");
            assertThat(added.getString("groupId")).isEqualTo(groupId);
            assertThat(added.getString("groupArn")).endsWith(":thinggroup/" + group);
            assertThat(added.getString("thingId")).isEqualTo(thingId);
            assertThat(added.getString("thingArn")).endsWith(":thing/" + thing);

            iot.removeThingFromThingGroup(r -> r.thingGroupName(group).thingName(thing));
            JsonObject removed = payload(inbox.await(membership + "/removed"));
            assertThat(removed.getString("operation")).isEqualTo("REMOVED");
            assertThat(removed.getString("membershipId")).isEqualTo(added.getString("membershipId"));

            iot.deleteThing(r -> r.thingName(thing));
            JsonObject deleted = payload(inbox.await("$aws/events/thing/" + thing + "/deleted"));
            assertThat(deleted.getString("operation")).isEqualTo("DELETED");
            assertThat(deleted.getString("thingId")).isEqualTo(thingId);
            assertThat(deleted.getInt("versionNumber")).isEqualTo(2);

            // a child group: its created event names its ancestors; the hierarchy events name the parent
            String child = group + "-child";
            iot.createThingGroup(r -> r.thingGroupName(child).parentGroupName(group));
            JsonObject childCreated = payload(inbox.await("$aws/events/thingGroup/" + child + "/created"));
            assertThat(childCreated.getString("parentGroupName")).isEqualTo(group);
            assertThat(childCreated.getString("parentGroupId")).isEqualTo(groupId);
            assertThat(childCreated
                            .getJsonArray("rootToParentThingGroups")
                            .getJsonObject(0)
                            .getString("groupId"))
                    .isEqualTo(groupId);
            String hierarchy = "$aws/events/thingGroupHierarchy/thingGroup/" + group + "/childThingGroup/" + child;
            JsonObject adopted = payload(inbox.await(hierarchy + "/added"));
            assertThat(adopted.getString("eventType")).isEqualTo("THING_GROUP_HIERARCHY_EVENT");
            assertThat(adopted.getString("thingGroupId")).isEqualTo(groupId);
            assertThat(adopted.getString("childGroupName")).isEqualTo(child);
            iot.deleteThingGroup(r -> r.thingGroupName(child));
            assertThat(payload(inbox.await(hierarchy + "/removed")).getString("operation"))
                    .isEqualTo("REMOVED");
            assertThat(payload(inbox.await("$aws/events/thingGroup/" + child + "/deleted"))
                            .getString("operation"))
                    .isEqualTo("DELETED");

            iot.deleteThingGroup(r -> r.thingGroupName(group));
            assertThat(payload(inbox.await("$aws/events/thingGroup/" + group + "/deleted"))
                            .getString("operation"))
                    .isEqualTo("DELETED");

            // off again: nothing
            iot.updateEventConfigurations(r -> r.eventConfigurations(Map.of(
                    EventType.THING, on(false),
                    EventType.THING_GROUP, on(false),
                    EventType.THING_GROUP_HIERARCHY, on(false),
                    EventType.THING_GROUP_MEMBERSHIP, on(false))));
            iot.createThing(r -> r.thingName(thing + "-after"));
            iot.createThingGroup(r -> r.thingGroupName(group + "-after"));
            iot.addThingToThingGroup(r -> r.thingGroupName(group + "-after").thingName(thing + "-after"));
            assertThat(inbox.quietFor("$aws/events/thing", 2500)).isTrue();
        }

        var unknown = catchThrowableOfType(
                software.amazon.awssdk.services.iot.model.InvalidRequestException.class,
                () -> iot.updateEventConfigurations(
                        r -> r.eventConfigurationsWithStrings(Map.of("NOT_A_TYPE", on(true)))));
        assertThat(unknown).isNotNull();
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fixtures

    private static Configuration on(boolean enabled) {
        return Configuration.builder().enabled(enabled).build();
    }

    private static JsonObject payload(Received received) {
        return TestEnvironment.json(received.payload());
    }

    /** Every retained message under {@code prefix}, through every page (one message a page, to page). */
    private static List<RetainedMessageSummary> listAll(String prefix) {
        List<RetainedMessageSummary> mine = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListRetainedMessagesResponse page =
                    data.listRetainedMessages(r -> r.maxResults(2).nextToken(next));
            assertThat(page.retainedTopics()).hasSizeLessThanOrEqualTo(2);
            page.retainedTopics().stream()
                    .filter(summary -> summary.topic().startsWith(prefix))
                    .forEach(mine::add);
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 10_000);
        return mine;
    }

    private static List<RetainedMessageSummary> awaitListed(String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<RetainedMessageSummary> mine = listAll(prefix);
            if (mine.size() >= count || System.nanoTime() > deadline) {
                return mine;
            }
            Thread.sleep(200);
        }
    }

    private static JsonArray jsonArray(String text) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(text))) {
            return reader.readArray();
        }
    }
}
