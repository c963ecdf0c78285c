package io.thingstead.bench.gateway;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.thingstead.bench.common.Options;
import io.thingstead.bench.common.Percentiles;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * MQTT load over mutual TLS against the Thingstead gateway or any other broker (mosquitto side by side), with the
 * HiveMQ MQTT client (MQTT 3.1.1, asynchronous API, all connections on a few Netty threads).
 *
 * <pre>
 * --scenario setup    certificates + policy on Thingstead (see {@link Setup})
 * --scenario connect  --connections N --concurrency C: connects/s, CONNACK latency (connect, then DISCONNECT)
 * --scenario idle     --connections N --pid PID: hold N connections (keep-alive 300 s), server RSS per connection
 * --scenario fanin    --publishers P --qos 0|1 --rate R (0 = as fast as the in-flight window allows) --seconds S:
 *                     1 subscriber on bench/+/data (or --subscribe FILTER), delivered msgs/s and publish-to-delivery
 *                     latency
 * --scenario relay    --from FILTER --to PREFIX: what a user runs beside a broker without a rules engine: one client
 *                     subscribed to FILTER republishing each message to PREFIX/(the topic's 2nd level), same QoS
 * --scenario rule     --endpoint URL --credentials FILE --name NAME --sql SQL --republish TOPIC: creates (or
 *                     replaces) a Thingstead topic rule with a republish action (see {@link Setup#rule})
 * common: --label NAME --host localhost --port 8883 --ca FILE[,FILE] --certs DIR --cert-count N --sources K
 *         --netty-threads T
 * </pre>
 *
 * Every row printed starts with the label and ends with the 1-minute load average before and after the run.
 */
public final class GatewayLoad {
    private GatewayLoad() {}

    private static Map<String, String> options;
    private static String label;
    private static String host;
    private static int port;
    private static MqttClientExecutorConfig executor;
    private static TrustManagerFactory trust;
    private static KeyManagerFactory[] keys;
    private static InetAddress[] sources;
    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000, 36);

    public static void main(String[] args) throws Exception {
        options = Options.parse(args).asMap();
        String scenario = options.getOrDefault("scenario", "connect");
        if (scenario.equals("setup")) {
            Setup.run(options);
            return;
        }
        if (scenario.equals("rule")) {
            Setup.rule(options);
            return;
        }
        label = options.getOrDefault("label", "broker");
        host = options.getOrDefault("host", "localhost");
        port = Integer.parseInt(options.getOrDefault("port", "8883"));
        executor = MqttClientExecutorConfig.builder()
                .nettyThreads(Integer.parseInt(options.getOrDefault("netty-threads", "2")))
                .build();
        Path certs = Path.of(options.getOrDefault("certs", "bench/gateway/target/certs"));
        List<Path> cas = Arrays.stream(
                        options.getOrDefault("ca", certs.resolve("root-ca.pem").toString())
                                .split(","))
                .map(Path::of)
                .toList();
        trust = Tls.trust(cas);
        int certCount = Integer.parseInt(options.getOrDefault("cert-count", "200"));
        keys = new KeyManagerFactory[certCount];
        for (int i = 0; i < certCount; i++) {
            String name = String.format("cert-%04d", i);
            keys[i] = Tls.key(certs.resolve(name + ".pem"), certs.resolve(name + ".key"));
        }
        int sourceCount = Integer.parseInt(options.getOrDefault("sources", "0"));
        sources = new InetAddress[sourceCount];
        for (int i = 0; i < sourceCount; i++) {
            sources[i] = InetAddress.getByName("127.0.0." + (2 + i));
        }
        switch (scenario) {
            case "connect" -> connect();
            case "idle" -> idle();
            case "fanin" -> fanin();
            case "relay" -> relay();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        System.exit(0);
    }

    /**
     * The republish a user without a rules engine writes: one client subscribed to {@code --from}, republishing every
     * message unchanged to {@code --to}/(the message topic's second level) at the same QoS, until killed. Its own
     * JVM, so that its CPU is not the load generator's; what the broker does for it is in the broker's CPU.
     */
    private static void relay() throws Exception {
        MqttQos qos = MqttQos.fromCode(Integer.parseInt(options.getOrDefault("qos", "1")));
        String from = options.getOrDefault("from", "bench/+/data");
        String to = options.getOrDefault("to", "bench/out");
        Mqtt3AsyncClient relay = client("bench-relay-" + RUN, 1, executor);
        connectClient(relay, 60).get(60, TimeUnit.SECONDS);
        AtomicLong relayed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        var subAck = relay.subscribeWith()
                .topicFilter(from)
                .qos(qos)
                .callback(publish -> {
                    String[] levels = publish.getTopic().toString().split("/", -1);
                    relay.publishWith()
                            .topic(to + "/" + (levels.length > 1 ? levels[1] : ""))
                            .qos(qos)
                            .payload(publish.getPayload().orElse(ByteBuffer.allocate(0)))
                            .send()
                            .whenComplete((result, error) -> {
                                if (error == null) {
                                    relayed.incrementAndGet();
                                } else if (failed.incrementAndGet() == 1) {
                                    System.out.println("first relay error: " + error);
                                }
                            });
                })
                .send()
                .get(60, TimeUnit.SECONDS);
        if (subAck.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
            throw new IllegalStateException("subscription refused: " + subAck);
        }
        System.out.printf("relaying %s -> %s/+ at QoS %d%n", from, to, qos.getCode());
        while (true) {
            Thread.sleep(10_000);
            System.out.printf("relayed %d, failed %d%n", relayed.get(), failed.get());
        }
    }

    // --- clients ---------------------------------------------------------------------------------------------------

    static Mqtt3AsyncClient client(String id, int index) {
        return client(id, index, executor);
    }

    static Mqtt3AsyncClient client(String id, int index, MqttClientExecutorConfig executor) {
        MqttClientSslConfig ssl = MqttClientSslConfig.builder()
                .trustManagerFactory(trust)
                .keyManagerFactory(keys[index % keys.length])
                .protocols(List.of(options.getOrDefault("tls", "TLSv1.3")))
                .handshakeTimeout(30, TimeUnit.SECONDS)
                .build();
        var transport = MqttClient.builder()
                .useMqttVersion3()
                .identifier(id)
                .executorConfig(executor)
                .transportConfig()
                .serverHost(host)
                .serverPort(port)
                .sslConfig(ssl)
                .socketConnectTimeout(30, TimeUnit.SECONDS)
                .mqttConnectTimeout(30, TimeUnit.SECONDS);
        if (sources.length > 0) {
            transport = transport.localAddress(sources[index % sources.length]);
        }
        return transport.applyTransportConfig().buildAsync();
    }

    static CompletableFuture<?> connectClient(Mqtt3AsyncClient client, int keepAlive) {
        return client.connectWith().keepAlive(keepAlive).cleanSession(true).send();
    }

    // --- connect ---------------------------------------------------------------------------------------------------

    private static void connect() throws Exception {
        int n = Integer.parseInt(options.getOrDefault("connections", "5000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "50"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "500"));
        if (warmup > 0) {
            connectWave("w", warmup, concurrency, false, null);
        }
        String pid = options.get("pid");
        double load = loadAverage();
        double serverCpu = cpuSeconds(pid);
        double dbCpu = dbCpuSeconds();
        double clientCpu = clientCpuSeconds();
        long start = System.nanoTime();
        Wave wave = connectWave("c", n, concurrency, false, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        serverCpu = cpuSeconds(pid) - serverCpu;
        dbCpu = dbCpuSeconds() - dbCpu;
        clientCpu = clientCpuSeconds() - clientCpu;
        long[] sorted = wave.latencies();
        int ok = sorted.length;
        System.out.println();
        System.out.println(
                "| broker | scenario | connects | errors | concurrency | connects/s | CONNACK p50 (ms) | p99 (ms)"
                        + " | max (ms) | server CPU per connect (ms) | client CPU per connect (ms) | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf(
                "| %s | mTLS connect+disconnect | %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %s | %.2f | %.2f → %.2f |%n",
                label,
                ok,
                wave.errors.get(),
                concurrency,
                ok / seconds,
                Percentiles.of(sorted, 0.50) / 1e6,
                Percentiles.of(sorted, 0.99) / 1e6,
                ok == 0 ? 0 : sorted[ok - 1] / 1e6,
                pid == null || ok == 0
                        ? "-"
                        : String.format("%.2f", serverCpu * 1000 / ok)
                                + (dbCpu > 0 ? String.format(" (db %.2f)", dbCpu * 1000 / ok) : ""),
                ok == 0 ? 0 : clientCpu * 1000 / ok,
                load,
                loadAverage());
        wave.printFirstError();
    }

    /** The connections of one wave: latencies, errors, and the clients when kept. */
    static final class Wave {
        final long[] latency;
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final Map<String, Integer> errorKinds = new ConcurrentHashMap<>();
        volatile Throwable firstError;

        Wave(int n) {
            latency = new long[n];
            Arrays.fill(latency, -1);
        }

        long[] latencies() {
            return Arrays.stream(latency).filter(l -> l >= 0).sorted().toArray();
        }

        void printFirstError() {
            if (firstError != null) {
                System.out.println("errors by kind: " + errorKinds + "; first: " + firstError);
            }
        }
    }

    /**
     * Connects n clients, at most {@code concurrency} handshakes in flight; each either disconnects at once (keep =
     * false) or stays and is stored in {@code kept}.
     */
    static Wave connectWave(String prefix, int n, int concurrency, boolean keep, Mqtt3AsyncClient[] kept)
            throws InterruptedException {
        Wave wave = new Wave(n);
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(n);
        int keepAlive = Integer.parseInt(options.getOrDefault("keep-alive", keep ? "300" : "60"));
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= n) {
                return;
            }
            Mqtt3AsyncClient client = client("bench-" + prefix + "-" + RUN + "-" + i, i);
            long before = System.nanoTime();
            connectClient(client, keepAlive).whenComplete((ack, error) -> {
                if (error == null) {
                    wave.latency[i] = System.nanoTime() - before;
                    if (keep) {
                        kept[i] = client;
                    } else {
                        client.disconnect();
                    }
                } else {
                    wave.errors.incrementAndGet();
                    wave.errorKinds.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                    if (wave.firstError == null) {
                        wave.firstError = error;
                    }
                }
                finished.countDown();
                step[0].run();
            });
        };
        for (int c = 0; c < Math.min(concurrency, n); c++) {
            step[0].run();
        }
        finished.await();
        return wave;
    }

    // --- idle ------------------------------------------------------------------------------------------------------

    private static void idle() throws Exception {
        int n = Integer.parseInt(options.getOrDefault("connections", "10000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "20"));
        int settle = Integer.parseInt(options.getOrDefault("settle", "30"));
        int hold = Integer.parseInt(options.getOrDefault("hold", "30"));
        String pid = options.get("pid");
        boolean jvm = "true".equals(options.get("jvm-heap"));
        double load = loadAverage();
        long rssBefore = rss(pid);
        long heapBefore = jvm ? heapAfterGc(pid) : -1;
        Mqtt3AsyncClient[] clients = new Mqtt3AsyncClient[n];
        long start = System.nanoTime();
        Wave wave = connectWave("i", n, concurrency, true, clients);
        double seconds = (System.nanoTime() - start) / 1e9;
        int connected = wave.latencies().length;
        System.out.printf(
                "%d of %d connected in %.1f s (%d errors); settling %d s%n",
                connected, n, seconds, wave.errors.get(), settle);
        wave.printFirstError();
        Thread.sleep(settle * 1000L);
        long rssAfter = rss(pid);
        long heapAfter = jvm ? heapAfterGc(pid) : -1;
        Thread.sleep(hold * 1000L);
        int still = 0;
        for (Mqtt3AsyncClient c : clients) {
            if (c != null && c.getState().isConnected()) {
                still++;
            }
        }
        long rssEnd = rss(pid);
        System.out.println();
        System.out.println(
                "| broker | scenario | held | still connected after hold | server RSS before (MiB) | after (MiB) | per connection (KiB) | live heap per connection (KiB) | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        System.out.printf(
                "| %s | idle, keep-alive 300 s | %d | %d (+%d s) | %.0f | %.0f (%.0f at end) | %.1f | %s | %.2f → %.2f |%n",
                label,
                connected,
                still,
                settle + hold,
                rssBefore / 1024.0,
                rssAfter / 1024.0,
                rssEnd / 1024.0,
                connected == 0 ? 0 : (rssAfter - rssBefore) / (double) connected,
                jvm && connected > 0 && heapBefore >= 0 && heapAfter >= 0
                        ? String.format("%.1f", (heapAfter - heapBefore) / (double) connected)
                        : "-",
                load,
                loadAverage());
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Mqtt3AsyncClient c : clients) {
            if (c != null && c.getState().isConnected()) {
                closing.add(c.disconnect());
            }
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .get(120, TimeUnit.SECONDS);
    }

    /** User + system CPU time of a process in seconds (/proc/PID/stat, clock ticks of 10 ms), 0 without a pid. */
    static double cpuSeconds(String pid) {
        double total = processCpuSeconds(pid);
        for (String extra : options.getOrDefault("db-pids", "").split(",")) {
            if (!extra.isBlank()) {
                total += processCpuSeconds(extra.trim());
            }
        }
        return total;
    }

    /** CPU seconds of the database backends given with --db-pids alone. */
    static double dbCpuSeconds() {
        double total = 0;
        for (String extra : options.getOrDefault("db-pids", "").split(",")) {
            if (!extra.isBlank()) {
                total += processCpuSeconds(extra.trim());
            }
        }
        return total;
    }

    static double processCpuSeconds(String pid) {
        if (pid == null) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    static double clientCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /** VmRSS of a process in KiB, -1 without a pid. */
    static long rss(String pid) throws Exception {
        if (pid == null) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Heap in use after a full GC of a JVM (jcmd GC.run, GC.heap_info), KiB. */
    static long heapAfterGc(String pid) throws Exception {
        jcmd(pid, "GC.run");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(String pid, String command) throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    // --- fan-in ----------------------------------------------------------------------------------------------------

    /** One publishing connection: its topic, in-flight count and counters. */
    static final class Publisher {
        final Mqtt3AsyncClient client;
        final String topic;
        final AtomicInteger inflight = new AtomicInteger();
        long due;

        Publisher(Mqtt3AsyncClient client, String topic) {
            this.client = client;
            this.topic = topic;
        }
    }

    private static void fanin() throws Exception {
        int publishers = Integer.parseInt(options.getOrDefault("publishers", "200"));
        MqttQos qos = MqttQos.fromCode(Integer.parseInt(options.getOrDefault("qos", "1")));
        double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
        int window = Integer.parseInt(options.getOrDefault("inflight", "20"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        int payloadSize = Math.max(16, Integer.parseInt(options.getOrDefault("payload", "64")));

        AtomicLong delivered = new AtomicLong();
        AtomicLong deliveredInWindow = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong sentInWindow = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedInWindow = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        Map<String, Integer> errorKinds = new ConcurrentHashMap<>();
        long[][] samples = {new long[1 << 20]};
        int[] sampleCount = {0};
        long[] window0 = {Long.MAX_VALUE, Long.MAX_VALUE};

        // the subscriber gets a Netty thread of its own, so that the publishers' TLS work does not delay its reads
        Mqtt3AsyncClient subscriber = client(
                "bench-s-" + RUN,
                0,
                MqttClientExecutorConfig.builder()
                        .nettyExecutor(java.util.concurrent.Executors.newSingleThreadExecutor())
                        .nettyThreads(1)
                        .build());
        connectClient(subscriber, 60).get(60, TimeUnit.SECONDS);
        var subAck = subscriber
                .subscribeWith()
                .topicFilter(options.getOrDefault("subscribe", "bench/+/data"))
                .qos(qos)
                .callback(publish -> {
                    long now = System.nanoTime();
                    ByteBuffer payload = publish.getPayload().orElseThrow();
                    long latency = now - payload.getLong(payload.position());
                    delivered.incrementAndGet();
                    if (now >= window0[0] && now < window0[1]) {
                        deliveredInWindow.incrementAndGet();
                        synchronized (samples) {
                            if (sampleCount[0] == samples[0].length) {
                                samples[0] = Arrays.copyOf(samples[0], samples[0].length * 2);
                            }
                            samples[0][sampleCount[0]++] = latency;
                        }
                    }
                })
                .send()
                .get(60, TimeUnit.SECONDS);
        if (subAck.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
            throw new IllegalStateException("subscription refused: " + subAck);
        }

        Mqtt3AsyncClient[] clients = new Mqtt3AsyncClient[publishers];
        Wave wave = connectWave("p", publishers, 20, true, clients);
        List<Publisher> pubs = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            if (clients[i] != null) {
                String id = clients[i]
                        .getConfig()
                        .getClientIdentifier()
                        .orElseThrow()
                        .toString();
                pubs.add(new Publisher(clients[i], "bench/" + id + "/data"));
            }
        }
        System.out.printf(
                "%d publishers connected (%d errors), QoS %d%n", pubs.size(), wave.errors.get(), qos.getCode());
        wave.printFirstError();

        String pid = options.get("pid");
        double load = loadAverage();
        double[] cpu = new double[3];
        long start = System.nanoTime();
        window0[0] = start + warmup * 1_000_000_000L;
        window0[1] = window0[0] + seconds * 1_000_000_000L;
        long stop = window0[1];
        byte[] padding = new byte[payloadSize];

        class Sender {
            void send(Publisher p) {
                long now = System.nanoTime();
                if (now >= stop) {
                    return;
                }
                ByteBuffer payload = ByteBuffer.allocate(payloadSize);
                payload.putLong(now)
                        .putLong(sent.incrementAndGet())
                        .put(padding, 0, payloadSize - 16)
                        .flip();
                if (now >= window0[0]) {
                    sentInWindow.incrementAndGet();
                }
                p.inflight.incrementAndGet();
                p.client
                        .publishWith()
                        .topic(p.topic)
                        .qos(qos)
                        .payload(payload)
                        .send()
                        .whenComplete((result, error) -> {
                            p.inflight.decrementAndGet();
                            if (error != null) {
                                if (errors.incrementAndGet() == 1) {
                                    System.out.println("first publish error: " + error);
                                }
                                errorKinds.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                            } else {
                                acked.incrementAndGet();
                                long t = System.nanoTime();
                                if (t >= window0[0] && t < window0[1]) {
                                    ackedInWindow.incrementAndGet();
                                }
                            }
                            if (rate <= 0 && error == null) {
                                send(p);
                            }
                        });
            }
        }
        Sender sender = new Sender();
        Thread cpuProbe = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(Math.max(0, (window0[0] - System.nanoTime()) / 1_000_000));
                cpu[0] = cpuSeconds(pid);
                cpu[1] = clientCpuSeconds();
                cpu[2] = dbCpuSeconds();
                Thread.sleep(Math.max(0, (window0[1] - System.nanoTime()) / 1_000_000));
                cpu[0] = cpuSeconds(pid) - cpu[0];
                cpu[1] = clientCpuSeconds() - cpu[1];
                cpu[2] = dbCpuSeconds() - cpu[2];
            } catch (Exception e) {
                cpu[0] = -1;
            }
        });
        if (rate <= 0) {
            // closed loop: every publisher keeps `window` messages in flight
            for (Publisher p : pubs) {
                for (int k = 0; k < window; k++) {
                    sender.send(p);
                }
            }
            Thread.sleep((stop - System.nanoTime()) / 1_000_000 + 1);
        } else {
            // open loop: each publisher at rate / publishers msgs/s; a tick whose window is full is skipped
            double perPublisher = rate / pubs.size();
            while (true) {
                long now = System.nanoTime();
                if (now >= stop) {
                    break;
                }
                long due = (long) ((now - start) / 1e9 * perPublisher);
                for (Publisher p : pubs) {
                    while (p.due < due) {
                        p.due++;
                        if (p.inflight.get() < window) {
                            sender.send(p);
                        } else {
                            skipped.incrementAndGet();
                        }
                    }
                }
                Thread.sleep(1);
            }
        }
        // let what is in flight arrive
        long drainUntil = System.nanoTime() + 10_000_000_000L;
        long last = -1;
        while (System.nanoTime() < drainUntil && delivered.get() != last) {
            last = delivered.get();
            Thread.sleep(1000);
        }
        double loadAfter = loadAverage();
        cpuProbe.join();
        long[] sorted;
        synchronized (samples) {
            sorted = Arrays.copyOf(samples[0], sampleCount[0]);
        }
        Arrays.sort(sorted);
        System.out.println();
        System.out.println(
                "| broker | scenario | publishers | offered (msg/s) | accepted (msg/s) | delivered (msg/s) | p50 (ms) | p99 (ms)"
                        + " | max (ms) | server CPU per accepted msg (µs) | client CPU per accepted msg (µs) | sent / delivered / errors"
                        + " (whole run) | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        long inWindow = deliveredInWindow.get();
        long accepted = Math.max(1, ackedInWindow.get());
        System.out.printf(
                "| %s | fan-in QoS %d, %d B | %d | %s | %.0f | %.0f | %.1f | %.1f | %.1f | %s | %.1f | %d / %d / %d%s | %.2f → %.2f |%n",
                label,
                qos.getCode(),
                payloadSize,
                pubs.size(),
                rate <= 0 ? "max (window " + window + ")" : String.format("%.0f", rate),
                ackedInWindow.get() / (double) seconds,
                deliveredInWindow.get() / (double) seconds,
                Percentiles.of(sorted, 0.50) / 1e6,
                Percentiles.of(sorted, 0.99) / 1e6,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                pid == null || inWindow == 0
                        ? "-"
                        : String.format("%.1f", cpu[0] * 1e6 / accepted)
                                + (cpu[2] > 0 ? String.format(" (db %.1f)", cpu[2] * 1e6 / accepted) : ""),
                accepted == 0 ? 0 : cpu[1] * 1e6 / accepted,
                sent.get(),
                delivered.get(),
                errors.get(),
                skipped.get() > 0 ? " (" + skipped.get() + " ticks skipped, window full)" : "",
                load,
                loadAfter);
        if (!errorKinds.isEmpty()) {
            System.out.println("publish errors by kind: " + errorKinds);
        }
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Publisher p : pubs) {
            closing.add(p.client.disconnect().exceptionally(e -> null));
        }
        closing.add(subscriber.disconnect().exceptionally(e -> null));
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }
}
