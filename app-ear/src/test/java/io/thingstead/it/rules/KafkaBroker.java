package io.thingstead.it.rules;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real Apache Kafka broker in KRaft mode (one node, broker and controller), started from the Maven artifacts on the
 * test's class path in its own JVM: {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka}. {@link #kill}
 * ends it with SIGKILL (a target that is down), {@link #start} brings it back on the same log directory.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a new log directory under {@code dir} and starts the broker on 127.0.0.1:{@code port}. */
    public static KafkaBroker create(Path dir, int port, int controllerPort) throws Exception {
        KafkaBroker broker = new KafkaBroker(dir, port, controllerPort);
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("server.properties"),
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "log.dirs=" + dir.resolve("data"),
                        "num.partitions=1",
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=true",
                        ""));
        Files.writeString(
                dir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "appender.file.type=File",
                        "appender.file.name=file",
                        "appender.file.fileName=" + dir.resolve("broker.log"),
                        "appender.file.layout.type=PatternLayout",
                        "appender.file.layout.pattern=%d{HH:mm:ss.SSS} %-5p %c{1} %m%n",
                        "rootLogger.level=info",
                        "rootLogger.appenderRef.file.ref=file",
                        ""));
        Process format = broker.java(
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        dir.resolve("server.properties").toString())
                .start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException(
                    "kafka-storage format failed: " + Files.readString(dir.resolve("format.out")));
        }
        broker.start();
        return broker;
    }

    private ProcessBuilder java(String main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp",
                System.getProperty("java.class.path"),
                main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(main.endsWith("StorageTool") ? "format.out" : "console.out")
                        .toFile());
    }

    /** Starts the broker (again) and waits until it answers a metadata request (at most 180 s). */
    public void start() throws Exception {
        process =
                java("kafka.Kafka", dir.resolve("server.properties").toString()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the Kafka broker exited: " + Files.readString(dir.resolve("console.out")));
            }
            if (listening()) {
                try (Admin admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // the broker is still catching up with its metadata
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not start in 180 s; see " + dir);
            }
            Thread.sleep(500);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: the broker is gone at once, as a crashed or unreachable target. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Reads {@code topic} from the beginning until {@code count} records arrived or {@code timeout} passed. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return List.of(); // nothing was ever sent to it
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
