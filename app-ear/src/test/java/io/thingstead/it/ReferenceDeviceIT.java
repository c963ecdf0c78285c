package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.device.Device;
import io.thingstead.device.DeviceConfig;
import io.thingstead.it.Mqtt.Identity;
import io.thingstead.it.Mqtt.Received;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
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
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.TemplateType;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * Issue 7's end-to-end checks over real MQTT: the Java reference device provisions itself by claim (CSR path),
 * reconnects with its own identity, reports its shadow, applies a desired change made through the REST data plane,
 * and loses no telemetry across a network cut; a device with a certificate from a registered CA is provisioned just
 * in time on its first connection; the claim certificate can do nothing but provision, and provisioning answers reach
 * only the requesting client.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReferenceDeviceIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ROLE = "arn:aws:iam::000000000000:role/Provisioning";
    private static final String DEVICE_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": ["arn:aws:iot:*:*:topic/dt/${iot:Connection.Thing.ThingName}/*",
                            "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"]},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"}
            ]}""";

    private static IotClient iot;
    private static IotDataPlaneClient data;

    @TempDir
    Path directory;

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

    @Test
    void theReferenceDeviceProvisionsByClaimSyncsItsShadowAndLosesNoTelemetryAcrossANetworkCut() throws Exception {
        Mqtt.awaitGateway();
        String template = "ref-" + RUN;
        Identity claim = claimIdentity(template);
        createFleetTemplate(template, "ref-");
        String serial = "SN-" + RUN;
        String thing = "ref-" + serial;

        Path certs = Files.createDirectories(directory.resolve("certs"));
        Files.writeString(certs.resolve("root-ca.pem"), Mqtt.rootCaPem());
        Files.writeString(certs.resolve("claim.pem"), claim.certificatePem());
        Files.writeString(certs.resolve("claim.key"), claim.privateKeyPem());
        Files.writeString(
                directory.resolve("device.properties"), """
                endpoint=localhost
                port=%d
                root-ca=certs/root-ca.pem
                claim-certificate=certs/claim.pem
                claim-key=certs/claim.key
                template=%s
                serial=%s
                state-dir=state
                telemetry-interval=PT0.2S
                buffer-capacity=10000
                """.formatted(TestEnvironment.port(8883), template, serial));

        // the telemetry subscriber is connected straight to the gateway; the device goes through a cuttable link
        BlockingQueue<Received> telemetry = new LinkedBlockingQueue<>();
        try (CuttableProxy link = new CuttableProxy(new InetSocketAddress("localhost", TestEnvironment.port(8883)));
                Subscriber observer =
                        new Subscriber(adminIdentity(), "ref-observer-" + RUN, "dt/" + thing + "/#", telemetry)) {
            Files.writeString(
                    directory.resolve("device.properties"),
                    Files.readString(directory.resolve("device.properties"))
                            .replace("port=" + TestEnvironment.port(8883), "port=" + link.port()));
            Device device =
                    new Device(DeviceConfig.load(directory.resolve("device.properties"), Map.of()), Clock.systemUTC());
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    device.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                // provisioned by claim: a thing named by the template, its own certificate, stored 0600
                await("the device provisions itself", () -> Files.exists(directory.resolve("state/thing-name")));
                assertThat(Files.readString(directory.resolve("state/thing-name"))
                                .strip())
                        .isEqualTo(thing);
                assertThat(Files.getPosixFilePermissions(directory.resolve("state/device.key")))
                        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
                assertThat(iot.describeThing(r -> r.thingName(thing)).thingName())
                        .isEqualTo(thing);
                String certificateArn = iot.listThingPrincipals(r -> r.thingName(thing))
                        .principals()
                        .getFirst();
                assertThat(iot.describeCertificate(r ->
                                        r.certificateId(certificateArn.substring(certificateArn.lastIndexOf('/') + 1)))
                                .certificateDescription()
                                .status())
                        .isEqualTo(CertificateStatus.ACTIVE);

                // shadow: reported on connect, a desired change through the REST data plane is applied and reported
                await(
                        "the device reports its state",
                        () -> reported(thing).map(r -> r.containsKey("color")).orElse(false));
                data.updateThingShadow(r -> r.thingName(thing)
                        .payload(SdkBytes.fromUtf8String("{\"state\":{\"desired\":{\"color\":\"green\"}}}")));
                await(
                        "the device applies the desired color",
                        () -> reported(thing)
                                .map(r -> "green".equals(r.getString("color", null)))
                                .orElse(false));

                // telemetry across a network cut: nothing lost, in order
                List<Long> sequences = new ArrayList<>();
                collect(telemetry, sequences, 5);
                link.cut();
                Thread.sleep(4000);
                long beforeRestore = sequences.getLast();
                link.restore();
                await("telemetry resumes", () -> {
                    collectQuietly(telemetry, sequences);
                    return sequences.getLast() > beforeRestore + 25;
                });
                List<Long> distinct = new ArrayList<>();
                for (Long sequence : sequences) {
                    if (distinct.isEmpty() || !distinct.getLast().equals(sequence)) {
                        distinct.add(sequence);
                    }
                }
                for (int i = 1; i < distinct.size(); i++) {
                    assertThat(distinct.get(i))
                            .as("telemetry sequence after %s (all: %s)", distinct.get(i - 1), distinct)
                            .isEqualTo(distinct.get(i - 1) + 1);
                }
            } finally {
                device.stop();
                link.cut();
                running.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aDeviceFromARegisteredCaIsProvisionedJustInTimeOnItsFirstConnection() throws Exception {
        Mqtt.awaitGateway();
        OpenSsl ssl = new OpenSsl(directory);
        String policy = "ref-jitp-" + RUN;
        iot.createPolicy(r -> r.policyName(policy).policyDocument(DEVICE_POLICY));
        String template = """
                {"Parameters": {"AWS::IoT::Certificate::CommonName": {"Type": "String"},
                                "AWS::IoT::Certificate::Id": {"Type": "String"}},
                 "Resources": {
                   "thing": {"Type": "AWS::IoT::Thing",
                             "Properties": {"ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"},
                                            "AttributePayload": {"provisioning": "jitp"}}},
                   "certificate": {"Type": "AWS::IoT::Certificate",
                                   "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                                                  "Status": "ACTIVE"}},
                   "policy": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyName": "%s"}}}}
                """.formatted(policy);
        registerCa(ssl, "ca", "/O=Factory/CN=Factory CA " + RUN, template);
        String thing = "jitp-" + RUN;
        ssl.issue("ca", "device", "/O=Factory/CN=" + thing);
        ssl.ok("pkcs8", "-topk8", "-nocrypt", "-in", "device.key", "-out", "device.p8");
        // as AWS recommends for JITP, the device presents its certificate together with the CA's
        Identity device =
                new Identity("jitp", "jitp", ssl.read("device.pem") + ssl.read("ca.pem"), ssl.read("device.p8"));

        assertThat(firstConnectionRefused(device, thing))
                .as("the first connection is refused while the device is being provisioned")
                .isTrue();
        assertThat(iot.describeThing(r -> r.thingName(thing)).attributes()).containsEntry("provisioning", "jitp");
        MqttClient reconnected = connect(device, thing);
        assertThat(reconnected.isConnected()).isTrue();
        reconnected.publish("dt/" + thing + "/hello", new byte[] {1}, 1, false);
        reconnected.disconnect();
        reconnected.close();

        // just-in-time registration (no template): registered PENDING_ACTIVATION, the registration event published,
        // and the device gets in once the operator (or a rule reacting to the event) activates it
        String jitrCa = registerCa(ssl, "jitr", "/O=Factory/CN=JITR CA " + RUN, null);
        String jitrThing = "jitr-" + RUN;
        ssl.issue("jitr", "jitr-device", "/O=Factory/CN=" + jitrThing);
        ssl.ok("pkcs8", "-topk8", "-nocrypt", "-in", "jitr-device.key", "-out", "jitr-device.p8");
        Identity jitrDevice = new Identity(
                "jitr", "jitr", ssl.read("jitr-device.pem") + ssl.read("jitr.pem"), ssl.read("jitr-device.p8"));
        BlockingQueue<Received> events = new LinkedBlockingQueue<>();
        try (Subscriber observer = new Subscriber(
                adminIdentity(), "jitr-observer-" + RUN, "$aws/events/certificates/registered/" + jitrCa, events)) {
            assertThat(firstConnectionRefused(jitrDevice, jitrThing)).isTrue();
            Received registered = events.poll(20, TimeUnit.SECONDS);
            assertThat(registered)
                    .as("$aws/events/certificates/registered/" + jitrCa)
                    .isNotNull();
            JsonObject event = TestEnvironment.json(registered.payload());
            assertThat(event.getString("caCertificateId")).isEqualTo(jitrCa);
            assertThat(event.getString("certificateStatus")).isEqualTo("PENDING_ACTIVATION");
            String certificateId = event.getString("certificateId");
            String arn = iot.describeCertificate(r -> r.certificateId(certificateId))
                    .certificateDescription()
                    .certificateArn();
            iot.updateCertificate(r -> r.certificateId(certificateId).newStatus(CertificateStatus.ACTIVE));
            iot.createThing(r -> r.thingName(jitrThing));
            iot.attachThingPrincipal(r -> r.thingName(jitrThing).principal(arn));
            iot.attachPolicy(r -> r.policyName(policy).target(arn));
            MqttClient activated = connect(jitrDevice, jitrThing);
            assertThat(activated.isConnected()).isTrue();
            activated.disconnect();
            activated.close();
        }
    }

    /** Connects until the gateway trusts the new CA (its trust store is refreshed); true when refused as AWS does. */
    private static boolean firstConnectionRefused(Identity device, String clientId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                MqttClient client = connect(device, clientId);
                client.disconnect();
                client.close();
                return false;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED) {
                    return true;
                }
                Thread.sleep(1000);
            }
        }
        return false;
    }

    private static String registerCa(OpenSsl ssl, String name, String subject, String templateBody) {
        ssl.selfSignedCa(name, subject, 30);
        String code = iot.getRegistrationCode(r -> {}).registrationCode();
        ssl.issue(name, name + "-verification", "/CN=" + code);
        return iot.registerCACertificate(r -> {
                    r.caCertificate(ssl.read(name + ".pem"))
                            .verificationCertificate(ssl.read(name + "-verification.pem"))
                            .setAsActive(true)
                            .allowAutoRegistration(true);
                    if (templateBody != null) {
                        r.registrationConfig(c -> c.templateBody(templateBody).roleArn(ROLE));
                    }
                })
                .certificateId();
    }

    @Test
    void theClaimCertificateMayOnlyProvisionAndAnswersReachOnlyTheRequester() throws Exception {
        Mqtt.awaitGateway();
        String template = "ref-claim-" + RUN;
        Identity claim = claimIdentity(template);
        createFleetTemplate(template, "claim-");
        BlockingQueue<Received> mine = new LinkedBlockingQueue<>();
        BlockingQueue<Received> theirs = new LinkedBlockingQueue<>();
        try (Subscriber other = new Subscriber(claim, "claim-other-" + RUN, "$aws/certificates/create/json/+", theirs);
                Subscriber requester =
                        new Subscriber(claim, "claim-requester-" + RUN, "$aws/certificates/create/json/+", mine)) {
            requester.client.publish("$aws/certificates/create/json", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
            Received answer = mine.poll(20, TimeUnit.SECONDS);
            assertThat(answer).isNotNull();
            assertThat(answer.topic()).isEqualTo("$aws/certificates/create/json/accepted");
            JsonObject created = TestEnvironment.json(answer.payload());
            assertThat(created.getString("privateKey")).contains("PRIVATE KEY");
            assertThat(created.getString("certificateOwnershipToken")).isNotEmpty();
            // the other device of the same factory, same claim certificate, does not see the key
            assertThat(theirs.poll(2, TimeUnit.SECONDS)).isNull();

            // anything but provisioning: MQTT 3.1.1 clients are disconnected for a denied publish
            assertThatThrownBy(() -> other.client.publish("dt/anything", new byte[] {1}, 1, false))
                    .isInstanceOf(MqttException.class);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A claim certificate under AWS's claim policy for {@code template}. */
    private static Identity claimIdentity(String template) {
        String policy = "claim-" + template;
        iot.createPolicy(r -> r.policyName(policy).policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"},
                  {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                   "Resource": ["arn:aws:iot:*:*:topic/$aws/certificates/create/*",
                                "arn:aws:iot:*:*:topic/$aws/certificates/create-from-csr/*",
                                "arn:aws:iot:*:*:topic/$aws/provisioning-templates/%s/provision/*"]},
                  {"Effect": "Allow", "Action": "iot:Subscribe",
                   "Resource": ["arn:aws:iot:*:*:topicfilter/$aws/certificates/create/*",
                                "arn:aws:iot:*:*:topicfilter/$aws/certificates/create-from-csr/*",
                                "arn:aws:iot:*:*:topicfilter/$aws/provisioning-templates/%s/provision/*"]}
                ]}""".formatted(template, template)));
        Identity claim = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(policy).target(claim.certificateArn()));
        return claim;
    }

    /** A fleet template: thing {@code <prefix><SerialNumber>}, the certificate activated, the device policy. */
    private static void createFleetTemplate(String template, String prefix) {
        String policy = "device-" + template;
        iot.createPolicy(r -> r.policyName(policy).policyDocument(DEVICE_POLICY));
        String body = """
                {"Parameters": {"SerialNumber": {"Type": "String"},
                                "AWS::IoT::Certificate::Id": {"Type": "String"}},
                 "Resources": {
                   "thing": {"Type": "AWS::IoT::Thing",
                             "Properties": {"ThingName": {"Fn::Join": ["", ["%s", {"Ref": "SerialNumber"}]]},
                                            "AttributePayload": {"serial": {"Ref": "SerialNumber"}}}},
                   "certificate": {"Type": "AWS::IoT::Certificate",
                                   "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                                                  "Status": "Active"}},
                   "policy": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyName": "%s"}}}}
                """.formatted(prefix, policy);
        iot.createProvisioningTemplate(r -> r.templateName(template)
                .type(TemplateType.FLEET_PROVISIONING)
                .templateBody(body)
                .enabled(true)
                .provisioningRoleArn(ROLE));
    }

    private static Identity adminIdentity() {
        String policy = "ref-admin-" + RUN;
        try {
            iot.createPolicy(r -> r.policyName(policy)
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}"));
        } catch (software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException e) {
            // created by an earlier test
        }
        Identity admin = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(policy).target(admin.certificateArn()));
        return admin;
    }

    private static java.util.Optional<JsonObject> reported(String thing) {
        try {
            JsonObject shadow = TestEnvironment.json(
                    data.getThingShadow(r -> r.thingName(thing)).payload().asUtf8String());
            JsonObject state = shadow.getJsonObject("state");
            return state == null || !state.containsKey("reported")
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(state.getJsonObject("reported"));
        } catch (software.amazon.awssdk.services.iotdataplane.model.ResourceNotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    private static void collect(BlockingQueue<Received> telemetry, List<Long> sequences, int atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sequences.size() < atLeast && System.nanoTime() < deadline) {
            Received message = telemetry.poll(1, TimeUnit.SECONDS);
            if (message != null) {
                sequences.add(TestEnvironment.json(message.payload())
                        .getJsonNumber("sequence")
                        .longValue());
            }
        }
        assertThat(sequences).as("telemetry before the cut").hasSizeGreaterThanOrEqualTo(atLeast);
    }

    private static void collectQuietly(BlockingQueue<Received> telemetry, List<Long> sequences) {
        Received message;
        while ((message = telemetry.poll()) != null) {
            sequences.add(TestEnvironment.json(message.payload())
                    .getJsonNumber("sequence")
                    .longValue());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(250);
        }
    }

    private static MqttClient connect(Identity identity, String clientId) throws Exception {
        MqttClient client = new MqttClient(Mqtt.tlsUri(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(Mqtt.socketFactory(identity));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(15);
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** An MQTT 3.1.1 subscriber collecting into a queue. */
    static final class Subscriber implements AutoCloseable {
        final MqttClient client;

        Subscriber(Identity identity, String clientId, String filter, BlockingQueue<Received> into) throws Exception {
            client = new MqttClient(Mqtt.tlsUri(), clientId, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    into.add(new Received(
                            topic,
                            new String(message.getPayload(), StandardCharsets.UTF_8),
                            message.getQos(),
                            message.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(Mqtt.socketFactory(identity));
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setConnectionTimeout(15);
            client.connect(options);
            int granted = client.subscribeWithResponse(new String[] {filter}, new int[] {1})
                    .getGrantedQos()[0];
            assertThat(granted).as("SUBACK for " + filter).isLessThan(0x80);
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
