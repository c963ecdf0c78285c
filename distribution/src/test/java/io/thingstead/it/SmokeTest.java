package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * What an operations team checks after an installation: readiness UP with every subsystem's check UP, the AWS SDK
 * creates a thing, a device connects over MQTT with its certificate (mutual TLS) and updates its shadow, and the
 * shadow's REST API returns the reported state.
 */
final class SmokeTest {
    private SmokeTest() {}

    static void run(Installation server, JsonObject readiness) throws Exception {
        assertThat(readiness.getString("status")).isEqualTo("UP");
        for (String subsystem : Installation.SUBSYSTEMS) {
            JsonObject check = readiness.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("name").equals(subsystem))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no readiness check " + subsystem + " in " + readiness));
            assertThat(check.getString("status")).as(subsystem).isEqualTo("UP");
        }

        Map<String, String> credentials = server.operatorCredentials();
        StaticCredentialsProvider operator = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY")));
        Region region = Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1"));
        URI endpoint = server.http("");
        String thing = "smoke-" + UUID.randomUUID().toString().substring(0, 8);

        try (IotClient iot = IotClient.builder()
                        .endpointOverride(endpoint)
                        .region(region)
                        .credentialsProvider(operator)
                        .httpClient(ApacheHttpClient.builder()
                                .socketTimeout(Duration.ofSeconds(30))
                                .build())
                        .build();
                IotDataPlaneClient data = IotDataPlaneClient.builder()
                        .endpointOverride(endpoint)
                        .region(region)
                        .credentialsProvider(operator)
                        .httpClient(ApacheHttpClient.builder()
                                .socketTimeout(Duration.ofSeconds(30))
                                .build())
                        .build()) {
            String arn = iot.createThing(r -> r.thingName(thing)).thingArn();
            assertThat(arn).endsWith(":thing/" + thing);
            assertThat(iot.describeThing(r -> r.thingName(thing)).thingName()).isEqualTo(thing);

            Mqtt.Identity device = Mqtt.Identity.create(iot);
            String policy = "smoke-" + thing;
            iot.createPolicy(r -> r.policyName(policy)
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"},"
                            + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],"
                            + "\"Resource\":\"*\"},"
                            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"*\"}]}"));
            iot.attachPolicy(r -> r.policyName(policy).target(device.certificateArn()));
            iot.attachThingPrincipal(r -> r.thingName(thing).principal(device.certificateArn()));

            String rootCa = TestEnvironment.get(server.http("/pki/root-ca.pem")).body();
            assertThat(rootCa).startsWith("-----BEGIN CERTIFICATE-----");
            MqttClient client = new MqttClient("ssl://localhost:" + server.port(8883), thing, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(Mqtt.socketFactory(device, rootCa, "TLSv1.3"));
            options.setConnectionTimeout(30);
            options.setCleanSession(true);
            Mqtt.Inbox inbox = new Mqtt.Inbox();
            client.connect(options);
            try {
                String prefix = "$aws/things/" + thing + "/shadow";
                client.subscribe(
                        prefix + "/update/+",
                        1,
                        (topic, message) ->
                                inbox.add(topic, message.getPayload(), message.getQos(), message.isRetained()));
                MqttMessage update =
                        new MqttMessage("{\"state\":{\"reported\":{\"firmware\":\"1.0.0\"}},\"clientToken\":\"smoke\"}"
                                .getBytes(StandardCharsets.UTF_8));
                update.setQos(1);
                client.publish(prefix + "/update", update);
                Mqtt.Received accepted = inbox.next(prefix + "/update/accepted");
                assertThat(accepted.payload())
                        .contains("\"firmware\":\"1.0.0\"")
                        .contains("\"clientToken\":\"smoke\"");
            } finally {
                client.disconnect();
                client.close();
            }

            String document =
                    data.getThingShadow(r -> r.thingName(thing)).payload().asUtf8String();
            assertThat(TestEnvironment.json(document)
                            .getJsonObject("state")
                            .getJsonObject("reported")
                            .getString("firmware"))
                    .isEqualTo("1.0.0");
        }
    }
}
