package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.device.Credentials;
import io.thingstead.device.Device;
import io.thingstead.device.FirmwareDownloader;
import io.thingstead.device.FirmwareSlots;
import io.thingstead.device.FirmwareVerifier;
import io.thingstead.device.JobsAgent;
import io.thingstead.device.MqttSession;
import io.thingstead.it.Mqtt.Identity;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AbortAction;
import software.amazon.awssdk.services.iot.model.DescribeJobResponse;
import software.amazon.awssdk.services.iot.model.JobExecutionFailureType;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.JobExecutionSummaryForJob;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.TargetSelection;

/**
 * Over-the-air updates end to end: a fleet of Java reference devices (default 200, {@code -Dota.devices=N}), simulated
 * in this JVM, each with its own certificate, MQTT connection, A/B slots on disk and {@link JobsAgent}, takes
 * firmware the platform signed with its code-signing key.
 *
 * <ol>
 *   <li>A good image rolls out with {@code exponentialRate}: the first wave goes at the base rate, later ones faster;
 *       every device downloads over HTTPS from its execution's signed URL, verifies certificate, SHA-256 and
 *       signature, installs into its inactive slot, restarts, passes its self-test and reports SUCCEEDED.
 *   <li>An image whose self-test fails, with an abort configuration: devices roll back and report FAILED, the job is
 *       canceled once the threshold is crossed, and no device starts it afterwards.
 *   <li>An image tampered with in the platform's storage after it was signed: every device refuses it before
 *       installing anything and stays on its image.
 * </ol>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OtaJobsIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final int DEVICES = Integer.getInteger("ota.devices", 200);

    private static IotClient iot;
    private static String groupArn;
    private static String rootCa;
    private static HttpClient downloads;
    private static final List<SimulatedDevice> fleet = new ArrayList<>();
    private static Path state;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void fleet() throws Exception {
        iot = Operator.iot();
        Mqtt.awaitGateway();
        rootCa = Mqtt.rootCaPem();
        state = Files.createTempDirectory("ota-fleet");
        downloads = HttpClient.newBuilder()
                .sslContext(Credentials.trustOnly(rootCa))
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        String policy = "ota-device-" + RUN;
        iot.createPolicy(r -> r.policyName(policy).policyDocument(JobsIT.JOBS_POLICY));
        String group = "ota-fleet-" + RUN;
        groupArn = iot.createThingGroup(r -> r.thingGroupName(group)).thingGroupArn();

        long started = System.nanoTime();
        ExecutorService setup = Executors.newFixedThreadPool(8);
        List<Future<SimulatedDevice>> made = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            String thing = "ota-" + RUN + "-" + i;
            made.add(setup.submit(() -> {
                iot.createThing(r -> r.thingName(thing));
                Identity identity = Identity.create(iot);
                iot.attachThingPrincipal(r -> r.thingName(thing).principal(identity.certificateArn()));
                iot.attachPolicy(r -> r.policyName(policy).target(identity.certificateArn()));
                iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(thing));
                SimulatedDevice device = new SimulatedDevice(thing, identity, state.resolve(thing));
                device.powerOn();
                return device;
            }));
        }
        for (Future<SimulatedDevice> device : made) {
            fleet.add(device.get(5, TimeUnit.MINUTES));
        }
        setup.shutdown();
        System.out.printf(
                "OtaJobsIT: %d devices registered and connected in %d s%n",
                DEVICES, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @AfterAll
    static void close() {
        fleet.forEach(SimulatedDevice::powerOff);
        iot.close();
    }

    @Test
    @Order(1)
    void aSignedImageRollsOutInExponentialWavesAndEveryDeviceRunsItAfterItsSelfTest() throws Exception {
        String firmware = upload("fw-2.0.0-" + RUN, FirmwareSlots.image("2.0.0", "pass", payload(256 * 1024)));
        String jobId = "ota-good-" + RUN;
        long created = System.nanoTime();
        iot.createJob(r -> r.jobId(jobId)
                .targets(groupArn)
                .targetSelection(TargetSelection.SNAPSHOT)
                .document(otaDocument(firmware, "2.0.0"))
                .presignedUrlConfig(p -> p.expiresInSec(600L))
                .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(1000)
                        .exponentialRate(e -> e.baseRatePerMinute(120)
                                .incrementFactor(2.0)
                                .rateIncreaseCriteria(i -> i.numberOfNotifiedThings(20)))));

        JobsIT.awaitTrue(
                () -> iot.describeJob(r -> r.jobId(jobId)).job().status() == JobStatus.COMPLETED,
                "the OTA job COMPLETED",
                Duration.ofMinutes(3));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - created);
        DescribeJobResponse job = iot.describeJob(r -> r.jobId(jobId));
        assertThat(job.job().jobProcessDetails().numberOfSucceededThings()).isEqualTo(DEVICES);
        assertThat(fleet).allSatisfy(d -> assertThat(d.slots.activeVersion()).isEqualTo("2.0.0"));

        // the first 20 went at the base rate (2 per second): about ten seconds, not a burst
        List<Instant> queued = executions(jobId).stream()
                .map(e -> e.jobExecutionSummary().queuedAt())
                .sorted()
                .toList();
        assertThat(queued).hasSize(DEVICES);
        Duration firstWave = Duration.between(queued.getFirst(), queued.get(19));
        Duration all = Duration.between(queued.getFirst(), queued.getLast());
        System.out.printf(
                "OtaJobsIT: rollout of %d executions: first 20 in %d s (base 120/min), all in %d s; job completed after"
                        + " %d s%n",
                DEVICES, firstWave.toSeconds(), all.toSeconds(), seconds);
        assertThat(firstWave).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        if (DEVICES >= 100) {
            // at the base rate all would take DEVICES / 2 seconds; the exponential steps make it far shorter
            assertThat(all).isLessThan(Duration.ofSeconds(DEVICES / 2 - 20));
        }
        assertThat(executions(jobId))
                .allSatisfy(e -> assertThat(e.jobExecutionSummary().status()).isEqualTo(JobExecutionStatus.SUCCEEDED));
    }

    @Test
    @Order(2)
    void failuresPastTheAbortThresholdCancelTheJobAndNoFurtherDeviceStartsIt() throws Exception {
        String firmware = upload("fw-2.1.0-" + RUN, FirmwareSlots.image("2.1.0", "fail", payload(64 * 1024)));
        String jobId = "ota-bad-" + RUN;
        iot.createJob(r -> r.jobId(jobId)
                .targets(groupArn)
                .document(otaDocument(firmware, "2.1.0"))
                .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(60))
                .abortConfig(a -> a.criteriaList(c -> c.failureType(JobExecutionFailureType.FAILED)
                        .action(AbortAction.CANCEL)
                        .thresholdPercentage(50.0)
                        .minNumberOfExecutedThings(5))));

        JobsIT.awaitTrue(
                () -> iot.describeJob(r -> r.jobId(jobId)).job().status() == JobStatus.CANCELED,
                "the failing job aborted",
                Duration.ofSeconds(90));
        DescribeJobResponse job = iot.describeJob(r -> r.jobId(jobId));
        assertThat(job.job().reasonCode()).isEqualTo("ABORTED");
        assertThat(job.job().comment()).contains("abortConfig");

        Thread.sleep(3000); // anything in flight settles
        long startedAtAbort = startedCount(jobId);
        Thread.sleep(5000);
        assertThat(startedCount(jobId))
                .as("devices that started the job after it was aborted")
                .isEqualTo(startedAtAbort);
        assertThat(startedAtAbort).isGreaterThanOrEqualTo(5).isLessThan(DEVICES / 2);

        Map<JobExecutionStatus, Long> statuses = executions(jobId).stream()
                .collect(Collectors.groupingBy(e -> e.jobExecutionSummary().status(), Collectors.counting()));
        System.out.printf("OtaJobsIT: abort after %d devices started: %s%n", startedAtAbort, statuses);
        assertThat(statuses.getOrDefault(JobExecutionStatus.FAILED, 0L)).isGreaterThanOrEqualTo(5);
        assertThat(statuses).doesNotContainKey(JobExecutionStatus.SUCCEEDED);
        // every device that tried the image is back on the previous one
        assertThat(fleet).allSatisfy(d -> assertThat(d.slots.activeVersion()).isEqualTo("2.0.0"));
    }

    @Test
    @Order(3)
    void anImageTamperedWithAfterSigningIsRefusedByEveryDeviceBeforeInstalling() throws Exception {
        String firmware = upload("fw-2.2.0-" + RUN, FirmwareSlots.image("2.2.0", "pass", payload(64 * 1024)));
        // someone with access to the storage changes one byte of the signed image
        try (Connection db = TestEnvironment.database();
                PreparedStatement tamper = db.prepareStatement(
                        "UPDATE jobs_firmware_chunk SET data = set_byte(data, 200, (get_byte(data, 200) + 1) % 256)"
                                + " WHERE name = ? AND position = 0")) {
            tamper.setString(1, firmware);
            assertThat(tamper.executeUpdate()).isEqualTo(1);
        }
        String jobId = "ota-tampered-" + RUN;
        iot.createJob(r -> r.jobId(jobId).targets(groupArn).document(otaDocument(firmware, "2.2.0")));

        JobsIT.awaitTrue(
                () -> iot.describeJob(r -> r.jobId(jobId)).job().status() == JobStatus.COMPLETED,
                "the tampered job COMPLETED",
                Duration.ofMinutes(2));
        assertThat(iot.describeJob(r -> r.jobId(jobId))
                        .job()
                        .jobProcessDetails()
                        .numberOfFailedThings())
                .isEqualTo(DEVICES);
        JobExecutionSummaryForJob one = executions(jobId).getFirst();
        String thing = one.thingArn().substring(one.thingArn().lastIndexOf('/') + 1);
        var execution = iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing));
        assertThat(execution.execution().statusDetails().detailsMap()).containsEntry("reason", "sha256");
        assertThat(fleet).allSatisfy(d -> {
            assertThat(d.slots.activeVersion()).isEqualTo("2.0.0");
            assertThat(d.slots.owed()).isEmpty();
        });
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String otaDocument(String firmware, String version) {
        return """
                {"operation": "ota", "version": "%2$s",
                 "url": "${aws:iot:s3-presigned-url:https://localhost/firmware/%1$s}",
                 "size": "${thingstead:firmware:%1$s:size}",
                 "sha256": "${thingstead:firmware:%1$s:sha256}",
                 "signature": "${thingstead:firmware:%1$s:signature}",
                 "certificate": "${thingstead:firmware:%1$s:certificate}"}""".formatted(firmware, version);
    }

    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** {@code PUT /firmware/<name>}, SigV4 with the body's SHA-256 in {@code x-amz-content-sha256}. */
    static String upload(String name, byte[] image) throws Exception {
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        HttpResponse<String> response = SignedHttp.send(
                "PUT", "/firmware/" + name, image, "application/octet-stream", Map.of("x-amz-content-sha256", sha256));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject stored = TestEnvironment.json(response.body());
        assertThat(stored.getString("sha256")).isEqualTo(sha256);
        assertThat(stored.getJsonNumber("size").longValue()).isEqualTo(image.length);
        assertThat(stored.getString("signatureAlgorithm")).isEqualTo("SHA256withECDSA");
        return name;
    }

    private static List<JobExecutionSummaryForJob> executions(String jobId) {
        List<JobExecutionSummaryForJob> all = new ArrayList<>();
        iot.listJobExecutionsForJobPaginator(r -> r.jobId(jobId).maxResults(100))
                .forEach(page -> all.addAll(page.executionSummaries()));
        all.sort(Comparator.comparing(e -> e.thingArn()));
        return all;
    }

    private static long startedCount(String jobId) {
        return fleet.stream().filter(d -> d.startedJob(jobId)).count();
    }

    /** One reference device: its own certificate, state directory with A/B slots, MQTT session and jobs agent. */
    static final class SimulatedDevice {
        final String thing;
        final SSLSocketFactory tls;
        final FirmwareSlots slots;
        private final List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        private MqttSession session;
        private JobsAgent agent;

        SimulatedDevice(String thing, Identity identity, Path state) throws Exception {
            this.thing = thing;
            this.tls = Credentials.socketFactory(identity.certificatePem(), identity.privateKeyPem(), rootCa);
            this.slots = new FirmwareSlots(state.resolve("firmware"));
        }

        synchronized void powerOn() throws Exception {
            Device.boot(slots);
            session = MqttSession.connect(Mqtt.tlsUri(), thing, tls, false);
            agent = new JobsAgent(
                    thing,
                    slots,
                    new FirmwareVerifier(rootCa),
                    new FirmwareDownloader(downloads, Duration.ofSeconds(60)),
                    this::restart);
            agent.attach(session);
        }

        synchronized void powerOff() {
            if (agent != null) {
                started.addAll(agent.started());
                agent.close();
                agent = null;
            }
            if (session != null) {
                session.close();
                session = null;
            }
        }

        boolean startedJob(String jobId) {
            JobsAgent current = agent;
            return started.contains(jobId)
                    || (current != null && current.started().contains(jobId));
        }

        private void restart() {
            powerOff();
            try {
                powerOn();
            } catch (Exception e) {
                throw new IllegalStateException(thing + " did not come back after its restart", e);
            }
        }
    }
}
