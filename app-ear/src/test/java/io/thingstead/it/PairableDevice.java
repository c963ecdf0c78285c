package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.device.Device;
import io.thingstead.device.DeviceConfig;
import io.thingstead.it.Mqtt.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.TemplateType;

/**
 * The Java reference device, run in the test: provisioned by claim with a fleet template whose device configuration
 * hands it a pairing code ({@code Thingstead::Pairing::Code}), then connected with its own certificate, reporting its
 * shadow, applying desired state and sending telemetry, as a customer's device would.
 */
final class PairableDevice implements AutoCloseable {
    static final String ROLE = "arn:aws:iam::000000000000:role/Provisioning";
    static final String DEVICE_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": ["arn:aws:iot:*:*:topic/dt/${iot:Connection.Thing.ThingName}/*",
                            "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"]},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"}
            ]}""";

    final String thing;
    final Path state;
    private final Device device;
    private final CompletableFuture<Void> running;

    private PairableDevice(String thing, Path state, Device device, CompletableFuture<Void> running) {
        this.thing = thing;
        this.state = state;
        this.device = device;
        this.running = running;
    }

    /** Creates the template and claim certificate for {@code name}, and starts a device that provisions itself. */
    static PairableDevice start(IotClient iot, Path directory, String name, Duration telemetryInterval)
            throws Exception {
        Mqtt.awaitGateway();
        String template = "pairable-" + name;
        String devicePolicy = "device-" + template;
        iot.createPolicy(r -> r.policyName(devicePolicy).policyDocument(DEVICE_POLICY));
        String body = """
                {"Parameters": {"SerialNumber": {"Type": "String"}},
                 "Resources": {
                   "thing": {"Type": "AWS::IoT::Thing",
                             "Properties": {"ThingName": {"Fn::Join": ["", ["%s-", {"Ref": "SerialNumber"}]]}}},
                   "certificate": {"Type": "AWS::IoT::Certificate",
                                   "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                                                  "Status": "Active"}},
                   "policy": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyName": "%s"}}},
                 "DeviceConfiguration": {"pairingCode": {"Ref": "Thingstead::Pairing::Code"}}}
                """.formatted(name, devicePolicy);
        iot.createProvisioningTemplate(r -> r.templateName(template)
                .type(TemplateType.FLEET_PROVISIONING)
                .templateBody(body)
                .enabled(true)
                .provisioningRoleArn(ROLE));
        String claimPolicy = "claim-" + template;
        iot.createPolicy(r -> r.policyName(claimPolicy).policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"},
                  {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                   "Resource": ["arn:aws:iot:*:*:topic/$aws/certificates/create-from-csr/*",
                                "arn:aws:iot:*:*:topic/$aws/provisioning-templates/%s/provision/*"]},
                  {"Effect": "Allow", "Action": "iot:Subscribe",
                   "Resource": ["arn:aws:iot:*:*:topicfilter/$aws/certificates/create-from-csr/*",
                                "arn:aws:iot:*:*:topicfilter/$aws/provisioning-templates/%s/provision/*"]}
                ]}""".formatted(template, template)));
        Identity claim = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(claimPolicy).target(claim.certificateArn()));

        Path certs = Files.createDirectories(directory.resolve("certs"));
        Files.writeString(certs.resolve("root-ca.pem"), Mqtt.rootCaPem());
        Files.writeString(certs.resolve("claim.pem"), claim.certificatePem());
        Files.writeString(certs.resolve("claim.key"), claim.privateKeyPem());
        Files.writeString(directory.resolve("device.properties"), """
                endpoint=localhost
                port=%d
                root-ca=certs/root-ca.pem
                claim-certificate=certs/claim.pem
                claim-key=certs/claim.key
                template=%s
                serial=0001
                state-dir=state
                telemetry-interval=%s
                buffer-capacity=10000
                """.formatted(
                        TestEnvironment.port(8883), template, telemetryInterval));
        Device device =
                new Device(DeviceConfig.load(directory.resolve("device.properties"), Map.of()), Clock.systemUTC());
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                device.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path state = directory.resolve("state");
        await(
                "the device provisions itself and gets a pairing code",
                () -> Files.exists(state.resolve("pairing-code")));
        String thing = Files.readString(state.resolve("thing-name")).strip();
        assertThat(thing).isEqualTo(name + "-0001");
        return new PairableDevice(thing, state, device, running);
    }

    /** The code the device would show on its display or label. */
    String pairingCode() throws Exception {
        return Files.readString(state.resolve("pairing-code")).strip();
    }

    /** The owner the device heard of through its pairing shadow (empty: none). */
    String owner() {
        return device.owner();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws Exception {
        device.stop();
        running.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
    }
}
