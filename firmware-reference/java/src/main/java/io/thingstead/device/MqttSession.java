package io.thingstead.device;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;

/**
 * One MQTT 5 connection over mutual TLS (Eclipse Paho), blocking where a device wants certainty: connect, subscribe
 * and QoS 1 publish all wait for the broker's acknowledgement. Handlers run on Paho's callback thread.
 */
public final class MqttSession implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final MqttAsyncClient client;
    private final Map<String, BiConsumer<String, byte[]>> handlers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> lost = new CompletableFuture<>();

    private MqttSession(MqttAsyncClient client) {
        this.client = client;
    }

    /**
     * Connects with a persistent session ({@code cleanStart=false}, one hour expiry): while the device is away the
     * broker keeps its subscriptions and queues QoS 1 messages for it.
     */
    public static MqttSession connect(String serverUri, String clientId, SSLSocketFactory tls, boolean persistent)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        MqttSession session = new MqttSession(client);
        client.setCallback(session.callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls);
        options.setCleanStart(!persistent);
        if (persistent) {
            options.setSessionExpiryInterval(3600L);
        }
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(false); // the device reconnects itself, with backoff and jitter
        options.setConnectionTimeout((int) TIMEOUT.toSeconds());
        client.connect(options).waitForCompletion(TIMEOUT.toMillis());
        return session;
    }

    /**
     * Subscribes at QoS 1 and routes messages on {@code topic} to {@code handler}; {@code topic} may be a filter with
     * wildcards (a message on a topic subscribed exactly goes to that handler first).
     */
    public void subscribe(String topic, BiConsumer<String, byte[]> handler) throws MqttException {
        handlers.put(topic, handler);
        IMqttToken token = client.subscribe(new MqttSubscription(topic, 1));
        token.waitForCompletion(TIMEOUT.toMillis());
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            handlers.remove(topic);
            throw new MqttException(codes[0]);
        }
    }

    /** Publishes at QoS 1 and waits for the PUBACK; an MQTT 5 error reason code fails it. */
    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(TIMEOUT.toMillis());
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            throw new MqttException(codes[0]);
        }
    }

    public void publish(String topic, String json) throws MqttException {
        publish(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isConnected() {
        return client.isConnected() && !lost.isDone();
    }

    /** Completes with the reason when the connection is lost. */
    public CompletableFuture<String> lost() {
        return lost;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (MqttException e) {
            // closing anyway
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                // nothing more to do
            }
        }
    }

    private MqttCallback callback() {
        return new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                lost.complete("disconnected by the broker: " + response.getReasonString() + " ("
                        + response.getReturnCode() + ")");
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                lost.complete("MQTT error: " + exception.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                BiConsumer<String, byte[]> handler = handlers.get(topic);
                if (handler == null) {
                    for (Map.Entry<String, BiConsumer<String, byte[]>> entry : handlers.entrySet()) {
                        if (MqttTopicValidator.isMatched(entry.getKey(), topic)) {
                            handler = entry.getValue();
                            break;
                        }
                    }
                }
                if (handler != null) {
                    handler.accept(topic, message.getPayload());
                }
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        };
    }

    /** For the connection loss that Paho reports only as a failed token. */
    void markLost(String reason) {
        lost.complete(reason);
    }
}
