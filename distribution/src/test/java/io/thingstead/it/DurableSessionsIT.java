package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The gateway's file persistence (ADR 0012) with a real server process: an offline persistent MQTT 5 session (clean
 * start false, session expiry 1 h, QoS 1 subscription) gets every QoS 1 message the broker acknowledged to the
 * publisher, and a retained message stays, across a {@code kill -9} of WildFly and then across a graceful restart,
 * on the same data folder and database. Counted on the subscriber's side: at least once, duplicates counted and
 * printed, none missing.
 */
class DurableSessionsIT {
    /** The test server's offset + 1500 (ServerZipIT uses + 1400, ManualInstallIT + 1200). */
    private static final int OFFSET = Integer.getInteger("thingstead.port.offset", 10000) + 1500;

    private static final int MESSAGES = 300;

    @Test
    void acknowledgedMessagesAndRetainedMessagesSurviveKillNineAndRestart() throws Exception {
        long started = System.nanoTime();
        Path home = Installation.freshZip("durable-sessions");

        try (Installation server = new Installation(home, OFFSET, "it_durable")) {
            server.freshSchema();
            Map<String, String> env = server.zipEnvironment();
            server.start(env);
            server.awaitReady();
            assertThat(Files.readString(home.resolve("standalone/log/server.log")))
                    .contains("keeps sessions and retained messages in files under");

            Map<String, String> credentials = server.operatorCredentials();
            String run = UUID.randomUUID().toString().substring(0, 8);
            String topic = "durable/" + run + "/reading";
            String retainedTopic = "durable-retained/" + run;
            Mqtt.Identity subscriberIdentity;
            Mqtt.Identity publisherIdentity;
            try (IotClient iot = iot(server, credentials)) {
                String policy = "durable-" + run;
                iot.createPolicy(r -> r.policyName(policy)
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\",\"iot:Publish\","
                                + "\"iot:Receive\",\"iot:Subscribe\",\"iot:RetainPublish\"],\"Resource\":\"*\"}]}"));
                subscriberIdentity = Mqtt.Identity.create(iot);
                publisherIdentity = Mqtt.Identity.create(iot);
                for (Mqtt.Identity identity : new Mqtt.Identity[] {subscriberIdentity, publisherIdentity}) {
                    iot.attachPolicy(r -> r.policyName(policy).target(identity.certificateArn()));
                }
            }
            String rootCa = TestEnvironment.get(server.http("/pki/root-ca.pem")).body();
            String subscriberId = "durable-sub-" + run;
            URI broker = URI.create("ssl://localhost:" + server.port(8883));
            SSLSocketFactory subscriberTls = Mqtt.socketFactory(subscriberIdentity, rootCa, "TLSv1.3");
            SSLSocketFactory publisherTls = Mqtt.socketFactory(publisherIdentity, rootCa, "TLSv1.3");

            // the persistent subscriber subscribes and goes away
            Receiver subscriber = new Receiver();
            MqttAsyncClient sub = subscriber.connect(broker, subscriberId, subscriberTls, false);
            sub.subscribe(topic, 1).waitForCompletion(20_000);
            sub.disconnect().waitForCompletion(10_000);
            sub.close(true);

            // 1. kill -9 after the PUBACKs
            Set<String> acknowledged = publish(broker, publisherTls, "publisher-" + run, topic, "k", MESSAGES);
            publishRetained(broker, publisherTls, "publisher-" + run, retainedTopic, "retained-1");
            server.kill();
            long restarted = System.nanoTime();
            server.start(env);
            server.awaitReady();
            System.out.printf("DurableSessionsIT: ready %s after the kill -9%n", Installation.since(restarted));
            Result afterKill = receiveAll(broker, subscriberId, subscriberTls, acknowledged, topic);
            System.out.printf(
                    "DurableSessionsIT kill -9: %d acknowledged, %d received (%d distinct, %d duplicates),"
                            + " session present %s%n",
                    acknowledged.size(),
                    afterKill.received,
                    afterKill.distinct,
                    afterKill.received - afterKill.distinct,
                    afterKill.sessionPresent);
            assertThat(afterKill.sessionPresent)
                    .as("the session survived kill -9")
                    .isTrue();
            assertThat(afterKill.missing)
                    .as("acknowledged but not delivered after kill -9")
                    .isEmpty();
            assertThat(retained(broker, publisherTls, "reader-1-" + run, retainedTopic))
                    .isEqualTo("retained-1");

            // 2. a graceful restart (SIGTERM to standalone.sh)
            acknowledged = publish(broker, publisherTls, "publisher-" + run, topic, "g", MESSAGES);
            publishRetained(broker, publisherTls, "publisher-" + run, retainedTopic, "retained-2");
            server.close();
            restarted = System.nanoTime();
            server.start(env);
            server.awaitReady();
            System.out.printf("DurableSessionsIT: ready %s after the graceful stop%n", Installation.since(restarted));
            Result afterRestart = receiveAll(broker, subscriberId, subscriberTls, acknowledged, topic);
            System.out.printf(
                    "DurableSessionsIT graceful restart: %d acknowledged, %d received (%d distinct, %d duplicates),"
                            + " session present %s%n",
                    acknowledged.size(),
                    afterRestart.received,
                    afterRestart.distinct,
                    afterRestart.received - afterRestart.distinct,
                    afterRestart.sessionPresent);
            assertThat(afterRestart.sessionPresent)
                    .as("the session survived a restart")
                    .isTrue();
            assertThat(afterRestart.missing)
                    .as("acknowledged but not delivered after a restart")
                    .isEmpty();
            assertThat(retained(broker, publisherTls, "reader-2-" + run, retainedTopic))
                    .isEqualTo("retained-2");
        }
        System.out.printf("DurableSessionsIT took %s%n", Installation.since(started));
    }

    private static IotClient iot(Installation server, Map<String, String> credentials) {
        return IotClient.builder()
                .endpointOverride(server.http(""))
                .region(Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(ApacheHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    /**
     * Publishes {@code count} QoS 1 messages one after the other and returns the payloads the broker acknowledged
     * with a success reason code (below 0x80): those are the ones the subscriber must get.
     */
    private static Set<String> publish(
            URI broker, SSLSocketFactory tls, String clientId, String topic, String prefix, int count)
            throws Exception {
        Receiver none = new Receiver();
        MqttAsyncClient client = none.connect(broker, clientId, tls, true);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < count; i++) {
                String payload = prefix + i;
                MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                IMqttToken token = client.publish(topic, message);
                token.waitForCompletion(20_000);
                int[] codes = token.getReasonCodes();
                if (token.getException() == null && (codes == null || codes.length == 0 || codes[0] < 0x80)) {
                    acknowledged.add(payload);
                }
            }
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close(true);
        }
        assertThat(acknowledged).as("PUBACKs with success").hasSize(count);
        return acknowledged;
    }

    private static void publishRetained(URI broker, SSLSocketFactory tls, String clientId, String topic, String text)
            throws Exception {
        MqttAsyncClient client = new Receiver().connect(broker, clientId, tls, true);
        try {
            MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            message.setRetained(true);
            IMqttToken token = client.publish(topic, message);
            token.waitForCompletion(20_000);
            assertThat(token.getException()).isNull();
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close(true);
        }
    }

    /** A fresh clean session subscribes to {@code topic} and returns the retained message it gets. */
    private static String retained(URI broker, SSLSocketFactory tls, String clientId, String topic) throws Exception {
        Receiver reader = new Receiver();
        MqttAsyncClient client = reader.connect(broker, clientId, tls, true);
        try {
            client.subscribe(topic, 1).waitForCompletion(20_000);
            Message message = reader.inbox.poll(20, TimeUnit.SECONDS);
            assertThat(message).as("a retained message on " + topic).isNotNull();
            assertThat(message.retained).isTrue();
            return message.payload;
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close(true);
        }
    }

    /**
     * The persistent subscriber comes back (clean start false): it must get every acknowledged message without
     * subscribing again, then a message published after its return (its subscription is still there).
     */
    private static Result receiveAll(
            URI broker, String clientId, SSLSocketFactory tls, Set<String> acknowledged, String topic)
            throws Exception {
        Receiver subscriber = new Receiver();
        MqttAsyncClient client = subscriber.connect(broker, clientId, tls, false);
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(acknowledged);
        int received = 0;
        Set<String> distinct = new java.util.HashSet<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                Message message = subscriber.inbox.poll(1, TimeUnit.SECONDS);
                if (message != null && message.topic.equals(topic)) {
                    received++;
                    distinct.add(message.payload);
                    missing.remove(message.payload);
                }
            }
            // the subscription itself survived: a new message reaches the session without a new SUBSCRIBE
            Set<String> live = publishOne(broker, tls, clientId + "-live", topic, "live-" + UUID.randomUUID());
            String liveMessage = live.iterator().next();
            long liveDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean liveArrived = false;
            while (!liveArrived && System.nanoTime() < liveDeadline) {
                Message message = subscriber.inbox.poll(1, TimeUnit.SECONDS);
                if (message == null) {
                    continue;
                }
                if (message.payload.equals(liveMessage)) {
                    liveArrived = true;
                } else if (message.topic.equals(topic)) {
                    received++;
                    distinct.add(message.payload);
                    missing.remove(message.payload);
                }
            }
            assertThat(liveArrived)
                    .as("a message published after the restart reaches the restored subscription")
                    .isTrue();
            return new Result(subscriber.sessionPresent, received, distinct.size(), Set.copyOf(missing));
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close(true);
        }
    }

    private static Set<String> publishOne(URI broker, SSLSocketFactory tls, String clientId, String topic, String text)
            throws Exception {
        MqttAsyncClient client = new Receiver().connect(broker, clientId, tls, true);
        try {
            MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            client.publish(topic, message).waitForCompletion(20_000);
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close(true);
        }
        return Set.of(text);
    }

    private record Result(boolean sessionPresent, int received, int distinct, Set<String> missing) {}

    private record Message(String topic, String payload, boolean retained) {}

    /** An MQTT 5 client whose deliveries go to {@link #inbox}. */
    private static final class Receiver implements MqttCallback {
        final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        boolean sessionPresent;

        MqttAsyncClient connect(URI broker, String clientId, SSLSocketFactory tls, boolean cleanStart)
                throws MqttException {
            MqttAsyncClient client = new MqttAsyncClient(broker.toString(), clientId, new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(tls);
            options.setCleanStart(cleanStart);
            options.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
            options.setConnectionTimeout(30);
            options.setKeepAliveInterval(60);
            options.setAutomaticReconnect(false);
            IMqttToken token = client.connect(options);
            token.waitForCompletion(30_000);
            sessionPresent = token.getSessionPresent();
            return client;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            inbox.add(
                    new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained()));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
