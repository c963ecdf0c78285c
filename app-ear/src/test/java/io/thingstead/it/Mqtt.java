package io.thingstead.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * What a device needs to reach the gateway: a certificate and key from the control plane, the root CA published at
 * {@code /pki/root-ca.pem}, and TLS socket factories for real MQTT clients (Paho 3.1.1 and 5).
 */
public final class Mqtt {
    /** The broker starts right after the deployment: waits until its TLS port answers (at most 120 s). */
    static void awaitGateway() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", TestEnvironment.port(8883)), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the gateway's TLS port " + TestEnvironment.port(8883) + " never opened");
                }
                Thread.sleep(500);
            }
        }
    }

    private Mqtt() {}

    /** A device identity as CreateKeysAndCertificate returned it. */
    public record Identity(String certificateId, String certificateArn, String certificatePem, String privateKeyPem) {
        public static Identity create(IotClient iot) {
            CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(r -> r.setAsActive(true));
            return new Identity(
                    created.certificateId(),
                    created.certificateArn(),
                    created.certificatePem(),
                    created.keyPair().privateKey());
        }
    }

    /** {@code ssl://localhost:<8883 + offset>}: the server certificate names localhost. */
    public static String tlsUri() {
        return "ssl://localhost:" + TestEnvironment.port(8883);
    }

    public static String rootCaPem() throws Exception {
        return TestEnvironment.get(TestEnvironment.http("/pki/root-ca.pem")).body();
    }

    /** Trusts only the root CA; presents {@code identity} (its certificate PEM may hold a chain, device first). */
    public static SSLSocketFactory socketFactory(Identity identity) throws Exception {
        return socketFactory(identity, rootCaPem(), "TLSv1.3");
    }

    public static SSLSocketFactory socketFactory(Identity identity, String rootCaPem, String protocol)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", certificate(rootCaPem));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (identity != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "changeit".toCharArray();
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(
                            new ByteArrayInputStream(identity.certificatePem().getBytes(StandardCharsets.US_ASCII)))
                    .toArray(Certificate[]::new);
            keys.setKeyEntry("device", privateKey(identity.privateKeyPem()), password, chain);
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
        }
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    public static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static PrivateKey privateKey(String pem) throws Exception {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("expected a PKCS#8 key (the default EC P-256 keys)");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (java.security.spec.InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("not an EC or RSA PKCS#8 key");
    }

    /** A received message. */
    public record Received(String topic, String payload, int qos, boolean retained) {}

    /** Collects what a subscriber receives. */
    public static final class Inbox {
        private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
        private final List<Received> passedOver = new java.util.ArrayList<>();

        public void add(String topic, byte[] payload, int qos, boolean retained) {
            queue.add(new Received(topic, new String(payload, StandardCharsets.UTF_8), qos, retained));
        }

        /** The next message on a topic matching {@code topicPrefix}, skipping others; fails after 20 s. */
        public Received next(String topicPrefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                long left = deadline - System.nanoTime();
                Received message = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no message on " + topicPrefix + "* within 20 s");
                }
                if (message.topic().startsWith(topicPrefix)) {
                    return message;
                }
            }
        }

        /**
         * The first message, received or still to come within 20 s, on exactly {@code topic}: unlike {@link #next},
         * the messages it passes over stay for later calls, so events published in no particular order (as AWS
         * publishes them) can be awaited one by one.
         */
        public synchronized Received await(String topic) throws InterruptedException {
            for (var it = passedOver.iterator(); it.hasNext(); ) {
                Received message = it.next();
                if (message.topic().equals(topic)) {
                    it.remove();
                    return message;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                long left = deadline - System.nanoTime();
                Received message = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no message on " + topic + " within 20 s; passed over: "
                            + passedOver.stream().map(Received::topic).toList());
                }
                if (message.topic().equals(topic)) {
                    return message;
                }
                passedOver.add(message);
            }
        }

        /** Nothing on {@code topicPrefix} arrives within {@code millis}. */
        public boolean quietFor(String topicPrefix, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                Received message = queue.poll(left, TimeUnit.NANOSECONDS);
                if (message != null && message.topic().startsWith(topicPrefix)) {
                    return false;
                }
            }
        }
    }

    /**
     * A Paho MQTT 5 client connected over mutual TLS as {@code identity} (clean start, no reconnect); what it receives
     * goes to {@code inbox}.
     */
    public static V5 v5(Identity identity, String clientId, Inbox inbox) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttAsyncClient client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
                tlsUri(), clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

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
            public void authPacketArrived(
                    int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
        });
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions options =
                new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setSocketFactory(socketFactory(identity));
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
        return new V5(client);
    }

    /** A connected Paho MQTT 5 client; closing disconnects it. */
    public record V5(org.eclipse.paho.mqttv5.client.IMqttAsyncClient client) implements AutoCloseable {
        @Override
        public void close() throws org.eclipse.paho.mqttv5.common.MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close(true);
        }
    }
}
