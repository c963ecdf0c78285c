package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Action;

/**
 * Issue 14: a QoS 1 message the gateway acknowledged is evaluated at least once even if WildFly is killed with
 * {@code kill -9} right after the PUBACK (ADR 0011: the PUBACK waits for the {@code rules_inbox} commit, and the engine
 * reads the inbox back at start).
 *
 * <p>The release server (thingstead-server-VERSION.zip) runs as its own process. A topic rule created through the AWS
 * SDK writes what it selects to a PostgreSQL table (the {@code dynamoDBv2} action); {@value #DEVICES} devices, each
 * with its own certificate over mutual TLS (Paho 3.1.1), publish QoS 1 messages as fast as they are acknowledged and
 * record every message whose PUBACK arrived. After a few seconds of normal flow the test takes an exclusive lock on
 * the target table, so that the actions stall and acknowledged messages pile up behind them (in the inbox, and in
 * whatever memory the engine holds them in); then it also locks {@code rules_inbox} for 1.5 s, during which no PUBACK
 * may arrive; then it SIGKILLs the server mid-burst, releases the locks, starts the
 * server again on the same database, and waits until every acknowledged message is in the table. Duplicates are allowed
 * (at least once); they are counted, as are the unacknowledged messages that arrived anyway.
 *
 * <p>What it catches: a PUBACK sent before the commit shows as PUBACKs while the inbox cannot commit (and as lost
 * messages); an inbox kept in memory, rows deleted before their actions ran, or a start that does not read the inbox
 * back all lose the acknowledged messages the stalled action held back (the test checks that there were some: the
 * table misses at least {@value #MIN_BACKLOG} acknowledged messages at the kill), and the read-back count must equal
 * the rows the kill left in {@code rules_inbox}.
 */
class RulesCrashIT {
    /** The test server's offset + 1600 (ServerZipIT uses + 1400, ManualInstallIT + 1200). */
    private static final int OFFSET = Integer.getInteger("thingstead.port.offset", 10000) + 1600;

    static final int DEVICES = 8;
    /** Messages each device may have waiting for a PUBACK. */
    static final int WINDOW = 16;
    /** Acknowledged messages the stalled table must be missing at the kill for the run to prove anything. */
    static final int MIN_BACKLOG = 200;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void acknowledgedQos1MessagesSurviveKillDashNineOfWildFly() throws Exception {
        long started = System.nanoTime();
        Path home = Installation.freshZip("rules-crash");

        String table = "crash_" + run;
        try (Installation server = new Installation(home, OFFSET, "it_rules_crash")) {
            server.freshSchema();
            Map<String, String> env = server.zipEnvironment();
            server.start(env);
            server.awaitReady();

            // the operator's table, in the schema the migrations created (shared by every schema of the test database)
            try (Connection db = database();
                    Statement ddl = db.createStatement()) {
                ddl.execute("CREATE TABLE rule_data." + table
                        + " (received_at timestamptz NOT NULL, topic text NOT NULL, item jsonb NOT NULL)");
            }

            Map<String, String> credentials = server.operatorCredentials();
            String rootCa = TestEnvironment.get(server.http("/pki/root-ca.pem")).body();
            List<Mqtt.Identity> identities = new ArrayList<>();
            try (IotClient iot = IotClient.builder()
                    .endpointOverride(server.http(""))
                    .region(Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))))
                    .httpClient(ApacheHttpClient.builder()
                            .socketTimeout(Duration.ofSeconds(30))
                            .build())
                    .build()) {
                iot.createTopicRule(r -> r.ruleName("crash_" + run)
                        .topicRulePayload(p -> p.sql("SELECT n, topic(3) AS device FROM 'crash/" + run + "/+/burst'")
                                .awsIotSqlVersion("2016-03-23")
                                .actions(Action.builder()
                                        .dynamoDBv2(d -> d.roleArn("arn:aws:iam::000000000000:role/rules")
                                                .putItem(i -> i.tableName(table)))
                                        .build())));
                String policy = "crash-" + run;
                iot.createPolicy(r -> r.policyName(policy)
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\",\"iot:Publish\"],"
                                + "\"Resource\":\"*\"}]}"));
                for (int d = 0; d < DEVICES; d++) {
                    Mqtt.Identity identity = Mqtt.Identity.create(iot);
                    iot.attachPolicy(r -> r.policyName(policy).target(identity.certificateArn()));
                    identities.add(identity);
                }
            }
            Thread.sleep(1000); // the rule takes effect after its transaction commits

            // --- the burst, a stall, the kill ---------------------------------------------------------------------
            List<Device> devices = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                devices.add(new Device(server, identities.get(d), rootCa, "dev" + d));
            }
            List<Thread> publishers = new ArrayList<>();
            for (Device device : devices) {
                publishers.add(
                        Thread.ofPlatform().name("publisher-" + device.name).start(device::burst));
            }
            Thread.sleep(2000);
            int flowing = acknowledged(devices);
            Set<String> atKill;
            int inboxAtKill;
            int inboxStalled;
            int ackedWhileInboxStalled;
            try (Connection lock = database()) {
                lock.setAutoCommit(false);
                try (Statement statement = lock.createStatement()) {
                    statement.execute("LOCK TABLE rule_data." + table + " IN EXCLUSIVE MODE");
                }
                int beforeStall = acknowledged(devices);
                // acknowledged messages pile up behind the stalled action (the action's timeout is 10 s)
                long stallDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                while (acknowledged(devices) < beforeStall + 4 * MIN_BACKLOG && System.nanoTime() < stallDeadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1000);
                // then the inbox cannot commit either: from here on no PUBACK may arrive (the gateway holds each one
                // until its message is committed), so a PUBACK sent before the commit would show here, and its
                // message would be lost at the kill
                try (Statement statement = lock.createStatement()) {
                    statement.execute("LOCK TABLE " + server.schema + ".rules_inbox IN EXCLUSIVE MODE");
                }
                Thread.sleep(500); // PUBACKs of the last commit before the lock are on their way
                inboxStalled = acknowledged(devices);
                Thread.sleep(1500);
                ackedWhileInboxStalled = acknowledged(devices) - inboxStalled;
                for (Device device : devices) {
                    assertThat(device.failure.get())
                            .as(device.name + " publishing")
                            .isNull();
                    assertThat(device.lost.get())
                            .as(device.name + " connected until the kill")
                            .isFalse();
                }
                server.kill();
                System.out.printf("RulesCrashIT: killed WildFly with SIGKILL mid-burst%n");
                atKill = received(lock, table);
                int inboxLocked = count(lock, server.schema + ".rules_inbox");
                lock.rollback(); // releases the tables
                // the dead server's last inbox INSERT (autocommit), blocked by the lock, still commits in its backend:
                // messages never acknowledged, which the restart reads back too
                lock.setAutoCommit(true);
                inboxAtKill = count(lock, server.schema + ".rules_inbox");
                for (int previous = -1; inboxAtKill != previous; ) {
                    previous = inboxAtKill;
                    Thread.sleep(1000);
                    inboxAtKill = count(lock, server.schema + ".rules_inbox");
                }
                System.out.printf(
                        "RulesCrashIT: %d rows committed to rules_inbox by the dead server's last statement%n",
                        inboxAtKill - inboxLocked);
            }
            for (Thread publisher : publishers) {
                publisher.join(TimeUnit.SECONDS.toMillis(60));
            }
            Set<String> acknowledged = new HashSet<>();
            int published = 0;
            for (Device device : devices) {
                assertThat(device.lost.get())
                        .as(device.name + " saw its connection lost")
                        .isTrue();
                acknowledged.addAll(device.acknowledged);
                published += device.published.get();
                device.close();
            }
            Set<String> missingAtKill = new HashSet<>(acknowledged);
            missingAtKill.removeAll(atKill);
            System.out.printf(
                    "RulesCrashIT: %d published, %d acknowledged (%d in the first 2 s), %d in the table and %d rows in"
                            + " rules_inbox at the kill, %d acknowledged but not in the table%n",
                    published, acknowledged.size(), flowing, atKill.size(), inboxAtKill, missingAtKill.size());
            System.out.printf(
                    "RulesCrashIT: %d PUBACKs in the 1.5 s the inbox could not commit (before: %d)%n",
                    ackedWhileInboxStalled, inboxStalled);
            assertThat(ackedWhileInboxStalled)
                    .as("PUBACKs while the inbox could not commit")
                    .isZero();
            assertThat(missingAtKill.size())
                    .as("acknowledged messages held back by the stalled action at the kill (else the test proves"
                            + " nothing)")
                    .isGreaterThanOrEqualTo(MIN_BACKLOG);

            // --- the restart: the inbox is read back -----------------------------------------------------------
            long restarted = System.nanoTime();
            server.start(env);
            server.awaitReady();
            Set<String> arrived;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            try (Connection db = database()) {
                while (true) {
                    arrived = received(db, table);
                    if (arrived.containsAll(acknowledged) && count(db, server.schema + ".rules_inbox") == 0) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        Set<String> lost = new HashSet<>(acknowledged);
                        lost.removeAll(arrived);
                        throw new AssertionError(lost.size() + " acknowledged messages never arrived, e.g. "
                                + lost.stream().limit(10).toList() + "; rules_inbox rows: "
                                + count(db, server.schema + ".rules_inbox") + "; server log: "
                                + home.resolve("standalone/log/server.log"));
                    }
                    Thread.sleep(500);
                }
                Thread.sleep(2000); // nothing else should come
                arrived = received(db, table);
                int rows = count(db, "rule_data." + table);
                Set<String> unacknowledged = new HashSet<>(arrived);
                unacknowledged.removeAll(acknowledged);
                System.out.printf(
                        "RulesCrashIT: after the restart (%s to ready and drained) every one of the %d acknowledged"
                                + " messages is in the table: %d rows, %d distinct, %d duplicates, %d unacknowledged"
                                + " messages arrived anyway; rules_inbox empty%n",
                        Installation.since(restarted),
                        acknowledged.size(),
                        rows,
                        arrived.size(),
                        rows - arrived.size(),
                        unacknowledged.size());
                assertThat(arrived).containsAll(acknowledged);
                assertThat(unacknowledged.size())
                        .as("messages in the table that were never published")
                        .isLessThanOrEqualTo(published - acknowledged.size());
                assertThat(count(db, server.schema + ".rules_inbox")).isZero();
            }
            // the messages came from the read-back at start: one per row the kill left in the inbox
            double readBack = metric(
                    TestEnvironment.get(server.management("/metrics")).body(),
                    "thingstead_rules_inbox_read_back_total");
            System.out.printf("RulesCrashIT: %.0f inbox rows read back at start%n", readBack);
            assertThat(readBack).isEqualTo(inboxAtKill);
        } finally {
            try (Connection db = database();
                    Statement ddl = db.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS rule_data." + table);
            }
        }
        System.out.printf("RulesCrashIT took %s%n", Installation.since(started));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    static Connection database() throws Exception {
        return DriverManager.getConnection(
                TestEnvironment.require("THINGSTEAD_DB_URL"),
                TestEnvironment.require("THINGSTEAD_DB_USER"),
                TestEnvironment.require("THINGSTEAD_DB_PASSWORD"));
    }

    /** The distinct "device/n" of the rows in the table. */
    static Set<String> received(Connection db, String table) throws Exception {
        Set<String> keys = new HashSet<>();
        try (Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT item->>'device', item->>'n' FROM rule_data." + table)) {
            while (rows.next()) {
                keys.add(rows.getString(1) + "/" + rows.getString(2));
            }
        }
        return keys;
    }

    static int count(Connection db, String table) throws Exception {
        try (Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The sum of a Prometheus counter's samples (WildFly adds labels of its own). */
    static double metric(String body, String name) {
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static int acknowledged(List<Device> devices) {
        return devices.stream().mapToInt(d -> d.acknowledged.size()).sum();
    }

    /** A device publishing QoS 1 messages {"n": i} on crash/RUN/NAME/burst until its connection is lost. */
    final class Device implements AutoCloseable {
        final String name;
        final MqttAsyncClient client;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger published = new AtomicInteger();
        final AtomicBoolean lost = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();

        Device(Installation server, Mqtt.Identity identity, String rootCa, String name) throws Exception {
            this.name = name;
            client = new MqttAsyncClient(
                    "ssl://localhost:" + server.port(8883), "crash-" + name + "-" + run, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(Mqtt.socketFactory(identity, rootCa, "TLSv1.3"));
            options.setCleanSession(true);
            options.setConnectionTimeout(30);
            options.setMaxInflight(2 * WINDOW); // Paho counts a message in flight until its callback ran
            options.setAutomaticReconnect(false);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.set(true);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {}

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            client.connect(options).waitForCompletion(30_000);
        }

        void burst() {
            String topic = "crash/" + run + "/" + name + "/burst";
            Semaphore inFlight = new Semaphore(WINDOW);
            try {
                for (int n = 0; !lost.get(); n++) {
                    while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (lost.get()) {
                            return;
                        }
                    }
                    String key = name + "/" + n;
                    MqttMessage message = new MqttMessage(("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8));
                    message.setQos(1);
                    published.incrementAndGet();
                    client.publish(topic, message, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            acknowledged.add(key); // the PUBACK arrived
                            inFlight.release();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable exception) {
                            lost.set(true); // MQTT 3.1.1: a refusal or the server's death closes the connection
                            inFlight.release();
                        }
                    });
                }
            } catch (Exception e) {
                if (client.isConnected()) {
                    failure.compareAndSet(null, e);
                }
                lost.set(true);
            }
        }

        @Override
        public void close() throws Exception {
            client.close(true);
        }
    }
}
