package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.it.Mqtt.Identity;
import io.thingstead.it.Mqtt.Inbox;
import io.thingstead.it.Mqtt.Received;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
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
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;
import software.amazon.awssdk.services.iotdataplane.model.IotDataPlaneException;

/**
 * The device gateway with real MQTT clients (Paho 3.1.1 and 5) over real mutual TLS: certificates from the control
 * plane, policies with variables checked on CONNECT, PUBLISH, SUBSCRIBE and delivery, lifecycle events, client-id
 * takeover, revocation, persistent sessions, retained messages, reserved topics, limits, and the HTTPS data-plane
 * publish through the AWS SDK's {@link IotDataPlaneClient}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GatewayIT {
    private static final String DEVICE_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": "iot:Publish",
               "Resource": ["arn:aws:iot:*:*:topic/dt/${iot:Connection.Thing.ThingName}/*",
                            "arn:aws:iot:*:*:topic/cmd/${iot:Connection.Thing.ThingName}/*"]},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:*:*:topicfilter/cmd/${iot:Connection.Thing.ThingName}/*"},
              {"Effect": "Allow", "Action": "iot:Receive",
               "Resource": "arn:aws:iot:*:*:topic/cmd/${iot:Connection.Thing.ThingName}/*"}
            ]}""";
    private static final String ADMIN_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:*", "Resource": "*"}
            ]}""";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static IotClient iot;
    private static IotDataPlaneClient data;
    private static String devicePolicy;
    private static String adminPolicy;

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
    // Authentication

    @Test
    void aDeviceWithItsCertificateConnectsOverMqtt311AndMqtt5AndExchangesMessages() throws Exception {
        Device device = device("exchange");
        Inbox admin = new Inbox();
        try (var observer = v5(admin("exchange-observer"), "exchange-observer-" + RUN, admin)) {
            subscribe5(observer, "dt/" + device.thing + "/#", 1);
            try (var v3 = v3(device, device.thing, new Inbox())) {
                v3.publish(
                        "dt/" + device.thing + "/temperature",
                        "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8),
                        1,
                        false);
            }
            Received received = admin.next("dt/" + device.thing + "/");
            assertThat(received.topic()).isEqualTo("dt/" + device.thing + "/temperature");
            assertThat(received.payload()).isEqualTo("{\"t\":21.5}");
            assertThat(received.qos()).isEqualTo(1);

            try (var v5 = v5(device.identity, device.thing, new Inbox())) {
                assertThat(v5.publishReason(
                                "dt/" + device.thing + "/humidity", "40".getBytes(StandardCharsets.UTF_8), 1, false))
                        .isLessThan(0x80);
            }
            Received second = admin.next("dt/" + device.thing + "/");
            assertThat(second.topic()).isEqualTo("dt/" + device.thing + "/humidity");
            assertThat(second.payload()).isEqualTo("40");
        }
    }

    @Test
    void theClientIdMustNameTheThingAttachedToTheCertificateWhenThePolicySaysSo() throws Exception {
        Device device = device("clientid");
        assertThatThrownBy(() -> v3(device, "someone-else-" + RUN, new Inbox()))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        assertThatThrownBy(() -> v5(device.identity, "someone-else-5-" + RUN, new Inbox()))
                .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class)
                .satisfies(e -> assertThat(((org.eclipse.paho.mqttv5.common.MqttException) e).getReasonCode())
                        .isEqualTo(0x87));
        try (var ok = v5(device.identity, device.thing, new Inbox())) {
            assertThat(ok.client.isConnected()).isTrue();
        }
    }

    @Test
    void inactiveRevokedAndUnknownCertificatesAreRefused() throws Exception {
        Device inactive = device("inactive");
        iot.updateCertificate(
                r -> r.certificateId(inactive.identity.certificateId()).newStatus(CertificateStatus.INACTIVE));
        assertThatThrownBy(() -> v3(inactive, inactive.thing, new Inbox()))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));

        Device revoked = device("revoked");
        iot.updateCertificate(
                r -> r.certificateId(revoked.identity.certificateId()).newStatus(CertificateStatus.REVOKED));
        assertThatThrownBy(() -> v3(revoked, revoked.thing, new Inbox())).isInstanceOf(MqttException.class);

        // a certificate the gateway never issued or registered, from a CA it does not trust: no TLS session at all
        OpenSsl openssl = new OpenSsl(java.nio.file.Files.createTempDirectory("gw-unknown"));
        Identity stranger = openssl.selfSignedEcIdentity("stranger-" + RUN);
        assertThatThrownBy(() -> v3(stranger, "stranger-" + RUN, new Inbox())).isInstanceOf(MqttException.class);

        // no client certificate at all
        MqttClient anonymous = new MqttClient(Mqtt.tlsUri(), "anonymous-" + RUN, new MemoryPersistence());
        MqttConnectOptions options = options(Mqtt.socketFactory(null, Mqtt.rootCaPem(), "TLSv1.3"), true);
        assertThatThrownBy(() -> anonymous.connect(options)).isInstanceOf(MqttException.class);
        anonymous.close();
    }

    @Test
    void tls12AndTls13AreAcceptedAndTls11IsNot() throws Exception {
        Device device = device("tls");
        for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
            MqttClient client = new MqttClient(Mqtt.tlsUri(), device.thing, new MemoryPersistence());
            client.connect(options(Mqtt.socketFactory(device.identity, Mqtt.rootCaPem(), protocol), true));
            assertThat(client.isConnected()).as(protocol).isTrue();
            client.disconnect();
            client.close();
        }
        javax.net.ssl.SSLContext tls11 = javax.net.ssl.SSLContext.getInstance("TLS");
        tls11.init(null, null, null);
        try (var socket = (javax.net.ssl.SSLSocket)
                tls11.getSocketFactory().createSocket("localhost", TestEnvironment.port(8883))) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
        } catch (IllegalArgumentException e) {
            // this JDK cannot even offer TLS 1.1: the point (no TLS 1.1 session) holds
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Authorization

    @Test
    void aDeniedPublishDisconnectsAnMqtt311ClientAndIsRefusedWithReasonCodeForMqtt5() throws Exception {
        Device device = device("deny-pub");
        Inbox admin = new Inbox();
        try (var observer = v5(admin("deny-pub-observer"), "deny-pub-observer-" + RUN, admin)) {
            subscribe5(observer, "elsewhere/#", 1);
            Paho3 v3 = v3(device, device.thing, new Inbox());
            assertThatThrownBy(() -> v3.publish("elsewhere/" + RUN, new byte[] {1}, 1, false))
                    .isInstanceOf(MqttException.class);
            v3.awaitLost();
            v3.close();

            try (var v5 = v5(device.identity, device.thing, new Inbox())) {
                assertThat(v5.publishReason("elsewhere/" + RUN, new byte[] {2}, 1, false))
                        .isEqualTo(0x87);
                assertThat(v5.client.isConnected()).isTrue();
                // and the client can go on with what it may do
                assertThat(v5.publishReason("dt/" + device.thing + "/ok", new byte[] {3}, 1, false))
                        .isLessThan(0x80);
            }
            assertThat(admin.quietFor("elsewhere/", 1500)).isTrue();
        }
    }

    @Test
    void aDeniedSubscriptionGetsAFailureReturnCodeAndReceiveIsCheckedBeforeDelivery() throws Exception {
        Device device = device("deny-sub");
        Inbox inbox = new Inbox();
        try (var v3 = v3(device, device.thing, inbox);
                var admin = v5(admin("deny-sub-admin"), "deny-sub-admin-" + RUN, new Inbox())) {
            assertThat(v3.subscribe("other/" + RUN + "/#", 1)).isEqualTo(0x80);
            assertThat(v3.client.isConnected()).isTrue();
            assertThat(v3.subscribe("cmd/" + device.thing + "/#", 1)).isEqualTo(1);
            // the policy allows Subscribe on cmd/<thing>/* and Receive on cmd/<thing>/*
            assertThat(admin.publishReason(
                            "cmd/" + device.thing + "/reboot", "now".getBytes(StandardCharsets.UTF_8), 1, false))
                    .isLessThan(0x80);
            assertThat(inbox.next("cmd/" + device.thing + "/").payload()).isEqualTo("now");
        }
    }

    @Test
    void receiveIsEnforcedWhetherDecidedOncePerSubscriptionOrForEveryMessage() throws Exception {
        Device device = device("receive");
        Inbox inbox = new Inbox();
        String cmd = "cmd/" + device.thing;
        try (var v5 = v5(device.identity, device.thing, inbox);
                var admin = v5(admin("receive-admin"), "receive-admin-" + RUN, new Inbox())) {
            // cmd/<thing>/+ lies wholly under the Receive grant cmd/<thing>/*: decided once, at SUBSCRIBE
            subscribe5(v5, cmd + "/+", 1);
            assertThat(admin.publishReason(cmd + "/a", bytes("first"), 1, false))
                    .isLessThan(0x80);
            assertThat(inbox.next(cmd + "/").payload()).isEqualTo("first");

            // a policy denying part of it, attached while subscribed: that connection's deliveries are decided one by
            // one from then on (the change reaches the connection just after its transaction commits)
            String deny = "gw-deny-secret-" + RUN;
            iot.createPolicy(r -> r.policyName(deny).policyDocument("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Deny", "Action": "iot:Receive",
                       "Resource": "arn:aws:iot:*:*:topic/cmd/${iot:Connection.Thing.ThingName}/secret"}
                    ]}"""));
            iot.attachPolicy(r -> r.policyName(deny).target(device.identity.certificateArn()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; ; i++) {
                admin.publishReason(cmd + "/secret", bytes("s" + i), 1, false);
                admin.publishReason(cmd + "/ok", bytes("o" + i), 1, false);
                Received first = inbox.next(cmd + "/");
                if (first.topic().equals(cmd + "/ok")) {
                    assertThat(first.payload()).isEqualTo("o" + i);
                    break;
                }
                assertThat(inbox.next(cmd + "/ok").payload()).isEqualTo("o" + i);
                assertThat(System.nanoTime()).as("the Deny never took effect").isLessThan(deadline);
            }
            for (int i = 0; i < 3; i++) {
                admin.publishReason(cmd + "/secret", bytes("late" + i), 1, false);
                admin.publishReason(cmd + "/ok", bytes("last" + i), 1, false);
                Received next = inbox.next(cmd + "/");
                assertThat(next.topic()).isEqualTo(cmd + "/ok");
                assertThat(next.payload()).isEqualTo("last" + i);
            }
            String metrics =
                    TestEnvironment.get(TestEnvironment.management("/metrics")).body();
            assertThat(metrics).containsPattern("thingstead_gateway_deliveries_denied_total\\{[^}]*\\} [1-9]");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void devicesCannotPublishToPlatformEventsOrForeignReservedTopics() throws Exception {
        Identity adminIdentity = admin("reserved");
        try (var v5 = v5(adminIdentity, "reserved-" + RUN, new Inbox())) {
            // even an iot:* policy does not open $aws/events/... or unknown $aws topics to devices
            assertThat(v5.publishReason("$aws/events/presence/connected/" + RUN, new byte[] {1}, 1, false))
                    .isEqualTo(0x87);
            assertThat(v5.publishReason("$aws/unknown/" + RUN, new byte[] {1}, 1, false))
                    .isEqualTo(0x87);
            // the shadow topics of a thing are for devices
            assertThat(v5.publishReason("$aws/things/" + RUN + "/shadow/get", new byte[0], 1, false))
                    .isLessThan(0x80);
        }
    }

    @Test
    void retainedMessagesNeedRetainPublishAndReachLateSubscribers() throws Exception {
        Device device = device("retain");
        try (var v5Device = v5(device.identity, device.thing, new Inbox())) {
            // the device policy allows iot:Publish but not iot:RetainPublish
            assertThat(v5Device.publishReason("dt/" + device.thing + "/state", new byte[] {1}, 1, true))
                    .isEqualTo(0x87);
        }
        Inbox late = new Inbox();
        try (var admin = v5(admin("retain-admin"), "retain-admin-" + RUN, new Inbox())) {
            assertThat(admin.publishReason("status/" + RUN, "on".getBytes(StandardCharsets.UTF_8), 1, true))
                    .isLessThan(0x80);
        }
        try (var subscriber = v5(admin("retain-late"), "retain-late-" + RUN, late)) {
            subscribe5(subscriber, "status/" + RUN, 1);
            Received retained = late.next("status/" + RUN);
            assertThat(retained.payload()).isEqualTo("on");
            assertThat(retained.retained()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sessions, lifecycle, takeover, revocation

    @Test
    void lifecycleEventsCarryAwsFieldsAndConnectivityReachesFleetSearch() throws Exception {
        Device device = device("presence");
        Inbox events = new Inbox();
        try (var observer = v5(admin("presence-observer"), "presence-observer-" + RUN, events)) {
            subscribe5(observer, "$aws/events/presence/+/" + device.thing, 1);
            subscribe5(observer, "$aws/events/subscriptions/+/" + device.thing, 1);
            Paho3 v3 = v3(device, device.thing, new Inbox());
            JsonObject connected = TestEnvironment.json(
                    events.next("$aws/events/presence/connected/").payload());
            assertThat(connected.getString("clientId")).isEqualTo(device.thing);
            assertThat(connected.getString("eventType")).isEqualTo("connected");
            assertThat(connected.getString("principalIdentifier")).isEqualTo(device.identity.certificateId());
            assertThat(connected.getString("sessionIdentifier")).matches("[0-9a-f]{32}");
            assertThat(connected.getString("ipAddress")).isNotEmpty();
            assertThat(connected.getJsonNumber("timestamp").longValue()).isPositive();
            assertThat(connected.containsKey("versionNumber")).isTrue();

            v3.subscribe("cmd/" + device.thing + "/x", 1);
            JsonObject subscribed = TestEnvironment.json(
                    events.next("$aws/events/subscriptions/").payload());
            assertThat(subscribed.getString("eventType")).isEqualTo("subscribed");
            assertThat(subscribed.getJsonArray("topics").getString(0)).isEqualTo("cmd/" + device.thing + "/x");

            awaitSearch("connectivity.connected:true AND thingName:" + device.thing, 1);

            v3.client.disconnect();
            v3.close();
            JsonObject disconnected = TestEnvironment.json(
                    events.next("$aws/events/presence/disconnected/").payload());
            assertThat(disconnected.getString("eventType")).isEqualTo("disconnected");
            assertThat(disconnected.getString("disconnectReason")).isEqualTo("CLIENT_INITIATED_DISCONNECT");
            assertThat(disconnected.getBoolean("clientInitiatedDisconnect")).isTrue();
            assertThat(disconnected.getString("sessionIdentifier")).isEqualTo(connected.getString("sessionIdentifier"));

            awaitSearch("connectivity.connected:false AND thingName:" + device.thing, 1);
        }
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesOverTheFirst() throws Exception {
        Device device = device("takeover");
        Inbox events = new Inbox();
        try (var observer = v5(admin("takeover-observer"), "takeover-observer-" + RUN, events)) {
            subscribe5(observer, "$aws/events/presence/disconnected/" + device.thing, 1);
            Paho5 first = v5(device.identity, device.thing, new Inbox());
            try (var second = v5(device.identity, device.thing, new Inbox())) {
                MqttDisconnectResponse reason = first.awaitDisconnect();
                assertThat(reason.getReturnCode()).isEqualTo(0x8E); // Session taken over
                assertThat(second.client.isConnected()).isTrue();
                JsonObject event = TestEnvironment.json(
                        events.next("$aws/events/presence/disconnected/").payload());
                assertThat(event.getString("disconnectReason")).isEqualTo("DUPLICATE_CLIENTID");
            } finally {
                first.close();
            }
        }
    }

    @Test
    void revokingTheCertificateClosesItsConnection() throws Exception {
        Device device = device("revoke-live");
        Paho5 v5 = v5(device.identity, device.thing, new Inbox());
        try {
            iot.updateCertificate(
                    r -> r.certificateId(device.identity.certificateId()).newStatus(CertificateStatus.REVOKED));
            MqttDisconnectResponse reason = v5.awaitDisconnect();
            assertThat(reason).isNotNull();
            assertThat(v5.client.isConnected()).isFalse();
            assertThatThrownBy(() -> v5(device.identity, device.thing, new Inbox()))
                    .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
        } finally {
            v5.close();
        }
    }

    @Test
    void aPersistentSessionKeepsQos1MessagesForAnOfflineDevice() throws Exception {
        Device device = device("persistent");
        Inbox inbox = new Inbox();
        Paho3 session = v3(device, device.thing, inbox, false);
        assertThat(session.subscribe("cmd/" + device.thing + "/#", 1)).isEqualTo(1);
        session.client.disconnect();
        session.close();
        try (var admin = v5(admin("persistent-admin"), "persistent-admin-" + RUN, new Inbox())) {
            for (int i = 0; i < 5; i++) {
                assertThat(admin.publishReason(
                                "cmd/" + device.thing + "/n", ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false))
                        .isLessThan(0x80);
            }
        }
        try (var resumed = v3(device, device.thing, inbox, false)) {
            for (int i = 0; i < 5; i++) {
                assertThat(inbox.next("cmd/" + device.thing + "/").payload()).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void theWillMessageIsPublishedWhenADeviceVanishes() throws Exception {
        Device device = device("will");
        Inbox inbox = new Inbox();
        try (var observer = v5(admin("will-observer"), "will-observer-" + RUN, inbox)) {
            subscribe5(observer, "dt/" + device.thing + "/will", 1);
            MqttClient client = new MqttClient(Mqtt.tlsUri(), device.thing, new MemoryPersistence());
            MqttConnectOptions options = options(Mqtt.socketFactory(device.identity), true);
            options.setWill("dt/" + device.thing + "/will", "gone".getBytes(StandardCharsets.UTF_8), 1, false);
            client.connect(options);
            // a second connection with the client id ends the first without a DISCONNECT: the will goes out
            client.disconnectForcibly(0, 0, false);
            assertThat(inbox.next("dt/" + device.thing + "/will").payload()).isEqualTo("gone");
            client.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Limits

    @Test
    void aPayloadOverTheLimitIsRefusedAndTheConnectionSurvivesForMqtt5() throws Exception {
        Device device = device("limit");
        try (var v5 = v5(device.identity, device.thing, new Inbox())) {
            int reason = v5.publishReason("dt/" + device.thing + "/big", new byte[128 * 1024 + 1], 1, false);
            assertThat(reason).isGreaterThanOrEqualTo(0x80);
            assertThat(v5.publishReason("dt/" + device.thing + "/small", new byte[128 * 1024], 1, false))
                    .isLessThan(0x80);
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            // the broker may also end the connection for a packet above its maximum packet size, as AWS does
            assertThat(e.getReasonCode()).isNotZero();
        }
    }

    @Test
    void qos2IsDowngradedToQos1() throws Exception {
        Device device = device("qos2");
        Inbox inbox = new Inbox();
        try (var observer = v5(admin("qos2-observer"), "qos2-observer-" + RUN, inbox);
                var v3 = v3(device, device.thing, new Inbox())) {
            subscribe5(observer, "dt/" + device.thing + "/#", 2);
            v3.publish("dt/" + device.thing + "/q", new byte[] {7}, 1, false);
            assertThat(inbox.next("dt/" + device.thing + "/").qos()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aClientFloodingPublishesIsThrottledWhileOthersAreUnaffected() throws Exception {
        Device flooder = device("flood");
        Device neighbour = device("neighbour");
        Inbox observed = new Inbox();
        try (var observer = v5(admin("flood-observer"), "flood-observer-" + RUN, observed);
                var flood = v5(flooder.identity, flooder.thing, new Inbox());
                var calm = v3(neighbour, neighbour.thing, new Inbox())) {
            subscribe5(observer, "dt/" + flooder.thing + "/#", 0);
            subscribe5(observer, "dt/" + neighbour.thing + "/#", 1);
            int sent = 3000;
            long started = System.nanoTime();
            for (int i = 0; i < sent; i++) {
                flood.client.publish("dt/" + flooder.thing + "/flood", new byte[64], 0, false);
            }
            for (int i = 0; i < 10; i++) {
                calm.publish("dt/" + neighbour.thing + "/calm", ("c" + i).getBytes(StandardCharsets.UTF_8), 1, false);
            }
            int calmReceived = 0;
            int floodReceived = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (calmReceived < 10 && System.nanoTime() < deadline) {
                Received message = observed.next("dt/");
                if (message.topic().endsWith("/calm")) {
                    assertThat(message.payload()).isEqualTo("c" + calmReceived);
                    calmReceived++;
                } else {
                    floodReceived++;
                }
            }
            while (!observed.quietFor("dt/" + flooder.thing, 1500)) {
                floodReceived++;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(calmReceived).as("the neighbour's messages").isEqualTo(10);
            // 100 publishes/s per connection (AWS's limit) plus a burst of one second's worth
            assertThat(floodReceived)
                    .as("flood messages delivered in %.1f s", seconds)
                    .isLessThan(sent)
                    .isLessThanOrEqualTo((int) (100 * seconds) + 200);
            assertThat(flood.client.isConnected())
                    .as("a throttled MQTT 5 client stays connected")
                    .isTrue();
            String metrics =
                    TestEnvironment.get(TestEnvironment.management("/metrics")).body();
            assertThat(metrics).contains("thingstead_gateway_throttled_total");
            // the overload governor found HiveMQ's task queues and connections, and is not holding anybody back
            assertThat(metrics)
                    .containsPattern("thingstead_gateway_broker_tasks_queued\\{[^}]*\\} \\d")
                    .containsPattern("thingstead_gateway_overload_reads_paused\\{[^}]*\\} 0\\.0");
            assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(
                            System.getProperty("thingstead.server.dir"), "standalone/log/server.log")))
                    .doesNotContain("does not expose its task queues");
        }
    }

    @Test
    void mosquittoClientsWithCertificateFilesPublishAndSubscribe() throws Exception {
        Device subscriber = device("mosquitto-sub");
        Device publisher = device("mosquitto-pub");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gw-mosquitto");
        java.nio.file.Files.writeString(dir.resolve("root.pem"), Mqtt.rootCaPem());
        for (Device device : new Device[] {subscriber, publisher}) {
            java.nio.file.Files.writeString(dir.resolve(device.thing + ".pem"), device.identity.certificatePem());
            java.nio.file.Files.writeString(dir.resolve(device.thing + ".key"), device.identity.privateKeyPem());
        }
        Inbox events = new Inbox();
        try (var observer = v5(admin("mosquitto-observer"), "mosquitto-observer-" + RUN, events)) {
            subscribe5(observer, "$aws/events/subscriptions/subscribed/" + subscriber.thing, 1);
            subscribe5(observer, "dt/" + publisher.thing + "/#", 1);
            Process sub = mosquitto(
                    dir,
                    "mosquitto_sub",
                    subscriber,
                    "-t",
                    "cmd/" + subscriber.thing + "/#",
                    "-q",
                    "1",
                    "-C",
                    "1",
                    "-W",
                    "60");
            try {
                events.next("$aws/events/subscriptions/subscribed/" + subscriber.thing);
                assertThat(observer.publishReason(
                                "cmd/" + subscriber.thing + "/say",
                                "hello mosquitto".getBytes(StandardCharsets.UTF_8),
                                1,
                                false))
                        .isLessThan(0x80);
                assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                        .isEqualTo("hello mosquitto");
                assertThat(sub.exitValue()).isZero();
            } finally {
                sub.destroyForcibly();
            }

            Process pub = mosquitto(
                    dir,
                    "mosquitto_pub",
                    publisher,
                    "-t",
                    "dt/" + publisher.thing + "/reading",
                    "-q",
                    "1",
                    "-m",
                    "{\"v\":1}");
            assertThat(pub.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue())
                    .as(new String(pub.getInputStream().readAllBytes()))
                    .isZero();
            assertThat(events.next("dt/" + publisher.thing + "/").payload()).isEqualTo("{\"v\":1}");

            // a topic its policy does not allow: not delivered
            Process denied = mosquitto(dir, "mosquitto_pub", publisher, "-t", "elsewhere/" + RUN, "-q", "1", "-m", "x");
            assertThat(denied.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(events.quietFor("elsewhere/", 1500)).isTrue();
        }
    }

    private static Process mosquitto(java.nio.file.Path dir, String tool, Device device, String... arguments)
            throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                "/usr/bin/" + tool,
                "-h",
                "localhost",
                "-p",
                String.valueOf(TestEnvironment.port(8883)),
                "--cafile",
                dir.resolve("root.pem").toString(),
                "--cert",
                dir.resolve(device.thing + ".pem").toString(),
                "--key",
                dir.resolve(device.thing + ".key").toString(),
                "-i",
                device.thing,
                "-V",
                "mqttv311"));
        command.addAll(java.util.List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTPS data plane

    @Test
    void theHttpsDataPlanePublishReachesMqttSubscribersAndObeysTheReservedTopicRules() throws Exception {
        Inbox inbox = new Inbox();
        try (var subscriber = v5(admin("data-plane"), "data-plane-" + RUN, inbox)) {
            subscribe5(subscriber, "ops/" + RUN + "/#", 1);
            data.publish(r -> r.topic("ops/" + RUN + "/notice")
                    .qos(1)
                    .payload(SdkBytes.fromUtf8String("{\"hello\":\"devices\"}")));
            Received received = inbox.next("ops/" + RUN + "/");
            assertThat(received.topic()).isEqualTo("ops/" + RUN + "/notice");
            assertThat(received.payload()).isEqualTo("{\"hello\":\"devices\"}");

            assertThatThrownBy(() -> data.publish(
                            r -> r.topic("$aws/events/presence/connected/x").payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOf(IotDataPlaneException.class)
                    .satisfies(e ->
                            assertThat(((IotDataPlaneException) e).statusCode()).isEqualTo(401));
            assertThatThrownBy(() -> data.publish(r ->
                            r.topic("ops/" + RUN + "/big").payload(SdkBytes.fromByteArray(new byte[128 * 1024 + 1]))))
                    .isInstanceOf(IotDataPlaneException.class)
                    .satisfies(e ->
                            assertThat(((IotDataPlaneException) e).statusCode()).isEqualTo(413));
            assertThatThrownBy(() -> data.publish(r -> r.topic("ops/+/wild").payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOf(IotDataPlaneException.class)
                    .satisfies(e ->
                            assertThat(((IotDataPlaneException) e).statusCode()).isEqualTo(400));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // MQTT over WebSocket with an access token

    @Test
    void mqttOverWebSocketAuthenticatesWithAnAccessTokenUnderThePoliciesOfItsIdentity() throws Exception {
        String token = accessToken("alice", TestEnvironment.require("THINGSTEAD_TEST_USER_PASSWORD"));
        String subject = TestEnvironment.json(new String(
                        java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                .getString("sub");
        var credentials = Operator.credentials();
        String region =
                credentials.getOrDefault("AWS_DEFAULT_REGION", credentials.getOrDefault("AWS_REGION", "us-east-1"));
        String identityId = region + ":" + subject;
        String policy = "gw-app-" + RUN;
        iot.createPolicy(r -> r.policyName(policy).policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:*:*:client/app-*"},
                  {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                   "Resource": "arn:aws:iot:*:*:topic/app/%s/*"},
                  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:*:*:topicfilter/app/%s/*"}
                ]}""".formatted(RUN, RUN)));
        iot.attachPolicy(r -> r.policyName(policy).target(identityId));

        Inbox observed = new Inbox();
        try (var observer = v5(admin("ws-observer"), "ws-observer-" + RUN, observed)) {
            subscribe5(observer, "app/" + RUN + "/#", 1);
            Inbox inbox = new Inbox();
            try (var app = websocket("app-" + RUN, token, inbox)) {
                assertThat(app.subscribe("app/" + RUN + "/inbox", 1)).isEqualTo(1);
                app.publish("app/" + RUN + "/hello", "hi".getBytes(StandardCharsets.UTF_8), 1, false);
                assertThat(observed.next("app/" + RUN + "/").payload()).isEqualTo("hi");
                assertThat(observer.publishReason(
                                "app/" + RUN + "/inbox", "back".getBytes(StandardCharsets.UTF_8), 1, false))
                        .isLessThan(0x80);
                assertThat(inbox.next("app/" + RUN + "/inbox").payload()).isEqualTo("back");
                // the identity's policy does not reach other topics
                assertThat(app.subscribe("dt/#", 1)).isEqualTo(0x80);
            }
        }
        // a client id the policy does not allow, a forged token, no token
        assertThatThrownBy(() -> websocket("other-" + RUN, token, new Inbox()))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                ("{\"sub\":\"" + subject + "\",\"exp\":4102444800}").getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThatThrownBy(() -> websocket("app-forged-" + RUN, forged, new Inbox()))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        assertThatThrownBy(() -> websocket("app-none-" + RUN, null, new Inbox()))
                .isInstanceOf(MqttException.class);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fixtures

    record Device(String thing, Identity identity) {}

    /** An access token of the dev realm's public app client (password grant, allowed in the dev realm only). */
    private static String accessToken(String user, String password) throws Exception {
        String form = "grant_type=password&client_id=thingstead-app&scope=openid&username="
                + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        var response = TestEnvironment.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL") + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestEnvironment.json(response.body()).getString("access_token");
    }

    @Test
    void aWebSocketConnectionIsClosedWhenItsTokenExpires() throws Exception {
        String subject = subjectOf(accessToken("alice", TestEnvironment.require("THINGSTEAD_TEST_USER_PASSWORD")));
        var credentials = Operator.credentials();
        String region =
                credentials.getOrDefault("AWS_DEFAULT_REGION", credentials.getOrDefault("AWS_REGION", "us-east-1"));
        String identityId = region + ":" + subject;
        String policy = "gw-app-ttl-" + RUN;
        iot.createPolicy(r -> r.policyName(policy).policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:*:*:client/ttl-*"}
                ]}"""));
        iot.attachPolicy(r -> r.policyName(policy).target(identityId));
        try {
            Inbox events = new Inbox();
            String clientId = "ttl-" + RUN;
            try (var observer = v5(admin("ttl-observer"), "ttl-observer-" + RUN, events)) {
                subscribe5(observer, "$aws/events/presence/disconnected/" + clientId, 1);
                // a token of the app client that lives 30 s: Keycloak's per-client access token lifespan, set for
                // the moment it takes to get one
                String token;
                try (var shortTokens = KeycloakClientLifespan.set("thingstead-app", 30)) {
                    token = accessToken("alice", TestEnvironment.require("THINGSTEAD_TEST_USER_PASSWORD"));
                }
                var claims = claimsOf(token);
                java.time.Instant expiresAt = java.time.Instant.ofEpochSecond(
                        claims.getJsonNumber("exp").longValue());
                assertThat(claims.getJsonNumber("exp").longValue()
                                - claims.getJsonNumber("iat").longValue())
                        .as("the token's lifetime")
                        .isEqualTo(30);
                try (var app = websocket(clientId, token, new Inbox())) {
                    assertThat(app.client.isConnected()).isTrue();
                    Throwable cause = app.lost.get(
                            java.time.Duration.between(java.time.Instant.now(), expiresAt)
                                            .toSeconds()
                                    + 20,
                            TimeUnit.SECONDS);
                    java.time.Instant closedAt = java.time.Instant.now();
                    assertThat(closedAt)
                            .as("closed when the token expired, not before (%s)", cause)
                            .isAfterOrEqualTo(expiresAt.minusSeconds(1));
                    var event = TestEnvironment.json(
                            events.next("$aws/events/presence/disconnected/").payload());
                    assertThat(event.getString("clientId")).isEqualTo(clientId);
                    assertThat(event.getString("disconnectReason")).isEqualTo("CUSTOMAUTH_TTL_EXPIRATION");
                    assertThat(event.getBoolean("clientInitiatedDisconnect")).isFalse();
                }
                // the expired token cannot connect again
                assertThatThrownBy(() -> websocket(clientId + "-again", token, new Inbox()))
                        .isInstanceOf(MqttException.class)
                        .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                                .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
            }
            // and the client's lifespan is back to the realm's
            var next = claimsOf(accessToken("alice", TestEnvironment.require("THINGSTEAD_TEST_USER_PASSWORD")));
            assertThat(next.getJsonNumber("exp").longValue()
                            - next.getJsonNumber("iat").longValue())
                    .isGreaterThan(30);
        } finally {
            iot.detachPolicy(r -> r.policyName(policy).target(identityId));
        }
    }

    private static jakarta.json.JsonObject claimsOf(String token) {
        return TestEnvironment.json(
                new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String subjectOf(String token) {
        return claimsOf(token).getString("sub");
    }

    /** Sets a client's access token lifespan in the dev realm through Keycloak's admin API, and restores it. */
    private static final class KeycloakClientLifespan implements AutoCloseable {
        private static final String ATTRIBUTE = "access.token.lifespan";
        private final String base;
        private final String clientUrl;
        private final jakarta.json.JsonObject original;

        private KeycloakClientLifespan(String base, String clientUrl, jakarta.json.JsonObject original) {
            this.base = base;
            this.clientUrl = clientUrl;
            this.original = original;
        }

        static KeycloakClientLifespan set(String clientId, int seconds) throws Exception {
            String provider = TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL");
            String base = provider.substring(0, provider.indexOf("/realms/"));
            String realm = provider.substring(provider.indexOf("/realms/") + "/realms/".length());
            var found = TestEnvironment.json("{\"c\":"
                            + admin(base, "GET", "/admin/realms/" + realm + "/clients?clientId=" + clientId, null)
                            + "}")
                    .getJsonArray("c");
            assertThat(found).as("client " + clientId).hasSize(1);
            jakarta.json.JsonObject client = found.getJsonObject(0);
            String clientUrl = "/admin/realms/" + realm + "/clients/" + client.getString("id");
            var attributes = jakarta.json.Json.createObjectBuilder(
                            client.containsKey("attributes")
                                    ? client.getJsonObject("attributes")
                                    : jakarta.json.JsonValue.EMPTY_JSON_OBJECT)
                    .add(ATTRIBUTE, String.valueOf(seconds));
            admin(
                    base,
                    "PUT",
                    clientUrl,
                    jakarta.json.Json.createObjectBuilder(client)
                            .add("attributes", attributes)
                            .build()
                            .toString());
            return new KeycloakClientLifespan(base, clientUrl, client);
        }

        @Override
        public void close() throws Exception {
            var attributes = jakarta.json.Json.createObjectBuilder(
                    original.containsKey("attributes")
                            ? original.getJsonObject("attributes")
                            : jakarta.json.JsonValue.EMPTY_JSON_OBJECT);
            if (!original.containsKey("attributes")
                    || !original.getJsonObject("attributes").containsKey(ATTRIBUTE)) {
                // Keycloak keeps attributes a PUT leaves out; an empty value means "the realm's default"
                attributes.add(ATTRIBUTE, "");
            }
            admin(
                    base,
                    "PUT",
                    clientUrl,
                    jakarta.json.Json.createObjectBuilder(original)
                            .add("attributes", attributes)
                            .build()
                            .toString());
        }

        private static String admin(String base, String method, String path, String body) throws Exception {
            String form = "grant_type=password&client_id=admin-cli&username=admin&password="
                    + java.net.URLEncoder.encode(
                            TestEnvironment.require("THINGSTEAD_DEV_KEYCLOAK_ADMIN_PASSWORD"), StandardCharsets.UTF_8);
            var tokenResponse = TestEnvironment.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                    .build());
            assertThat(tokenResponse.statusCode()).as("Keycloak admin token").isEqualTo(200);
            String adminToken = TestEnvironment.json(tokenResponse.body()).getString("access_token");
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                    : java.net.http.HttpRequest.BodyPublishers.ofString(body));
            var response = TestEnvironment.send(request.build());
            assertThat(response.statusCode())
                    .as(method + " " + path + ": " + response.body())
                    .isLessThan(300);
            return response.body();
        }
    }

    /** Paho 3.1.1 over {@code wss://localhost:<8884 + offset>/mqtt}: no client certificate, the token as password. */
    private static Paho3 websocket(String clientId, String token, Inbox inbox) throws Exception {
        Mqtt.awaitGateway();
        MqttClient client = new MqttClient(
                "wss://localhost:" + TestEnvironment.port(8884) + "/mqtt", clientId, new MemoryPersistence());
        Paho3 paho = new Paho3(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                paho.lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(topic, message.getPayload(), message.getQos(), message.isRetained());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions options = options(Mqtt.socketFactory(null, Mqtt.rootCaPem(), "TLSv1.3"), true);
        options.setUserName("token");
        if (token != null) {
            options.setPassword(token.toCharArray());
        }
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return paho;
    }

    /** A thing with a fresh certificate attached, under the device policy. */
    private static Device device(String name) throws Exception {
        Mqtt.awaitGateway();
        String thing = "gw-" + name + "-" + RUN;
        iot.createThing(r -> r.thingName(thing));
        Identity identity = Identity.create(iot);
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(identity.certificateArn()));
        iot.attachPolicy(r -> r.policyName(devicePolicy()).target(identity.certificateArn()));
        return new Device(thing, identity);
    }

    /** A certificate under a policy that allows every action. */
    private static Identity admin(String name) throws Exception {
        Mqtt.awaitGateway();
        Identity identity = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(adminPolicy()).target(identity.certificateArn()));
        return identity;
    }

    private static synchronized String devicePolicy() {
        if (devicePolicy == null) {
            devicePolicy = "gw-device-" + RUN;
            iot.createPolicy(r -> r.policyName(devicePolicy).policyDocument(DEVICE_POLICY));
        }
        return devicePolicy;
    }

    private static synchronized String adminPolicy() {
        if (adminPolicy == null) {
            adminPolicy = "gw-admin-" + RUN;
            iot.createPolicy(r -> r.policyName(adminPolicy).policyDocument(ADMIN_POLICY));
        }
        return adminPolicy;
    }

    private static void awaitSearch(String query, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int found = -1;
        while (System.nanoTime() < deadline) {
            found = iot.searchIndex(r -> r.queryString(query)).things().size();
            if (found == expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("search '" + query + "' found " + found + " things, expected " + expected);
    }

    private static MqttConnectOptions options(SSLSocketFactory factory, boolean clean) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(factory);
        options.setCleanSession(clean);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(15);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        return options;
    }

    private static Paho3 v3(Device device, String clientId, Inbox inbox) throws Exception {
        return v3(device.identity, clientId, inbox, true);
    }

    private static Paho3 v3(Device device, String clientId, Inbox inbox, boolean clean) throws Exception {
        return v3(device.identity, clientId, inbox, clean);
    }

    private static Paho3 v3(Identity identity, String clientId, Inbox inbox) throws Exception {
        return v3(identity, clientId, inbox, true);
    }

    private static Paho3 v3(Identity identity, String clientId, Inbox inbox, boolean clean) throws Exception {
        MqttClient client = new MqttClient(Mqtt.tlsUri(), clientId, new MemoryPersistence());
        Paho3 paho = new Paho3(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                paho.lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(topic, message.getPayload(), message.getQos(), message.isRetained());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        try {
            client.connect(options(Mqtt.socketFactory(identity), clean));
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return paho;
    }

    /** A Paho MQTT 3.1.1 client. */
    static final class Paho3 implements AutoCloseable {
        final MqttClient client;
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        Paho3(MqttClient client) {
            this.client = client;
        }

        void publish(String topic, byte[] payload, int qos, boolean retain) throws MqttException {
            client.publish(topic, payload, qos, retain);
        }

        /** The granted QoS, or 0x80 for a refusal. */
        int subscribe(String filter, int qos) throws MqttException {
            IMqttToken token = client.subscribeWithResponse(new String[] {filter}, new int[] {qos});
            return token.getGrantedQos()[0];
        }

        void awaitLost() throws Exception {
            lost.get(20, TimeUnit.SECONDS);
            assertThat(client.isConnected()).isFalse();
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
            client.close(true);
        }
    }

    private static Paho5 v5(Identity identity, String clientId, Inbox inbox) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(
                Mqtt.tlsUri(), clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        Paho5 paho = new Paho5(client);
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                paho.disconnected.complete(response);
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                inbox.add(topic, message.getPayload(), message.getQos(), message.isRetained());
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(Mqtt.socketFactory(identity));
        options.setCleanStart(true);
        options.setConnectionTimeout(15);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        try {
            client.connect(options).waitForCompletion(20_000);
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            client.close(true);
            throw e;
        }
        return paho;
    }

    private static void subscribe5(Paho5 paho, String filter, int qos) throws Exception {
        org.eclipse.paho.mqttv5.client.IMqttToken token = paho.client.subscribe(filter, qos);
        token.waitForCompletion(20_000);
        assertThat(token.getReasonCodes()[0]).as("SUBACK for " + filter).isLessThan(0x80);
    }

    /** A Paho MQTT 5 client. */
    static final class Paho5 implements AutoCloseable {
        final IMqttAsyncClient client;
        final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();

        Paho5(IMqttAsyncClient client) {
            this.client = client;
        }

        /** The PUBACK's reason code (QoS 1), or the MQTT exception's. */
        int publishReason(String topic, byte[] payload, int qos, boolean retain) throws Exception {
            try {
                org.eclipse.paho.mqttv5.client.IMqttToken token = client.publish(topic, payload, qos, retain);
                token.waitForCompletion(20_000);
                int[] codes = token.getReasonCodes();
                return codes == null || codes.length == 0 ? 0 : codes[0];
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                return e.getReasonCode();
            }
        }

        MqttDisconnectResponse awaitDisconnect() throws Exception {
            return disconnected.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws org.eclipse.paho.mqttv5.common.MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
            client.close(true);
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
