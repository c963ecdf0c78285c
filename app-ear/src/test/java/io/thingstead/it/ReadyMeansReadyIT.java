package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;

/**
 * "Ready" means ready (issue 23), shown with the real run command: {@code ./thingstead run} in three development homes
 * one after the other on this machine's PostgreSQL, each on its own ports beside the test server, with the test's
 * Keycloak. Two homes (two checkouts) both come up with a working PKI, gateway and operator key; a third pointed at
 * the first one's database, as every checkout was before dev databases were per checkout, is refused with the master
 * key named; the server itself, started on that database, is not ready, says why per subsystem and answers 503
 * {@code ServiceUnavailableException} instead of 500 with an incident id; given the right master key it serves again.
 * {@code ./thingstead reset} then deletes each home's data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadyMeansReadyIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path HOMES = Path.of(System.getProperty("user.dir"), "target", "run-homes");
    /** Beside the test server (offset + 1000), so both run at once. */
    private static final int OFFSET = Integer.getInteger("thingstead.port.offset", 10000) + 1000;

    private static final int HTTP = 8080 + OFFSET;
    private static final int HTTPS = 8443 + OFFSET;
    private static final int MANAGEMENT = 9990 + OFFSET;
    private static final int GATEWAY = 8883 + OFFSET;
    private static final int WEBSOCKET = 8884 + OFFSET;
    private static final List<String> SUBSYSTEMS = List.of(
            "thingstead-database",
            "thingstead-master-key",
            "thingstead-pki",
            "thingstead-gateway",
            "thingstead-operator-access");

    private static final List<Started> RUNNING = new ArrayList<>();

    @Test
    @Order(1)
    void twoCheckoutsOneAfterTheOtherBothComeUpWorking() throws Exception {
        for (String name : List.of("a", "b")) {
            Path home = freshHome(name);
            Started run = start(home, runCommand(home, Map.of()));
            run.awaitOutput("Thingstead is ready.", Duration.ofMinutes(7));
            // the credentials are printed after the banner, by a later statement of the script
            run.awaitOutput("aws iot list-things", Duration.ofSeconds(30));
            assertThat(run.output()).contains("operator access key").contains("AWS_ACCESS_KEY_ID");
            assertWorks(home);
            run.stop();
        }
        assertThat(devSetting(home("a"), "THINGSTEAD_DEV_DB_NAME"))
                .as("each checkout has its own development database")
                .startsWith("thingstead_")
                .isNotEqualTo(devSetting(home("b"), "THINGSTEAD_DEV_DB_NAME"));
    }

    @Test
    @Order(2)
    void aDatabaseSealedUnderAnotherMasterKeyIsNamedNotServed() throws Exception {
        Path home = freshHome("c");
        String database = devSetting(home("a"), "THINGSTEAD_DEV_DB_NAME");
        String role = devSetting(home("a"), "THINGSTEAD_DEV_DB_USER");

        // the run command, as a second checkout sharing the first one's database: it stops and says why
        Started run = start(home, runCommand(home, Map.of("THINGSTEAD_DB_NAME", database, "THINGSTEAD_DB_USER", role)));
        assertThat(run.awaitExit(Duration.ofMinutes(7))).isTrue();
        assertThat(run.process().exitValue()).isNotZero();
        assertThat(run.output())
                .doesNotContain("Thingstead is ready.")
                .contains("Thingstead is NOT ready.")
                .contains("thingstead-master-key (FAILED): the database holds secrets sealed under the master key"
                        + " with fingerprint")
                .contains("./thingstead reset");
        assertThat(portOpen(MANAGEMENT))
                .as("the run command stopped its server")
                .isFalse();

        // the same server started by hand, as in production: not ready, 503 with the reason, alive
        Map<String, String> env = serverEnv(home, database, role);
        Started server = start(home, standalone(home, env));
        JsonObject health = awaitHealth(body -> decided(body, "thingstead-master-key")
                && decided(body, "thingstead-pki")
                && decided(body, "thingstead-gateway"));
        assertThat(health.getString("status")).isEqualTo("DOWN");
        assertThat(reason(health, "thingstead-master-key"))
                .contains("fingerprint")
                .contains("Restore the master key");
        assertThat(reason(health, "thingstead-pki")).contains("the CA keys cannot be opened");
        assertThat(reason(health, "thingstead-gateway")).contains("not listening on MQTT over TLS");
        assertThat(reason(health, "thingstead-operator-access")).contains("master key");
        assertThat(check(health, "thingstead-database").getString("status")).isEqualTo("UP");
        assertThat(TestEnvironment.get(URI.create("http://127.0.0.1:" + MANAGEMENT + "/health/live"))
                        .statusCode())
                .as("liveness: nothing a restart fixes")
                .isEqualTo(200);

        HttpResponse<String> rootCa = TestEnvironment.get(URI.create("http://localhost:" + HTTP + "/pki/root-ca.pem"));
        assertThat(rootCa.statusCode()).isEqualTo(503);
        assertThat(rootCa.headers().firstValue("x-amzn-ErrorType")).hasValue("ServiceUnavailableException");
        assertThat(rootCa.body()).contains("master key").doesNotContain("incident");

        Map<String, String> credentials = credentials(home("a"));
        try (IotClient iot = iot(credentials)) {
            assertThatThrownBy(iot::listThings)
                    .isInstanceOfSatisfying(IotException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
                    })
                    .hasMessageContaining("master key");
        }
        assertThat(portOpen(GATEWAY)).as("the gateway does not listen").isFalse();
        server.stop();

        // given the master key that belongs to the database, the same server is ready and serves
        Map<String, String> fixed = new HashMap<>(env);
        fixed.put(
                "THINGSTEAD_MASTER_KEY",
                Files.readString(masterKeyFile(home("a"))).trim());
        server = start(home, standalone(home, fixed));
        JsonObject ready = awaitHealth(body -> body.startsWith("{\"status\":\"UP\""));
        for (String subsystem : SUBSYSTEMS) {
            assertThat(check(ready, subsystem).getString("status"))
                    .as(subsystem)
                    .isEqualTo("UP");
        }
        try (IotClient iot = iot(credentials)) {
            assertThat(iot.listThings().things()).isNotNull();
        }
        server.stop();
    }

    @Test
    @Order(3)
    void resetDeletesACheckoutsDevelopmentDataAfterAsking() throws Exception {
        Path home = home("a");
        String database = devSetting(home, "THINGSTEAD_DEV_DB_NAME");

        Started refused = start(home, resetCommand(home, false));
        refused.process().getOutputStream().write("no\n".getBytes(StandardCharsets.UTF_8));
        refused.process().getOutputStream().close();
        assertThat(refused.awaitExit(Duration.ofSeconds(60))).isTrue();
        assertThat(refused.process().exitValue()).isNotZero();
        assertThat(refused.output()).contains("nothing deleted");
        assertThat(databaseExists(database)).isTrue();

        for (String name : List.of("a", "b", "c")) {
            String db = devSetting(home(name), "THINGSTEAD_DEV_DB_NAME");
            Started reset = start(home(name), resetCommand(home(name), true));
            assertThat(reset.awaitExit(Duration.ofSeconds(120))).isTrue();
            assertThat(reset.process().exitValue()).as(reset.output()).isZero();
            assertThat(databaseExists(db)).as(db).isFalse();
            assertThat(masterKeyFile(home(name))).doesNotExist();
            assertThat(home(name).resolve("dev-secrets.env")).doesNotExist();
        }
    }

    @AfterEach
    void stopWhatIsLeft() {
        for (Started started : List.copyOf(RUNNING)) {
            started.stop();
        }
    }

    // --- what a working instance does -----------------------------------------------------------------------------

    private static void assertWorks(Path home) throws Exception {
        JsonObject health =
                TestEnvironment.json(TestEnvironment.get(URI.create("http://127.0.0.1:" + MANAGEMENT + "/health/ready"))
                        .body());
        assertThat(health.getString("status")).isEqualTo("UP");
        for (String subsystem : SUBSYSTEMS) {
            assertThat(check(health, subsystem).getString("status"))
                    .as(subsystem)
                    .isEqualTo("UP");
        }
        HttpResponse<String> rootCa = TestEnvironment.get(URI.create("http://localhost:" + HTTP + "/pki/root-ca.pem"));
        assertThat(rootCa.statusCode()).isEqualTo(200);
        assertThat(rootCa.body()).startsWith("-----BEGIN CERTIFICATE-----");

        try (IotClient iot = iot(credentials(home))) {
            String thing = "ready-" + home.getFileName();
            iot.createThing(r -> r.thingName(thing));
            Mqtt.Identity device = Mqtt.Identity.create(iot);
            iot.createPolicy(r -> r.policyName("connect-" + thing)
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"));
            iot.attachPolicy(r -> r.policyName("connect-" + thing).target(device.certificateArn()));
            iot.attachThingPrincipal(r -> r.thingName(thing).principal(device.certificateArn()));

            MqttClient client = new MqttClient("ssl://localhost:" + GATEWAY, thing, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(Mqtt.socketFactory(device, rootCa.body(), "TLSv1.3"));
            options.setConnectionTimeout(20);
            client.connect(options);
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            client.close();
        }
    }

    private static IotClient iot(Map<String, String> credentials) {
        return IotClient.builder()
                .endpointOverride(URI.create("http://localhost:" + HTTP))
                .region(Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build())
                .build();
    }

    private static JsonObject awaitHealth(java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = TestEnvironment.get(URI.create("http://127.0.0.1:" + MANAGEMENT + "/health/ready"))
                        .body();
                if (done.test(last)) {
                    return TestEnvironment.json(last);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("readiness never reached the expected state; last answer: " + last);
    }

    /** Whether the check is there and past STARTING. */
    private static boolean decided(String health, String name) {
        return health.contains("\"" + name + "\"")
                && !"STARTING"
                        .equals(check(TestEnvironment.json(health), name)
                                .getJsonObject("data")
                                .getString("state", "STARTING"));
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no readiness check " + name + " in " + health));
    }

    private static String reason(JsonObject health, String name) {
        JsonObject check = check(health, name);
        assertThat(check.getString("status")).as(name).isEqualTo("DOWN");
        assertThat(check.getJsonObject("data").getString("state")).as(name).isEqualTo("FAILED");
        return check.getJsonObject("data").getString("reason");
    }

    // --- the commands -------------------------------------------------------------------------------------------

    private static ProcessBuilder runCommand(Path home, Map<String, String> extra) {
        ProcessBuilder builder =
                new ProcessBuilder("bash", ROOT.resolve("thingstead").toString(), "run");
        Map<String, String> env = builder.environment();
        commonEnv(env, home);
        env.put("THINGSTEAD_NO_BUILD", "1");
        env.put("THINGSTEAD_OIDC_PROVIDER_URL", TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL"));
        env.put("THINGSTEAD_OIDC_CLIENT_SECRET", TestEnvironment.require("THINGSTEAD_OIDC_CLIENT_SECRET"));
        env.putAll(extra);
        return builder;
    }

    private static ProcessBuilder resetCommand(Path home, boolean yes) {
        ProcessBuilder builder = yes
                ? new ProcessBuilder("bash", ROOT.resolve("thingstead").toString(), "reset", "--yes")
                : new ProcessBuilder("bash", ROOT.resolve("thingstead").toString(), "reset");
        commonEnv(builder.environment(), home);
        return builder;
    }

    /** The server as an operations team starts it: standalone.sh on the run command's base directory. */
    private static ProcessBuilder standalone(Path home, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(
                ROOT.resolve("app-ear/target/server/bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + home.resolve("wildfly"));
        commonEnv(builder.environment(), home);
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        builder.environment().putAll(env);
        return builder;
    }

    private static Map<String, String> serverEnv(Path home, String database, String role) throws IOException {
        String testUrl = TestEnvironment.require("THINGSTEAD_DB_URL"); // same cluster, another database
        String server = testUrl.substring(0, testUrl.lastIndexOf('/') + 1);
        Map<String, String> env = new HashMap<>();
        env.put("THINGSTEAD_DB_URL", server + database);
        env.put("THINGSTEAD_DB_USER", role);
        env.put("THINGSTEAD_DB_PASSWORD", devSetting(home, "THINGSTEAD_DEV_DB_PASSWORD"));
        env.put("THINGSTEAD_OIDC_PROVIDER_URL", TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL"));
        env.put("THINGSTEAD_OIDC_CLIENT_SECRET", TestEnvironment.require("THINGSTEAD_OIDC_CLIENT_SECRET"));
        return env;
    }

    private static void commonEnv(Map<String, String> env, Path home) {
        for (String inherited : List.of(
                "THINGSTEAD_DB_URL",
                "THINGSTEAD_DB_USER",
                "THINGSTEAD_DB_PASSWORD",
                "THINGSTEAD_DB_NAME",
                "THINGSTEAD_MASTER_KEY",
                "JAVA_OPTS")) {
            env.remove(inherited);
        }
        env.put("THINGSTEAD_HOME", home.toString());
        env.put("THINGSTEAD_BIND_ADDRESS", "127.0.0.1");
        env.put("THINGSTEAD_HTTP_PORT", Integer.toString(HTTP));
        env.put("THINGSTEAD_HTTPS_PORT", Integer.toString(HTTPS));
        env.put("THINGSTEAD_MANAGEMENT_PORT", Integer.toString(MANAGEMENT));
        env.put("THINGSTEAD_GATEWAY_PORT", Integer.toString(GATEWAY));
        env.put("THINGSTEAD_GATEWAY_WEBSOCKET_PORT", Integer.toString(WEBSOCKET));
        env.put("THINGSTEAD_DEV_PG_PORT", Integer.toString(5434)); // only when not root: beside the test's cluster
    }

    // --- homes and processes ------------------------------------------------------------------------------------

    private static Path home(String name) {
        return HOMES.resolve(name);
    }

    private static Path freshHome(String name) throws IOException {
        Path home = home(name);
        if (Files.exists(home)) {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(home);
        return home;
    }

    private static String devSetting(Path home, String name) throws IOException {
        return settings(home.resolve("dev-secrets.env")).get(name);
    }

    private static Map<String, String> credentials(Path home) throws IOException {
        return settings(home.resolve("wildfly/data/thingstead/operator-credentials.env"));
    }

    private static Path masterKeyFile(Path home) {
        return home.resolve("wildfly/data/thingstead/master.key");
    }

    private static Map<String, String> settings(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    private static boolean databaseExists(String name) throws Exception {
        try (Connection connection = TestEnvironment.database();
                PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            return query.executeQuery().next();
        }
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Started start(Path home, ProcessBuilder builder) throws IOException {
        builder.redirectErrorStream(true);
        Process process = builder.start();
        Path log = HOMES.resolve(home.getFileName() + "-" + process.pid() + ".log");
        Started started = new Started(process, new StringBuffer(), log, new Thread[1]);
        Thread reader = new Thread(started::drain, "output of " + process.pid());
        reader.setDaemon(true);
        started.reader()[0] = reader;
        reader.start();
        RUNNING.add(started);
        return started;
    }

    /** A started command whose output is collected (and kept in target/run-homes/ for a failed run). */
    private record Started(Process process, StringBuffer buffer, Path log, Thread[] reader) {
        /** Waits for the command to end and for its last output line to be read. */
        boolean awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            reader[0].join(10_000);
            RUNNING.remove(this);
            return true;
        }

        void drain() {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    buffer.append(line).append('\n');
                    Files.writeString(
                            log,
                            line + "\n",
                            java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String output() {
            return buffer.toString().replaceAll("\u001B\\[[0-9;]*m", "");
        }

        void awaitOutput(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                if (!process.isAlive()) {
                    throw new AssertionError("the command ended (" + process.exitValue() + ") without printing '" + text
                            + "':\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + output());
                }
                Thread.sleep(500);
            }
        }

        /** SIGTERM, as Ctrl-C would: the run command stops what it started; whatever is left is killed. */
        void stop() {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                for (ProcessHandle child : descendants) {
                    child.destroy();
                    child.onExit().get(60, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                descendants.forEach(ProcessHandle::destroyForcibly);
            }
            RUNNING.remove(this);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((portOpen(MANAGEMENT) || portOpen(HTTP)) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
