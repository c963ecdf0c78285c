package io.thingstead.bench;

import io.thingstead.bench.common.Credentials;
import io.thingstead.bench.common.DeviceTls;
import io.thingstead.bench.common.Options;
import io.thingstead.bench.common.Percentiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * Measures the Device Shadow service over MQTT: many connections (Paho 3.1.1 over mutual TLS) each update the
 * reported state of their own things on {@code $aws/things/<thing>/shadow/update} in a closed loop (a window of
 * requests in flight per connection, below AWS's 10), and wait for {@code /update/accepted}, which the service
 * publishes only after the update is committed to PostgreSQL. Prints persisted updates per second and the latency
 * from PUBLISH to {@code /update/accepted} as a Markdown row for docs/performance.md, then checks through the REST
 * data plane that the shadows' versions count every accepted update.
 *
 * <pre>
 * java -cp ... io.thingstead.bench.ShadowMqttLoad --endpoint http://localhost:8080 --mqtt-port 8883 \
 *     --credentials .thingstead/wildfly/data/thingstead/operator-credentials.env \
 *     --things 10000 --connections 400 --window 5 --warmup 15 --seconds 60
 * </pre>
 *
 * One certificate under a policy allowing everything serves every connection (client ids {@code shadow-bench-<n>});
 * the things need not be registered (shadows do not require a registry entry, as on AWS). Each connection subscribes
 * to the accepted and rejected topics of its own things only (AWS's 50 subscriptions per connection: things /
 * connections must be at most 25). Requests only go to the endpoint given; every phase stops by itself.
 */
public final class ShadowMqttLoad {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private ShadowMqttLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args).asMap();
        URI endpoint = URI.create(options.getOrDefault("endpoint", "http://localhost:8080"));
        String mqttHost = options.getOrDefault("mqtt-host", "localhost");
        int mqttPort = Integer.parseInt(options.getOrDefault("mqtt-port", "8883"));
        Map<String, String> credentials = Credentials.read(Path.of(
                options.getOrDefault("credentials", ".thingstead/wildfly/data/thingstead/operator-credentials.env")));
        int things = Integer.parseInt(options.getOrDefault("things", "10000"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "400"));
        int window = Integer.parseInt(options.getOrDefault("window", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "15"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        String prefix = options.getOrDefault("prefix", "shadow-bench");
        if (things % connections != 0 || 2 * (things / connections) > 50) {
            throw new IllegalArgumentException("things must be a multiple of connections, at most 25 per connection");
        }

        Region region = Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1"));
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY")));
        IotClient iot = IotClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(keys)
                .httpClient(ApacheHttpClient.builder().build())
                .build();
        IotDataPlaneClient data = IotDataPlaneClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(keys)
                .httpClient(ApacheHttpClient.builder().build())
                .build();

        String policy = prefix + "-all";
        try {
            iot.createPolicy(r -> r.policyName(policy)
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}"));
        } catch (ResourceAlreadyExistsException e) {
            // a previous run made it
        }
        CreateKeysAndCertificateResponse certificate = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachPolicy(r -> r.policyName(policy).target(certificate.certificateArn()));
        String rootCa = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(endpoint.resolve("/pki/root-ca.pem"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        SSLSocketFactory tls = DeviceTls.socketFactory(
                certificate.certificatePem(), certificate.keyPair().privateKey(), rootCa);

        int perConnection = things / connections;
        System.out.printf(
                "%d things, %d connections (%d things each), window %d, %d s warm-up, %d s measured%n",
                things, connections, perConnection, window, warmup, seconds);

        Stats stats = new Stats(40_000_000);
        List<Loader> loaders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            List<String> owned = new ArrayList<>();
            for (int i = c; i < things; i += connections) {
                owned.add(String.format("%s-%05d", prefix, i));
            }
            Loader loader =
                    new Loader("ssl://" + mqttHost + ":" + mqttPort, prefix + "-" + c, owned, window, tls, stats);
            loader.connect();
            loaders.add(loader);
            if (c % 50 == 49) {
                System.out.printf("%d connections up%n", c + 1);
            }
        }
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
        sweeper.scheduleAtFixedRate(() -> loaders.forEach(Loader::expire), 1, 1, TimeUnit.SECONDS);

        loaders.forEach(Loader::start);
        Thread.sleep(warmup * 1000L);
        stats.startMeasuring();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        Stats.Snapshot measured = stats.stopMeasuring();
        double elapsed = (System.nanoTime() - start) / 1e9;
        loaders.forEach(Loader::stop);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS) + 1000);
        sweeper.shutdownNow();

        long[] latencies = measured.latencies();
        Arrays.sort(latencies);
        System.out.println();
        System.out.println("| things | connections | window | accepted | rejected | timed out | updates/s | p50 (ms)"
                + " | p99 (ms) | max (ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf(
                "| %d | %d | %d | %d | %d | %d | %.0f | %.1f | %.1f | %.1f |%n",
                things,
                connections,
                window,
                measured.accepted(),
                measured.rejected(),
                measured.timedOut(),
                measured.accepted() / elapsed,
                Percentiles.millis(latencies, 0.50),
                Percentiles.millis(latencies, 0.99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        if (!measured.rejectedCodes().isEmpty()) {
            System.out.println("rejections by code: " + measured.rejectedCodes());
        }

        // persisted: every accepted update of a thing raised its shadow's version by one
        int checked = 0;
        int mismatched = 0;
        for (Loader loader : loaders) {
            if (checked >= 50) {
                break;
            }
            for (Map.Entry<String, AtomicLong> entry : loader.acceptedPerThing.entrySet()) {
                String body = data.getThingShadow(r -> r.thingName(entry.getKey()))
                        .payload()
                        .asUtf8String();
                long version = Long.parseLong(body.replaceAll("(?s).*\"version\":(\\d+).*", "$1"));
                long before = loader.versionsBefore.getOrDefault(entry.getKey(), 0L);
                if (version - before != entry.getValue().get()) {
                    mismatched++;
                    System.out.printf(
                            "%s: version %d (was %d), %d accepted%n",
                            entry.getKey(), version, before, entry.getValue().get());
                }
                checked++;
                break;
            }
        }
        System.out.printf(
                "persistence check: %d shadows read back, %d with a version that does not count every"
                        + " accepted update%n",
                checked, mismatched);
        loaders.forEach(Loader::close);
        iot.close();
        data.close();
        System.exit(0);
    }

    /** One MQTT connection updating its own things in a closed loop with a window of requests in flight. */
    static final class Loader implements MqttCallback {
        final MqttAsyncClient client;
        final List<String> things;
        final Semaphore window;
        final SSLSocketFactory tls;
        final Stats stats;
        final String clientId;
        final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> acceptedPerThing = new ConcurrentHashMap<>();
        final Map<String, Long> versionsBefore = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicLong sequence = new AtomicLong();
        Thread thread;

        Loader(String uri, String clientId, List<String> things, int window, SSLSocketFactory tls, Stats stats)
                throws Exception {
            this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
            this.clientId = clientId;
            this.things = things;
            this.window = new Semaphore(window);
            this.tls = tls;
            this.stats = stats;
            client.setCallback(this);
        }

        void connect() throws Exception {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(tls);
            options.setCleanSession(true);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setConnectionTimeout(30);
            options.setKeepAliveInterval(60);
            options.setMaxInflight(20);
            client.connect(options).waitForCompletion(60_000);
            List<String> filters = new ArrayList<>();
            for (String thing : things) {
                filters.add("$aws/things/" + thing + "/shadow/update/accepted");
                filters.add("$aws/things/" + thing + "/shadow/update/rejected");
            }
            for (int i = 0; i < filters.size(); i += 8) {
                List<String> part = filters.subList(i, Math.min(filters.size(), i + 8));
                int[] qos = new int[part.size()];
                Arrays.fill(qos, 1);
                client.subscribe(part.toArray(String[]::new), qos).waitForCompletion(60_000);
            }
        }

        void start() {
            running.set(true);
            thread = new Thread(this::loop, clientId);
            thread.setDaemon(true);
            thread.start();
        }

        void loop() {
            int next = ThreadLocalRandom.current().nextInt(things.size());
            while (running.get()) {
                try {
                    window.acquire();
                    if (!running.get()) {
                        window.release();
                        return;
                    }
                    String thing = things.get(next++ % things.size());
                    String token = clientId + "." + sequence.incrementAndGet();
                    String payload = "{\"state\":{\"reported\":{\"temperature\":"
                            + ThreadLocalRandom.current().nextInt(-200, 400) / 10.0 + ",\"seq\":" + sequence.get()
                            + "}},\"clientToken\":\"" + token + "\"}";
                    pending.put(token, System.nanoTime());
                    client.publish(
                            "$aws/things/" + thing + "/shadow/update",
                            payload.getBytes(StandardCharsets.UTF_8),
                            1,
                            false);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    stats.error();
                    window.release();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long now = System.nanoTime();
            String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
            String token = member(payload, "\"clientToken\":\"", '"');
            Long sent = token == null ? null : pending.remove(token);
            if (sent == null) {
                return; // an answer to a request that timed out
            }
            window.release();
            String thing = topic.substring("$aws/things/".length(), topic.indexOf("/shadow/"));
            if (topic.endsWith("/accepted")) {
                long version = Long.parseLong(member(payload, "\"version\":", ','));
                AtomicLong count = acceptedPerThing.computeIfAbsent(thing, t -> new AtomicLong());
                versionsBefore.putIfAbsent(thing, version - 1 - count.get());
                count.incrementAndGet();
                stats.accepted(now - sent);
            } else {
                stats.rejected(member(payload, "\"code\":", ','));
            }
        }

        void expire() {
            long now = System.nanoTime();
            pending.forEach((token, sent) -> {
                if (now - sent > TIMEOUT_NANOS && pending.remove(token, sent)) {
                    stats.timedOut();
                    window.release();
                }
            });
        }

        void stop() {
            running.set(false);
            window.release(1000);
        }

        void close() {
            try {
                client.disconnect().waitForCompletion(5000);
                client.close();
            } catch (Exception e) {
                // the run is over
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            System.err.println(clientId + " lost its connection: " + cause);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }

    /** Counts and latencies, kept only while measuring. */
    static final class Stats {
        private final AtomicLongArray latencies;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();
        private final AtomicLong timedOut = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final Map<String, AtomicLong> rejectedCodes = new ConcurrentHashMap<>();
        private volatile boolean measuring;

        record Snapshot(
                long accepted, long rejected, long timedOut, long[] latencies, Map<String, AtomicLong> rejectedCodes) {}

        Stats(int capacity) {
            latencies = new AtomicLongArray(capacity);
        }

        void startMeasuring() {
            measuring = true;
        }

        Snapshot stopMeasuring() {
            measuring = false;
            int n = Math.min(count.get(), latencies.length());
            long[] copy = new long[n];
            for (int i = 0; i < n; i++) {
                copy[i] = latencies.get(i);
            }
            return new Snapshot(accepted.get(), rejected.get(), timedOut.get(), copy, Map.copyOf(rejectedCodes));
        }

        void accepted(long nanos) {
            if (measuring) {
                accepted.incrementAndGet();
                int i = count.getAndIncrement();
                if (i < latencies.length()) {
                    latencies.set(i, nanos);
                }
            }
        }

        void rejected(String code) {
            if (measuring) {
                rejected.incrementAndGet();
                rejectedCodes
                        .computeIfAbsent(String.valueOf(code), c -> new AtomicLong())
                        .incrementAndGet();
            }
        }

        void timedOut() {
            if (measuring) {
                timedOut.incrementAndGet();
            }
        }

        void error() {
            errors.incrementAndGet();
        }
    }

    private static String member(String json, String prefix, char end) {
        int at = json.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        int from = at + prefix.length();
        int to = from;
        while (to < json.length() && json.charAt(to) != end && json.charAt(to) != '}') {
            to++;
        }
        return json.substring(from, to);
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
