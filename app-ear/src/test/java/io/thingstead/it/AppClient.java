package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.it.Mqtt.Inbox;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An app of a signed-in person: an access token of the dev realm's public client {@code thingstead-app} (password
 * grant, allowed in the dev realm only) and an MQTT 5 connection over {@code wss://localhost:<8884 + offset>/mqtt}
 * with the token as password, as a browser's MQTT client makes it.
 */
final class AppClient implements AutoCloseable {
    final MqttAsyncClient client;
    final Inbox inbox = new Inbox();
    final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();

    private AppClient(MqttAsyncClient client) {
        this.client = client;
    }

    static String accessToken(String user, String password) throws Exception {
        String form = "grant_type=password&client_id=thingstead-app&scope=openid&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        var response = TestEnvironment.send(HttpRequest.newBuilder(URI.create(
                        TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL") + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestEnvironment.json(response.body()).getString("access_token");
    }

    /** The Cognito-style identity id the gateway gives the token's user: {@code <region>:<sub>} (a Keycloak UUID). */
    static String identityId(String token) throws Exception {
        String subject = TestEnvironment.json(
                        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                .getString("sub");
        var credentials = Operator.credentials();
        return credentials.getOrDefault("AWS_DEFAULT_REGION", credentials.getOrDefault("AWS_REGION", "us-east-1")) + ":"
                + subject;
    }

    static AppClient connect(String clientId, String token) throws Exception {
        Mqtt.awaitGateway();
        MqttAsyncClient client = new MqttAsyncClient(
                "wss://localhost:" + TestEnvironment.port(8884) + "/mqtt", clientId, new MemoryPersistence());
        AppClient app = new AppClient(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                app.disconnected.complete(response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                app.inbox.add(topic, message.getPayload(), message.getQos(), message.isRetained());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(Mqtt.socketFactory(null, Mqtt.rootCaPem(), "TLSv1.3"));
        options.setUserName("token");
        options.setPassword(token.getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setConnectionTimeout(15);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        try {
            client.connect(options).waitForCompletion(20_000);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return app;
    }

    /** The SUBACK's reason code for one filter (QoS 1 asked): 1 granted, 0x87 not authorized. */
    int subscribe(String filter) throws Exception {
        IMqttToken token = client.subscribe(filter, 1);
        token.waitForCompletion(20_000);
        return token.getReasonCodes()[0];
    }

    /** The PUBACK's reason code (QoS 1): 0 accepted, 0x87 not authorized. */
    int publish(String topic, String payload) throws Exception {
        try {
            IMqttToken token = client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            token.waitForCompletion(20_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    boolean connected() {
        return client.isConnected();
    }

    MqttDisconnectResponse awaitDisconnect() throws Exception {
        return disconnected.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5000);
        }
        client.close(true);
    }
}
