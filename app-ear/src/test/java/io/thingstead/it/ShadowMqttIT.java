package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.thingstead.it.Mqtt.Identity;
import io.thingstead.it.Mqtt.Inbox;
import io.thingstead.it.Mqtt.Received;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.iot.V2ClientStreamOptions;
import software.amazon.awssdk.iot.iotshadow.IotShadowV2Client;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedEvent;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowState;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowResponse;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.IotDataPlaneException;

/**
 * The Device Shadow service on MQTT, with real clients over mutual TLS: Paho 3.1.1 on the {@code $aws/things/...}
 * topics (AWS's documents on accepted, rejected, delta and documents; version conflicts, invalid JSON, oversize,
 * throttling; named shadows; a persistent session receiving the delta it missed), the REST data plane through the AWS
 * SDK announcing its changes on MQTT, and the AWS IoT Device SDK v2 for Java ({@link IotShadowV2Client}, native AWS
 * CRT) unchanged against Thingstead's endpoint and root CA.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShadowMqttIT {
    /** What AWS's documentation gives a device for its own shadows, with the thing-name policy variable. */
    private static final String SHADOW_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": "iot:Publish",
               "Resource": "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
              {"Effect": "Allow", "Action": "iot:Receive",
               "Resource": "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"}
            ]}""";

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static IotClient iot;
    private static IotDataPlaneClient data;
    private static String policy;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void clients() throws Exception {
        iot = Operator.iot();
        data = Operator.data();
    }

    @AfterAll
    static void close() {
        iot.close();
        data.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Paho 3.1.1 on the shadow topics

    @Test
    void getUpdateDeleteWithAwsDocumentsOnAcceptedDeltaDocumentsAndRejected() throws Exception {
        Device device = device("lifecycle");
        String prefix = "$aws/things/" + device.thing + "/shadow";
        Inbox inbox = new Inbox();
        try (var paho = connect(device, inbox, true)) {
            paho.subscribe(prefix + "/get/+", prefix + "/update/+", prefix + "/delete/+");

            paho.publish(prefix + "/get", "{\"clientToken\":\"g-1\"}");
            JsonObject missing = json(inbox.next(prefix + "/get/rejected"));
            assertThat(missing.getInt("code")).isEqualTo(404);
            assertThat(missing.getString("message")).isEqualTo("No shadow exists with name: '" + device.thing + "'");
            assertThat(missing.getString("clientToken")).isEqualTo("g-1");

            paho.publish(prefix + "/update", "{\"state\":{\"desired\":{\"color\":\"RED\"}},\"clientToken\":\"u-1\"}");
            JsonObject accepted = json(inbox.next(prefix + "/update/accepted"));
            assertThat(accepted.keySet()).containsExactly("state", "metadata", "version", "timestamp", "clientToken");
            assertThat(accepted.getJsonObject("state").toString()).isEqualTo("{\"desired\":{\"color\":\"RED\"}}");
            long timestamp = accepted.getJsonNumber("timestamp").longValue();
            assertThat(accepted.getJsonObject("metadata").toString())
                    .isEqualTo("{\"desired\":{\"color\":{\"timestamp\":" + timestamp + "}}}");
            assertThat(accepted.getInt("version")).isEqualTo(1);
            assertThat(accepted.getString("clientToken")).isEqualTo("u-1");

            JsonObject delta = json(inbox.next(prefix + "/update/delta"));
            assertThat(delta.keySet()).containsExactly("version", "timestamp", "state", "metadata", "clientToken");
            assertThat(delta.getInt("version")).isEqualTo(1);
            assertThat(delta.getJsonObject("state").toString()).isEqualTo("{\"color\":\"RED\"}");
            assertThat(delta.getJsonObject("metadata").toString())
                    .isEqualTo("{\"color\":{\"timestamp\":" + timestamp + "}}");
            assertThat(delta.getString("clientToken")).isEqualTo("u-1");

            JsonObject documents = json(inbox.next(prefix + "/update/documents"));
            assertThat(documents.keySet()).containsExactly("current", "timestamp", "clientToken");
            assertThat(documents.getJsonObject("current").getInt("version")).isEqualTo(1);
            assertThat(documents.getJsonObject("current").getJsonObject("state").toString())
                    .isEqualTo("{\"desired\":{\"color\":\"RED\"}}");

            // the device reports what it was asked for: no delta any more, and documents with previous and current
            paho.publish(prefix + "/update", "{\"state\":{\"reported\":{\"color\":\"RED\"}}}");
            JsonObject reported = json(inbox.next(prefix + "/update/accepted"));
            assertThat(reported.getInt("version")).isEqualTo(2);
            assertThat(reported.containsKey("clientToken")).isFalse();
            JsonObject both = json(inbox.next(prefix + "/update/documents"));
            assertThat(both.keySet()).containsExactly("previous", "current", "timestamp");
            assertThat(both.getJsonObject("previous").getInt("version")).isEqualTo(1);
            assertThat(both.getJsonObject("current").getJsonObject("state").toString())
                    .isEqualTo("{\"desired\":{\"color\":\"RED\"},\"reported\":{\"color\":\"RED\"}}");

            paho.publish(prefix + "/get", "");
            JsonObject shadow = json(inbox.next(prefix + "/get/accepted"));
            assertThat(shadow.keySet()).containsExactly("state", "metadata", "version", "timestamp");
            assertThat(shadow.getJsonObject("state").containsKey("delta")).isFalse();
            assertThat(shadow.getInt("version")).isEqualTo(2);
            // the delta went out once, for version 1 only
            assertThat(inbox.quietFor(prefix + "/update/delta", 1000)).isTrue();

            paho.publish(prefix + "/delete", "{\"clientToken\":\"d-1\"}");
            JsonObject deleted = json(inbox.next(prefix + "/delete/accepted"));
            assertThat(deleted.keySet()).containsExactly("version", "timestamp", "clientToken");
            assertThat(deleted.getInt("version")).isEqualTo(2);
            assertThat(deleted.getString("clientToken")).isEqualTo("d-1");

            paho.publish(prefix + "/delete", "");
            assertThat(json(inbox.next(prefix + "/delete/rejected")).getInt("code"))
                    .isEqualTo(404);
            paho.publish(prefix + "/get", "");
            assertThat(json(inbox.next(prefix + "/get/rejected")).getInt("code"))
                    .isEqualTo(404);

            // a shadow created again within 48 hours continues the version numbering
            paho.publish(prefix + "/update", "{\"state\":{\"reported\":{\"color\":\"BLUE\"}}}");
            assertThat(json(inbox.next(prefix + "/update/accepted")).getInt("version"))
                    .isEqualTo(4);
        }
    }

    @Test
    void versionConflictInvalidJsonAndOversizeAreRejectedWithAwsCodes() throws Exception {
        Device device = device("errors");
        String prefix = "$aws/things/" + device.thing + "/shadow";
        Inbox inbox = new Inbox();
        try (var paho = connect(device, inbox, true)) {
            paho.subscribe(prefix + "/update/accepted", prefix + "/update/rejected");
            paho.publish(prefix + "/update", "{\"state\":{\"reported\":{\"on\":true}}}");
            assertThat(json(inbox.next(prefix + "/update/accepted")).getInt("version"))
                    .isEqualTo(1);

            paho.publish(
                    prefix + "/update",
                    "{\"state\":{\"reported\":{\"on\":false}},\"version\":7,\"clientToken\":\"v-7\"}");
            JsonObject conflict = json(inbox.next(prefix + "/update/rejected"));
            assertThat(conflict.getInt("code")).isEqualTo(409);
            assertThat(conflict.getString("message")).isEqualTo("Version conflict");
            assertThat(conflict.getString("clientToken")).isEqualTo("v-7");

            // the right version is accepted
            paho.publish(prefix + "/update", "{\"state\":{\"reported\":{\"on\":false}},\"version\":1}");
            assertThat(json(inbox.next(prefix + "/update/accepted")).getInt("version"))
                    .isEqualTo(2);

            paho.publish(prefix + "/update", "{\"state\": {\"reported\": ");
            JsonObject invalid = json(inbox.next(prefix + "/update/rejected"));
            assertThat(invalid.getInt("code")).isEqualTo(400);
            assertThat(invalid.getString("message")).isEqualTo("Payload contains invalid json");

            paho.publish(prefix + "/update", "{\"desired\":{\"on\":true}}");
            JsonObject noState = json(inbox.next(prefix + "/update/rejected"));
            assertThat(noState.getInt("code")).isEqualTo(400);
            assertThat(noState.getString("message")).isEqualTo("Missing required node: state");

            String big = "x".repeat(9000);
            paho.publish(
                    prefix + "/update",
                    "{\"state\":{\"reported\":{\"blob\":\"" + big + "\"}},\"clientToken\":\"big\"}");
            JsonObject tooLarge = json(inbox.next(prefix + "/update/rejected"));
            assertThat(tooLarge.getInt("code")).isEqualTo(413);
            assertThat(tooLarge.getString("message")).isEqualTo("The payload exceeds the maximum size allowed");
            assertThat(tooLarge.getString("clientToken")).isEqualTo("big");

            // nothing rejected changed the shadow
            assertThat(TestEnvironment.json(data.getThingShadow(r -> r.thingName(device.thing))
                                    .payload()
                                    .asUtf8String())
                            .getInt("version"))
                    .isEqualTo(2);
        }
    }

    @Test
    void anUpdateThroughTheRestDataPlaneReachesTheDeviceAsAcceptedAndDelta() throws Exception {
        Device device = device("rest");
        String prefix = "$aws/things/" + device.thing + "/shadow";
        Inbox inbox = new Inbox();
        try (var paho = connect(device, inbox, true)) {
            paho.subscribe(prefix + "/update/accepted", prefix + "/update/delta", prefix + "/delete/accepted");
            data.updateThingShadow(r -> r.thingName(device.thing)
                    .payload(SdkBytes.fromUtf8String("{\"state\":{\"desired\":{\"fan\":3,\"mode\":\"eco\"}}}")));
            JsonObject accepted = json(inbox.next(prefix + "/update/accepted"));
            assertThat(accepted.getInt("version")).isEqualTo(1);
            JsonObject delta = json(inbox.next(prefix + "/update/delta"));
            assertThat(delta.getJsonObject("state").toString()).isEqualTo("{\"fan\":3,\"mode\":\"eco\"}");
            assertThat(delta.getInt("version")).isEqualTo(1);

            data.deleteThingShadow(r -> r.thingName(device.thing));
            assertThat(json(inbox.next(prefix + "/delete/accepted")).getInt("version"))
                    .isEqualTo(1);
        }
    }

    @Test
    void anOfflineDeviceWithAPersistentSessionGetsTheDeltaWhenItReconnects() throws Exception {
        Device device = device("offline");
        String delta = "$aws/things/" + device.thing + "/shadow/update/delta";
        Inbox inbox = new Inbox();
        Paho session = connect(device, inbox, false);
        session.subscribe(delta);
        session.client.disconnect();
        session.close();

        data.updateThingShadow(r -> r.thingName(device.thing)
                .payload(SdkBytes.fromUtf8String("{\"state\":{\"desired\":{\"firmware\":\"2.0\"}}}")));

        try (var resumed = connect(device, inbox, false)) {
            Received received = inbox.next(delta);
            assertThat(received.qos()).isEqualTo(1);
            assertThat(json(received).getJsonObject("state").getString("firmware"))
                    .isEqualTo("2.0");
        }
    }

    @Test
    void namedShadowsHaveTopicsOfTheirOwn() throws Exception {
        Device device = device("named");
        String classic = "$aws/things/" + device.thing + "/shadow";
        String named = classic + "/name/config";
        Inbox inbox = new Inbox();
        try (var paho = connect(device, inbox, true)) {
            paho.subscribe(named + "/update/+", named + "/get/+", classic + "/get/+", classic + "/update/+");
            paho.publish(named + "/update", "{\"state\":{\"desired\":{\"interval\":60}},\"clientToken\":\"n-1\"}");
            JsonObject accepted = json(inbox.next(named + "/update/accepted"));
            assertThat(accepted.getInt("version")).isEqualTo(1);
            JsonObject delta = json(inbox.next(named + "/update/delta"));
            assertThat(delta.getJsonObject("state").getInt("interval")).isEqualTo(60);

            paho.publish(named + "/get", "");
            assertThat(json(inbox.next(named + "/get/accepted"))
                            .getJsonObject("state")
                            .getJsonObject("delta")
                            .getInt("interval"))
                    .isEqualTo(60);
            // the classic shadow is another shadow
            paho.publish(classic + "/get", "");
            assertThat(json(inbox.next(classic + "/get/rejected")).getInt("code"))
                    .isEqualTo(404);
            assertThat(inbox.quietFor(classic + "/update/", 500)).isTrue();

            // and the REST data plane sees the named shadow
            JsonObject viaRest = TestEnvironment.json(
                    data.getThingShadow(r -> r.thingName(device.thing).shadowName("config"))
                            .payload()
                            .asUtf8String());
            assertThat(viaRest.getInt("version")).isEqualTo(1);
        }
    }

    @Test
    void tooManyRequestsAreRejectedWith429OnMqttAndThrottlingExceptionOnRest() throws Exception {
        Device device = device("throttle");
        String prefix = "$aws/things/" + device.thing + "/shadow";
        Inbox inbox = new Inbox();
        try (var paho = connect(device, inbox, true)) {
            paho.subscribe(prefix + "/update/accepted", prefix + "/update/rejected");
            int sent = 60;
            for (int i = 0; i < sent; i++) {
                paho.client.publish(
                        prefix + "/update",
                        ("{\"state\":{\"reported\":{\"n\":" + i + "}},\"clientToken\":\"t-" + i + "\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        0,
                        false);
            }
            int accepted = 0;
            List<JsonObject> rejected = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                Received answer = inbox.next(prefix + "/update/");
                if (answer.topic().endsWith("/accepted")) {
                    accepted++;
                } else {
                    rejected.add(json(answer));
                }
            }
            assertThat(accepted).isPositive();
            assertThat(rejected).isNotEmpty().allSatisfy(error -> {
                assertThat(error.getInt("code")).isEqualTo(429);
                assertThat(error.getString("clientToken")).startsWith("t-");
            });
        }

        // the same per-thing rate on the REST data plane: 20 per second with a burst of 20
        String thing = "sh-throttle-rest-" + RUN;
        // 16 threads send until the first 429: the rate is exceeded however slow the machine is (a machine serving
        // fewer than 20 updates a second in all would never see one; 3,000 requests is the bound)
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            AtomicBoolean throttled = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            List<Future<List<Integer>>> senders = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                senders.add(pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    int n;
                    while (!throttled.get() && (n = next.getAndIncrement()) < 3_000) {
                        int value = n;
                        try {
                            data.updateThingShadow(r -> r.thingName(thing)
                                    .payload(SdkBytes.fromUtf8String(
                                            "{\"state\":{\"desired\":{\"n\":" + value + "}}}")));
                            mine.add(200);
                        } catch (IotDataPlaneException e) {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                            mine.add(e.statusCode());
                            throttled.set(true);
                        }
                    }
                    return mine;
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> sender : senders) {
                statuses.addAll(sender.get(5, TimeUnit.MINUTES));
            }
            assertThat(statuses).contains(200, 429).containsOnly(200, 429);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The AWS IoT Device SDK v2 for Java, unchanged

    @Test
    void theAwsIotDeviceSdkV2ShadowClientUpdatesGetsAndReceivesDeltas() throws Exception {
        Device device = device("sdk");
        MqttClientConnection connection = AwsIotMqttConnectionBuilder.newMtlsBuilder(
                        device.identity.certificatePem(), device.identity.privateKeyPem())
                .withCertificateAuthority(Mqtt.rootCaPem())
                .withEndpoint("localhost")
                .withPort(TestEnvironment.port(8883))
                .withClientId(device.thing)
                .withCleanSession(true)
                .build();
        try {
            assertThat(connection.connect().get(30, TimeUnit.SECONDS))
                    .as("session present")
                    .isFalse();
            MqttRequestResponseClientOptions options = MqttRequestResponseClientOptions.builder()
                    .withMaxRequestResponseSubscriptions(4)
                    .withMaxStreamingSubscriptions(2)
                    .withOperationTimeoutSeconds(30)
                    .build();
            try (IotShadowV2Client shadow = IotShadowV2Client.newFromMqtt311(connection, options)) {
                LinkedBlockingQueue<ShadowDeltaUpdatedEvent> deltas = new LinkedBlockingQueue<>();
                CompletableFuture<Void> subscribed = new CompletableFuture<>();
                ShadowDeltaUpdatedSubscriptionRequest deltaRequest = new ShadowDeltaUpdatedSubscriptionRequest();
                deltaRequest.thingName = device.thing;
                var stream = shadow.createShadowDeltaUpdatedStream(
                        deltaRequest,
                        V2ClientStreamOptions.<ShadowDeltaUpdatedEvent>builder()
                                .withStreamEventHandler(deltas::add)
                                .withSubscriptionEventHandler(event -> subscribed.complete(null))
                                .build());
                stream.open();
                subscribed.get(30, TimeUnit.SECONDS);

                UpdateShadowRequest update = new UpdateShadowRequest();
                update.thingName = device.thing;
                update.state = new ShadowState();
                update.state.reported = new HashMap<>();
                update.state.reported.put("color", "GREEN");
                UpdateShadowResponse updated = shadow.updateShadow(update).get(30, TimeUnit.SECONDS);
                assertThat(updated.version).isEqualTo(1);
                assertThat(updated.state.reported).containsEntry("color", "GREEN");

                // an application changes the desired state through the REST data plane; the device hears of it
                data.updateThingShadow(r -> r.thingName(device.thing)
                        .payload(SdkBytes.fromUtf8String("{\"state\":{\"desired\":{\"color\":\"RED\"}}}")));
                ShadowDeltaUpdatedEvent delta = deltas.poll(30, TimeUnit.SECONDS);
                assertThat(delta).as("a delta event within 30 s").isNotNull();
                assertThat(delta.version).isEqualTo(2);
                assertThat(delta.state).containsEntry("color", "RED");

                GetShadowRequest get = new GetShadowRequest();
                get.thingName = device.thing;
                GetShadowResponse current = shadow.getShadow(get).get(30, TimeUnit.SECONDS);
                assertThat(current.version).isEqualTo(2);
                assertThat(current.state.desired).containsEntry("color", "RED");
                assertThat(current.state.reported).containsEntry("color", "GREEN");
                assertThat(current.state.delta).containsEntry("color", "RED");

                stream.close();
            }
        } finally {
            connection.disconnect().get(30, TimeUnit.SECONDS);
            connection.close();
        }
    }

    @Test
    void anAccessDeniedShadowOfAnotherThingIsNeitherServedNorDelivered() throws Exception {
        Device device = device("foreign");
        Inbox inbox = new Inbox();
        try (var paho = connect(device, inbox, true)) {
            // the policy allows only the device's own shadow topics: subscribing elsewhere is refused
            assertThat(paho.subscribeReturnCode("$aws/things/someone-else-" + RUN + "/shadow/update/accepted"))
                    .isEqualTo(0x80);
            IotDataPlaneException missing = catchThrowableOfType(
                    IotDataPlaneException.class, () -> data.getThingShadow(r -> r.thingName("someone-else-" + RUN)));
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fixtures

    record Device(String thing, Identity identity) {}

    private static Device device(String name) throws Exception {
        Mqtt.awaitGateway();
        String thing = "sh-" + name + "-" + RUN;
        iot.createThing(r -> r.thingName(thing));
        Identity identity = Identity.create(iot);
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(identity.certificateArn()));
        iot.attachPolicy(r -> r.policyName(policy()).target(identity.certificateArn()));
        return new Device(thing, identity);
    }

    private static synchronized String policy() {
        if (policy == null) {
            policy = "sh-device-" + RUN;
            iot.createPolicy(r -> r.policyName(policy).policyDocument(SHADOW_POLICY));
        }
        return policy;
    }

    private static JsonObject json(Received received) {
        return TestEnvironment.json(received.payload());
    }

    private static Paho connect(Device device, Inbox inbox, boolean clean) throws Exception {
        MqttClient client = new MqttClient(Mqtt.tlsUri(), device.thing, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(topic, message.getPayload(), message.getQos(), message.isRetained());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(Mqtt.socketFactory(device.identity));
        options.setCleanSession(clean);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(15);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(100);
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return new Paho(client);
    }

    /** A Paho MQTT 3.1.1 device. */
    static final class Paho implements AutoCloseable {
        final MqttClient client;

        Paho(MqttClient client) {
            this.client = client;
        }

        /** Subscribes at QoS 1 and checks that every subscription was granted. */
        void subscribe(String... filters) throws MqttException {
            int[] qos = new int[filters.length];
            java.util.Arrays.fill(qos, 1);
            IMqttToken token = client.subscribeWithResponse(filters, qos);
            for (int i = 0; i < filters.length; i++) {
                assertThat(token.getGrantedQos()[i])
                        .as("SUBACK for " + filters[i])
                        .isEqualTo(1);
            }
        }

        int subscribeReturnCode(String filter) throws MqttException {
            return client.subscribeWithResponse(new String[] {filter}, new int[] {1})
                    .getGrantedQos()[0];
        }

        void publish(String topic, String payload) throws MqttException {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
            client.close(true);
        }
    }
}
