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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import software.amazon.awssdk.services.iot.model.JobProcessDetails;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;

/**
 * Measures AWS IoT Jobs: a job targeting a thing group of {@code --things} things, of which {@code --connected} are
 * connected devices (Paho 3.1.1 over mutual TLS, client id = thing name) that take their execution when {@code
 * notify-next} announces it and report {@code SUCCEEDED} on {@code $aws/things/<thing>/jobs/<jobId>/update}. The other
 * things are registered but offline, as most of a real fleet is at any moment: their executions are created and stay
 * QUEUED.
 *
 * <p>Prints as Markdown rows for docs/performance.md: executions created per second (from {@code DescribeJob}'s
 * {@code jobProcessDetails}, polled every 250 ms, until every target has one), the latency from {@code CreateJob}'s
 * request to each connected device's {@code notify-next} (p50/p99/max), and the latency from an execution update's
 * PUBLISH to its {@code /update/accepted} (the update is committed before it is accepted). With {@code
 * --per-minute N} the job has {@code jobExecutionsRolloutConfig.maximumPerMinute = N} and the tool prints the rate
 * reached per minute instead, which should be N.
 *
 * <pre>
 * java -cp ... io.thingstead.bench.JobsLoad --endpoint http://localhost:8080 --mqtt-port 8883 \
 *     --credentials .thingstead/wildfly/data/thingstead/operator-credentials.env \
 *     --things 10000 --connected 200 [--per-minute 1000]
 * </pre>
 *
 * The things, their group and one certificate under an allow-all policy (shared by the connected devices) are made
 * on the first run and reused ({@code --prefix}); every run creates a new job ({@code <prefix>-<millis>}) and leaves
 * it (DeleteJob with force removes it).
 */
public final class JobsLoad {
    private JobsLoad() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        URI endpoint = URI.create(options.get("endpoint", "http://localhost:8080"));
        String mqttHost = options.get("mqtt-host", "localhost");
        int mqttPort = options.integer("mqtt-port", 8883);
        Map<String, String> credentials = Credentials.read(
                Path.of(options.get("credentials", ".thingstead/wildfly/data/thingstead/operator-credentials.env")));
        int things = options.integer("things", 10_000);
        int connected = options.integer("connected", 200);
        int perMinute = options.integer("per-minute", 0);
        int setupThreads = options.integer("setup-threads", 16);
        long timeoutSeconds = options.number("timeout", 1800);
        String prefix = options.get("prefix", "jobs-bench");
        if (connected > things) {
            throw new IllegalArgumentException("--connected must be at most --things");
        }

        Region region = Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1"));
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY")));
        IotClient iot = IotClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(keys)
                .httpClient(
                        ApacheHttpClient.builder().maxConnections(setupThreads).build())
                .build();

        // the fleet: things in one static group (created once, reused)
        String group = prefix + "-group";
        try {
            iot.createThingGroup(r -> r.thingGroupName(group));
        } catch (ResourceAlreadyExistsException e) {
            // a previous run made it
        }
        long setupStart = System.nanoTime();
        ExecutorService setup = Executors.newFixedThreadPool(setupThreads);
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < things; i++) {
            String thing = thingName(prefix, i);
            created.add(setup.submit(() -> {
                iot.createThing(r -> r.thingName(thing)); // idempotent for an identical thing, as on AWS
                iot.addThingToThingGroup(r -> r.thingName(thing).thingGroupName(group));
                return null;
            }));
        }
        for (Future<?> f : created) {
            f.get();
        }
        setup.shutdown();
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        System.out.printf(
                "%d things in group %s (CreateThing + AddThingToThingGroup, %d in parallel): %.1f s, %.0f things/s%n",
                things, group, setupThreads, setupSeconds, things / setupSeconds);

        // the connected devices
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
        String jobId = prefix + "-" + System.currentTimeMillis();
        Stats stats = new Stats();
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < connected; i++) {
            Device device = new Device("ssl://" + mqttHost + ":" + mqttPort, thingName(prefix, i), jobId, stats);
            device.connect(tls);
            devices.add(device);
        }
        System.out.printf("%d devices connected and subscribed%n", connected);

        // the job
        long createdAt = System.nanoTime();
        stats.createdAt = createdAt;
        String groupArn = iot.describeThingGroup(r -> r.thingGroupName(group)).thingGroupArn();
        iot.createJob(r -> {
            r.jobId(jobId)
                    .targets(groupArn)
                    .targetSelection("SNAPSHOT")
                    .document("{\"operation\":\"bench\",\"createdAt\":" + System.currentTimeMillis() + "}");
            if (perMinute > 0) {
                r.jobExecutionsRolloutConfig(c -> c.maximumPerMinute(perMinute));
            }
        });
        long createReturned = System.nanoTime();
        List<long[]> progress = new ArrayList<>(); // {nanos since CreateJob, executions}
        long deadline = createdAt + timeoutSeconds * 1_000_000_000L;
        long executions = 0;
        while (executions < things && System.nanoTime() < deadline) {
            Thread.sleep(250);
            JobProcessDetails details =
                    iot.describeJob(r -> r.jobId(jobId)).job().jobProcessDetails();
            executions = sum(details);
            progress.add(new long[] {System.nanoTime() - createdAt, executions});
        }
        // the connected devices' updates: wait until every connected device reported (or 60 s)
        long waitUntil = System.nanoTime() + 60_000_000_000L;
        while (stats.updatesAccepted.get() + stats.updatesRejected.get() < connected && System.nanoTime() < waitUntil) {
            Thread.sleep(100);
        }
        JobProcessDetails last = iot.describeJob(r -> r.jobId(jobId)).job().jobProcessDetails();

        double allSeconds = progress.isEmpty() ? 0 : progress.getLast()[0] / 1e9;
        System.out.println();
        System.out.printf(
                "CreateJob answered in %.0f ms; executions: %d of %d in %.1f s%n",
                (createReturned - createdAt) / 1e6, executions, things, allSeconds);
        if (perMinute > 0) {
            System.out.println(
                    "| things | maximumPerMinute | executions | minutes | per minute reached |" + " busiest minute |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.printf(
                    "| %d | %d | %d | %.1f | %.0f | %d |%n",
                    things,
                    perMinute,
                    executions,
                    allSeconds / 60,
                    executions / (allSeconds / 60),
                    busiestMinute(progress));
        } else {
            System.out.println("| things | executions | seconds | executions/s |");
            System.out.println("|---|---|---|---|");
            System.out.printf("| %d | %d | %.1f | %.0f |%n", things, executions, allSeconds, executions / allSeconds);
        }
        long[] notify = stats.notifyLatencies();
        long[] update = stats.updateLatencies();
        System.out.println();
        System.out.println("| connected | notified | CreateJob → notify-next p50 / p99 / max (ms) | update → accepted"
                + " p50 / p99 / max (ms) | updates accepted / rejected |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(
                "| %d | %d | %.0f / %.0f / %.0f | %.1f / %.1f / %.1f | %d / %d |%n",
                connected,
                notify.length,
                Percentiles.millis(notify, 0.5),
                Percentiles.millis(notify, 0.99),
                notify.length == 0 ? 0 : notify[notify.length - 1] / 1e6,
                Percentiles.millis(update, 0.5),
                Percentiles.millis(update, 0.99),
                update.length == 0 ? 0 : update[update.length - 1] / 1e6,
                stats.updatesAccepted.get(),
                stats.updatesRejected.get());
        System.out.printf(
                "job %s: queued %d, in progress %d, succeeded %d, failed %d, rejected %d%n",
                jobId,
                last.numberOfQueuedThings(),
                last.numberOfInProgressThings(),
                last.numberOfSucceededThings(),
                last.numberOfFailedThings(),
                last.numberOfRejectedThings());
        boolean complete = executions == things && stats.updatesAccepted.get() == connected;
        devices.forEach(Device::close);
        iot.close();
        System.exit(complete ? 0 : 1);
    }

    static String thingName(String prefix, int i) {
        return String.format("%s-%05d", prefix, i);
    }

    static long sum(JobProcessDetails d) {
        return value(d.numberOfQueuedThings())
                + value(d.numberOfInProgressThings())
                + value(d.numberOfSucceededThings())
                + value(d.numberOfFailedThings())
                + value(d.numberOfRejectedThings())
                + value(d.numberOfCanceledThings())
                + value(d.numberOfRemovedThings())
                + value(d.numberOfTimedOutThings());
    }

    private static long value(Integer n) {
        return Optional.ofNullable(n).orElse(0);
    }

    /** The most executions created in any 60 s window of the progress samples. */
    static long busiestMinute(List<long[]> progress) {
        long best = 0;
        int from = 0;
        for (int to = 0; to < progress.size(); to++) {
            while (progress.get(to)[0] - progress.get(from)[0] > 60_000_000_000L) {
                from++;
            }
            long before = from == 0 ? 0 : progress.get(from - 1)[1];
            best = Math.max(best, progress.get(to)[1] - before);
        }
        return best;
    }

    /** One connected device: takes its execution of the job when notified and reports SUCCEEDED. */
    static final class Device implements MqttCallback {
        final MqttAsyncClient client;
        final String thing;
        final String jobId;
        final Stats stats;
        final AtomicLong updateSent = new AtomicLong();

        Device(String uri, String thing, String jobId, Stats stats) throws Exception {
            this.client = new MqttAsyncClient(uri, thing, new MemoryPersistence());
            this.thing = thing;
            this.jobId = jobId;
            this.stats = stats;
            client.setCallback(this);
        }

        void connect(SSLSocketFactory tls) throws Exception {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(tls);
            options.setCleanSession(true);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setConnectionTimeout(30);
            options.setKeepAliveInterval(60);
            client.connect(options).waitForCompletion(60_000);
            String topics = "$aws/things/" + thing + "/jobs/";
            client.subscribe(new String[] {topics + "notify-next", topics + jobId + "/update/+"}, new int[] {1, 1})
                    .waitForCompletion(60_000);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            long now = System.nanoTime();
            String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
            if (topic.endsWith("/notify-next")) {
                if (payload.contains("\"jobId\":\"" + jobId + "\"") && payload.contains("\"QUEUED\"")) {
                    if (stats.notified.putIfAbsent(thing, now - stats.createdAt) == null) {
                        updateSent.set(System.nanoTime());
                        client.publish(
                                "$aws/things/" + thing + "/jobs/" + jobId + "/update",
                                ("{\"status\":\"SUCCEEDED\",\"clientToken\":\"" + thing
                                                + "\",\"statusDetails\":{\"bench\":\"ok\"}}")
                                        .getBytes(StandardCharsets.UTF_8),
                                1,
                                false);
                    }
                }
            } else if (topic.endsWith("/update/accepted")) {
                stats.updates.add(now - updateSent.get());
                stats.updatesAccepted.incrementAndGet();
            } else if (topic.endsWith("/update/rejected")) {
                System.err.println(thing + ": update rejected: " + payload);
                stats.updatesRejected.incrementAndGet();
            }
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
            System.err.println(thing + " lost its connection: " + cause);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }

    static final class Stats {
        volatile long createdAt;
        final Map<String, Long> notified = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> updates = new ConcurrentLinkedQueue<>();
        final AtomicInteger updatesAccepted = new AtomicInteger();
        final AtomicInteger updatesRejected = new AtomicInteger();

        long[] notifyLatencies() {
            long[] values =
                    notified.values().stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(values);
            return values;
        }

        long[] updateLatencies() {
            long[] values = updates.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(values);
            return values;
        }
    }
}
