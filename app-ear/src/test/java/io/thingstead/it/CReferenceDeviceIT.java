package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.it.Mqtt.Identity;
import io.thingstead.it.Mqtt.Received;
import io.thingstead.it.ReferenceDeviceIT.Subscriber;
import io.thingstead.it.jobsprobe.JobsProbeApplication;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * Issue 19: the C reference device ({@code firmware-reference/c}), compiled here with CMake under AddressSanitizer and
 * UndefinedBehaviorSanitizer, runs as a process against the platform: a second, independent MQTT (Paho C) and TLS
 * (OpenSSL) stack. Its unit tests run first (ctest, under the same sanitizers). Every device process must stop on
 * SIGTERM with exit status 0 and without a sanitizer report (leaks included).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CReferenceDeviceIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Path SOURCE =
            Path.of("..", "firmware-reference", "c").toAbsolutePath().normalize();
    private static final Path BUILD = Path.of("target", "c-device-sanitized").toAbsolutePath();
    /** The device policy, with the jobs topics a device uses. */
    private static final String DEVICE_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": ["arn:aws:iot:*:*:topic/dt/${iot:Connection.Thing.ThingName}/*",
                            "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*",
                            "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"]},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": ["arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*",
                            "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"]}
            ]}""";

    private static IotClient iot;
    private static IotDataPlaneClient data;
    private static Path binary;

    @TempDir
    Path directory;

    /** The EAR with a test-only module that publishes job notifications as the platform (no Jobs service yet). */
    @Deployment(testable = false)
    static EnterpriseArchive ear() throws IOException {
        return TestEnvironment.earWithProbe("jobs-probe", JobsProbeApplication.class);
    }

    /** Builds the device with -DTHINGSTEAD_SANITIZE=ON (warnings are errors) and runs its unit tests. */
    @BeforeAll
    static void build() throws Exception {
        iot = Operator.iot();
        data = Operator.data();
        Files.createDirectories(BUILD);
        run(List.of(
                "cmake",
                "-S",
                SOURCE.toString(),
                "-B",
                BUILD.toString(),
                "-DTHINGSTEAD_SANITIZE=ON",
                "-DCMAKE_BUILD_TYPE=Debug"));
        run(List.of("cmake", "--build", BUILD.toString(), "--parallel", "2"));
        binary = BUILD.resolve("thingstead-device");
        assertThat(binary).isExecutable();
    }

    @AfterAll
    static void close() {
        iot.close();
        data.close();
    }

    @Test
    void theUnitTestsPassUnderAddressAndUndefinedBehaviorSanitizers() throws Exception {
        String output = run(List.of("ctest", "--test-dir", BUILD.toString(), "--output-on-failure"));
        assertThat(output)
                .contains("100% tests passed")
                .contains("ring")
                .contains("shadow")
                .contains("jobs");
    }

    @Test
    void provisionsByClaimAppliesTheShadowDeltaAndDeliversBufferedTelemetryInOrderAfterAnOutageAndARestart()
            throws Exception {
        Mqtt.awaitGateway();
        String template = "c-" + RUN;
        String serial = "SN-" + RUN;
        String thing = "c-" + serial;
        Identity claim = FleetFixtures.claimIdentity(iot, template);
        FleetFixtures.createFleetTemplate(iot, template, "c-", DEVICE_POLICY);

        BlockingQueue<Received> telemetry = new LinkedBlockingQueue<>();
        BlockingQueue<Received> subscribed = new LinkedBlockingQueue<>();
        BlockingQueue<Received> jobUpdates = new LinkedBlockingQueue<>();
        Identity admin = FleetFixtures.adminIdentity(iot, "c-admin-" + RUN);
        try (CuttableProxy link = new CuttableProxy(new InetSocketAddress("localhost", TestEnvironment.port(8883)));
                Subscriber observer = new Subscriber(admin, "c-observer-" + RUN, "dt/" + thing + "/#", telemetry);
                Subscriber events = new Subscriber(
                        admin, "c-events-" + RUN, "$aws/events/subscriptions/subscribed/" + thing, subscribed);
                Subscriber jobs =
                        new Subscriber(admin, "c-jobs-" + RUN, "$aws/things/" + thing + "/jobs/+/update", jobUpdates)) {
            // MQTT 3.1.1 and CreateKeysAndCertificate ($aws/certificates/create/json) here; the other test uses
            // MQTT 5 and the CSR
            Path config = configure(claim, template, serial, link.port(), """
                    mqtt-version = 3.1.1
                    provisioning-api = create
                    telemetry-interval = 200ms
                    drain-rate = 50
                    """);
            DeviceProcess device = DeviceProcess.start(config, directory.resolve("device-1.log"));
            DeviceProcess restarted = null;
            try {
                // provisioned by claim: the template's thing, its own certificate, everything stored 0600
                await(
                        "the device provisions itself and opens its buffer",
                        device,
                        () -> Files.exists(directory.resolve("state/telemetry.ring")));
                assertThat(Files.readString(directory.resolve("state/thing-name"))
                                .strip())
                        .isEqualTo(thing);
                Set<PosixFilePermission> ownerOnly =
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                for (String file : List.of("device.key", "device.pem", "thing-name", "telemetry.ring")) {
                    assertThat(Files.getPosixFilePermissions(directory.resolve("state/" + file)))
                            .as(file)
                            .isEqualTo(ownerOnly);
                }
                assertThat(Files.readString(directory.resolve("state/device.key")))
                        .contains("PRIVATE KEY");
                String certificateArn = iot.listThingPrincipals(r -> r.thingName(thing))
                        .principals()
                        .getFirst();
                assertThat(iot.describeCertificate(r -> r.certificateId(idOf(certificateArn)))
                                .certificateDescription()
                                .status())
                        .isEqualTo(CertificateStatus.ACTIVE);
                await(
                        "the device connects with its own certificate",
                        device,
                        () -> device.log().contains("connected; "));

                // the shadow: reported on connect; a desired change through the REST data plane is applied and
                // reported back, so that no delta is left
                await(
                        "the device reports its state",
                        device,
                        () -> shadow(thing)
                                .map(s -> s.getJsonObject("state").containsKey("reported"))
                                .orElse(false));
                data.updateThingShadow(r -> r.thingName(thing)
                        .payload(SdkBytes.fromUtf8String("{\"state\":{\"desired\":{\"color\":\"green\"}}}")));
                await(
                        "the device applies the desired color",
                        device,
                        () -> shadow(thing)
                                .map(s -> "green"
                                                .equals(s.getJsonObject("state")
                                                        .getJsonObject("reported")
                                                        .getString("color", null))
                                        && !s.getJsonObject("state").containsKey("delta"))
                                .orElse(false));
                assertThat(device.log()).contains("the lamp is green now");

                // jobs: it subscribed to the topics an AWS device uses
                List<String> topics = new ArrayList<>();
                await("the device subscribes to its jobs topics", device, () -> {
                    Received event;
                    while ((event = subscribed.poll()) != null) {
                        TestEnvironment.json(event.payload()).getJsonArray("topics").stream()
                                .map(t -> ((JsonString) t).getString())
                                .forEach(topics::add);
                    }
                    return topics.contains("$aws/things/" + thing + "/jobs/notify-next");
                });
                assertThat(topics)
                        .contains(
                                "$aws/things/" + thing + "/shadow/update/delta",
                                "$aws/things/" + thing + "/jobs/start-next/accepted");

                // a job (published as the platform would): the device cannot run it and says so, REJECTED
                String jobId = "reboot-" + RUN;
                publishAsPlatform("$aws/things/" + thing + "/jobs/notify-next", """
                        {"timestamp": 1764669600, "execution": {"jobId": "%s", "thingName": "%s", "status": "QUEUED",
                          "queuedAt": 1764669600, "lastUpdatedAt": 1764669600, "versionNumber": 1,
                          "executionNumber": 1, "jobDocument": {"operation": "reboot"}}}""".formatted(jobId, thing));
                Received update = jobUpdates.poll(30, TimeUnit.SECONDS);
                assertThat(update)
                        .as("the device's answer to the job; its log:\n%s", device.log())
                        .isNotNull();
                assertThat(update.topic()).isEqualTo("$aws/things/" + thing + "/jobs/" + jobId + "/update");
                JsonObject answer = TestEnvironment.json(update.payload());
                assertThat(answer.getString("status")).isEqualTo("REJECTED");
                assertThat(answer.getJsonObject("statusDetails").getString("reason"))
                        .isEqualTo("this device cannot run the operation \"reboot\"");
                assertThat(answer.getInt("expectedVersion")).isEqualTo(1);

                // telemetry: the gateway goes away, the device keeps measuring into its buffer on disk, is stopped
                // (SIGTERM) and started again while offline; when the gateway is back every reading arrives, in order
                List<Long> sequences = new ArrayList<>();
                collect(telemetry, sequences, 5);
                link.cut();
                Thread.sleep(3000);
                device.stopCleanly();
                assertThat(device.log()).containsPattern("stopping: \\d+ readings sent, [1-9]\\d* buffered");
                restarted = DeviceProcess.start(config, directory.resolve("device-2.log"));
                DeviceProcess second = restarted;
                await(
                        "the restarted device tries to reconnect",
                        second,
                        () -> second.log().contains("retrying in"));
                Thread.sleep(3000);
                collectQuietly(telemetry, sequences);
                long beforeRestore = sequences.getLast();
                link.restore();
                await("telemetry resumes", second, () -> {
                    collectQuietly(telemetry, sequences);
                    return sequences.getLast() > beforeRestore + 40;
                });
                assertInOrderWithoutGaps(sequences);
            } finally {
                link.cut();
                device.stopCleanly();
                if (restarted != null) {
                    restarted.stopCleanly();
                }
            }
        }
    }

    @Test
    void aRevokedCertificateMakesTheDeviceBackOffAndSayWhy() throws Exception {
        Mqtt.awaitGateway();
        String template = "c-revoked-" + RUN;
        String serial = "SN-R-" + RUN;
        String thing = "c-r-" + serial;
        Identity claim = FleetFixtures.claimIdentity(iot, template);
        FleetFixtures.createFleetTemplate(iot, template, "c-r-", DEVICE_POLICY);
        Path config = configure(claim, template, serial, TestEnvironment.port(8883), """
                mqtt-version = 5
                provisioning-api = csr
                telemetry-interval = 1s
                """);
        DeviceProcess device = DeviceProcess.start(config, directory.resolve("device.log"));
        try {
            await(
                    "the device connects with its own certificate",
                    device,
                    () -> device.log().contains("connected; "));
            assertThat(device.log()).contains("$aws/certificates/create-from-csr/json");
            String certificateArn = iot.listThingPrincipals(r -> r.thingName(thing))
                    .principals()
                    .getFirst();
            int before = device.log().length();
            iot.updateCertificate(r -> r.certificateId(idOf(certificateArn)).newStatus(CertificateStatus.REVOKED));

            // disconnected at once, then refused with the reason; it retries ever more slowly, not in a tight loop
            Thread.sleep(30_000);
            String after = device.log().substring(before);
            assertThat(after)
                    .contains("connection lost: the server disconnected; reason code 135 (Not authorized): certificate"
                            + " REVOKED")
                    .contains("connection refused or failed: CONNACK refused; reason code 135 (Not authorized)");
            List<Long> windows = new ArrayList<>();
            Matcher matcher = Pattern.compile("backoff window (\\d+) ms").matcher(after);
            while (matcher.find()) {
                windows.add(Long.parseLong(matcher.group(1)));
            }
            long refusals =
                    after.lines().filter(l -> l.contains("CONNACK refused")).count();
            assertThat(refusals).as(after).isBetween(3L, 10L);
            assertThat(windows).as(after).startsWith(1000L, 2000L, 4000L);
            for (int i = 1; i < windows.size(); i++) {
                assertThat(windows.get(i)).isEqualTo(Math.min(2 * windows.get(i - 1), 120_000L));
            }
        } finally {
            // SIGTERM in the middle of a backoff: it stops at once, cleanly
            long start = System.nanoTime();
            device.stopCleanly();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                    .isLessThan(5);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The device's configuration file in the test directory, with the claim certificate and the root CA. */
    private Path configure(Identity claim, String template, String serial, int port, String extra) throws Exception {
        Path certs = Files.createDirectories(directory.resolve("certs"));
        Files.writeString(certs.resolve("root-ca.pem"), Mqtt.rootCaPem());
        Files.writeString(certs.resolve("claim.pem"), claim.certificatePem());
        Files.writeString(certs.resolve("claim.key"), claim.privateKeyPem());
        return Files.writeString(directory.resolve("device.conf"), """
                endpoint = localhost
                port = %d
                root-ca = certs/root-ca.pem
                claim-certificate = certs/claim.pem
                claim-key = certs/claim.key
                template = %s
                serial = %s
                state-dir = state
                backoff-base = 1s
                backoff-max = 2m
                %s""".formatted(port, template, serial, extra));
    }

    /**
     * At least once and in order: every sequence number from the first to the last arrives, and a number arrives
     * again only right after the connection came back (a reading whose PUBACK was lost), never before one it follows.
     */
    private static void assertInOrderWithoutGaps(List<Long> sequences) {
        long highest = sequences.getFirst() - 1;
        for (long sequence : sequences) {
            assertThat(sequence)
                    .as("a reading arrives after all earlier ones, or is a repeat (all: %s)", sequences)
                    .isLessThanOrEqualTo(highest + 1);
            highest = Math.max(highest, sequence);
        }
        assertThat(sequences.stream().distinct().count()).isEqualTo(highest - sequences.getFirst() + 1);
    }

    private static void publishAsPlatform(String topic, String payload) throws Exception {
        var response = TestEnvironment.send(HttpRequest.newBuilder(TestEnvironment.http(
                        "/jobs-probe/publish?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
                .timeout(java.time.Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private static String idOf(String certificateArn) {
        return certificateArn.substring(certificateArn.lastIndexOf('/') + 1);
    }

    private static Optional<JsonObject> shadow(String thing) {
        try {
            return Optional.of(TestEnvironment.json(
                    data.getThingShadow(r -> r.thingName(thing)).payload().asUtf8String()));
        } catch (software.amazon.awssdk.services.iotdataplane.model.ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void collect(BlockingQueue<Received> telemetry, List<Long> sequences, int atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sequences.size() < atLeast && System.nanoTime() < deadline) {
            Received message = telemetry.poll(1, TimeUnit.SECONDS);
            if (message != null) {
                sequences.add(sequenceOf(message));
            }
        }
        assertThat(sequences).as("telemetry before the outage").hasSizeGreaterThanOrEqualTo(atLeast);
    }

    private static void collectQuietly(BlockingQueue<Received> telemetry, List<Long> sequences) {
        Received message;
        while ((message = telemetry.poll()) != null) {
            sequences.add(sequenceOf(message));
        }
    }

    private static long sequenceOf(Received message) {
        return TestEnvironment.json(message.payload()).getJsonNumber("sequence").longValue();
    }

    private static void await(String what, DeviceProcess device, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; the device's log:\n" + device.log());
            }
            if (!device.process.isAlive()) {
                throw new AssertionError("the device exited with " + device.process.exitValue() + " before " + what
                        + "; its log:\n" + device.log());
            }
            Thread.sleep(250);
        }
    }

    /** Runs a build command in the source directory; fails the test with its output when it fails. */
    private static String run(List<String> command) throws Exception {
        Path output = Files.createTempFile(BUILD, "command", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(SOURCE.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    command.getFirst() + " is missing: install cmake gcc libpaho-mqtt-dev"
                            + " libcjson-dev libssl-dev (./thingstead test does as root)",
                    e);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        String text = Files.readString(output);
        assertThat(process.exitValue()).as("%s\n%s", command, text).isZero();
        return text;
    }

    /** The compiled device as a process, its standard output and error in a log file. */
    private static final class DeviceProcess {
        private final Process process;
        private final Path log;

        private DeviceProcess(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static DeviceProcess start(Path config, Path log) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), config.toString())
                    .directory(config.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment()
                    .put(
                            "ASAN_OPTIONS",
                            "detect_leaks=1:halt_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=30");
            builder.environment().put("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
            return new DeviceProcess(builder.start(), log);
        }

        String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** SIGTERM: the device must end within 20 s, with status 0 and no sanitizer report. */
        void stopCleanly() throws Exception {
            if (!process.isAlive() && process.exitValue() == 0) {
                return;
            }
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the device did not stop within 20 s of SIGTERM:\n" + log());
            }
            String text = log();
            assertThat(process.exitValue()).as(text).isZero();
            assertThat(text)
                    .contains("stopped")
                    .doesNotContain("AddressSanitizer")
                    .doesNotContain("LeakSanitizer")
                    .doesNotContain("runtime error:");
        }
    }
}
