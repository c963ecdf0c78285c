package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.thingstead.it.Mqtt.Identity;
import io.thingstead.it.Mqtt.Inbox;
import io.thingstead.it.Mqtt.Received;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ActiveViolation;
import software.amazon.awssdk.services.iot.model.AlertTarget;
import software.amazon.awssdk.services.iot.model.AuditCheckConfiguration;
import software.amazon.awssdk.services.iot.model.AuditFinding;
import software.amazon.awssdk.services.iot.model.AuditFrequency;
import software.amazon.awssdk.services.iot.model.AuditMitigationActionsTaskStatus;
import software.amazon.awssdk.services.iot.model.AuditTaskStatus;
import software.amazon.awssdk.services.iot.model.Behavior;
import software.amazon.awssdk.services.iot.model.BehaviorCriteria;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.ComparisonOperator;
import software.amazon.awssdk.services.iot.model.DescribeAuditTaskResponse;
import software.amazon.awssdk.services.iot.model.DeviceCertificateUpdateAction;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.MetricValue;
import software.amazon.awssdk.services.iot.model.ResourceIdentifier;
import software.amazon.awssdk.services.iot.model.ViolationEvent;
import software.amazon.awssdk.services.iot.model.ViolationEventType;

/**
 * Device Defender through the AWS SDK's {@link IotClient} and real MQTT clients: an on-demand audit of a fleet with an
 * expiring certificate, a certificate its CA revoked that is still active, a certificate two devices share, a policy
 * with {@code iot:*} on {@code *} and two devices using one client id finds exactly those, with AWS's check names and
 * severities; a mitigation action deactivates the shared certificate and its devices are disconnected. Detect: a
 * device that floods, fails authorization and reports a listening telnet port (Device Defender's JSON report) raises
 * violations within the behaviors' duration that clear once it behaves, alerts reach the profile's MQTT topic, and a
 * detect mitigation puts the device into a quarantine group.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DefenderIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ACCOUNT = "arn:aws:iot:us-east-1:000000000000:";
    private static final String ROLE = "arn:aws:iam::000000000000:role/DefenderRole";
    private static IotClient iot;
    private static final List<MqttAsyncClient> CLIENTS = new ArrayList<>();

    @TempDir
    static Path directory;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void client() throws Exception {
        iot = Operator.iot();
        Mqtt.awaitGateway();
    }

    @AfterAll
    static void close() {
        for (MqttAsyncClient client : CLIENTS) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(2000);
                }
                client.close(true);
            } catch (MqttException e) {
                // already gone
            }
        }
        iot.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Audit

    @Test
    void anOnDemandAuditFindsExactlyTheFleetsProblemsAndAMitigationCutsTheSharedCertificateOff() throws Exception {
        Map<String, AuditCheckConfiguration> checks = new HashMap<>();
        for (String check : List.of(
                "DEVICE_CERTIFICATE_EXPIRING_CHECK",
                "CA_CERTIFICATE_EXPIRING_CHECK",
                "REVOKED_CA_CERTIFICATE_STILL_ACTIVE_CHECK",
                "REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK",
                "DEVICE_CERTIFICATE_SHARED_CHECK",
                "CONFLICTING_CLIENT_IDS_CHECK",
                "IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
                "DEVICE_CERTIFICATE_AGE_CHECK",
                "INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK")) {
            checks.put(check, AuditCheckConfiguration.builder().enabled(true).build());
        }
        iot.updateAccountAuditConfiguration(r -> r.roleArn(ROLE).auditCheckConfigurations(checks));
        assertThat(iot.describeAccountAuditConfiguration(r -> {})
                        .auditCheckConfigurations()
                        .get("DEVICE_CERTIFICATE_SHARED_CHECK")
                        .enabled())
                .isTrue();
        assertThat(catchThrowableOfType(
                        InvalidRequestException.class,
                        () -> iot.updateAccountAuditConfiguration(r -> r.auditCheckConfigurations(Map.of(
                                "NO_SUCH_CHECK",
                                AuditCheckConfiguration.builder().enabled(true).build())))))
                .isNotNull();

        // the fleet
        OpenSsl ssl = new OpenSsl(directory);
        ssl.ok(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "expiring.key",
                "-out",
                "expiring.pem",
                "-days",
                "5",
                "-subj",
                "/CN=defender-expiring-" + RUN);
        String expiring = iot.registerCertificateWithoutCA(
                        r -> r.certificatePem(ssl.read("expiring.pem")).status(CertificateStatus.ACTIVE))
                .certificateId();

        String caSubject = "/O=Example/CN=Defender CA " + RUN;
        ssl.selfSignedCa("ca", caSubject, 365);
        String code = iot.getRegistrationCode(r -> {}).registrationCode();
        ssl.issue("ca", "verification", "/CN=" + code);
        String caId = iot.registerCACertificate(r -> r.caCertificate(ssl.read("ca.pem"))
                        .verificationCertificate(ssl.read("verification.pem"))
                        .setAsActive(true))
                .certificateId();
        ssl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "revoked.key");
        ssl.ok("req", "-new", "-key", "revoked.key", "-subj", "/CN=defender-revoked-" + RUN, "-out", "revoked.csr");
        ssl.ok(
                "x509",
                "-req",
                "-in",
                "revoked.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "365",
                "-sha256",
                "-out",
                "revoked.pem");
        String revoked = iot.registerCertificate(
                        r -> r.certificatePem(ssl.read("revoked.pem")).status(CertificateStatus.ACTIVE))
                .certificateId();
        Files.writeString(directory.resolve("index.txt"), "");
        Files.writeString(directory.resolve("crlnumber"), "01\n");
        ssl.write(
                "ca.cnf",
                "[ ca ]\ndefault_ca = ext\n[ ext ]\ndatabase = index.txt\ncrlnumber = crlnumber\n"
                        + "default_md = sha256\ndefault_crl_days = 7\ncertificate = ca.pem\nprivate_key = ca.key\n");
        ssl.ok("ca", "-config", "ca.cnf", "-revoke", "revoked.pem");
        ssl.ok("ca", "-config", "ca.cnf", "-gencrl", "-out", "ca.crl");
        HttpResponse<String> upload =
                SignedHttp.send("POST", "/pki/ca/" + caId + "/crl", ssl.bytes("ca.crl"), "application/pkix-crl");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);

        String connectOnly = "defender-connect-" + RUN;
        iot.createPolicy(r -> r.policyName(connectOnly).policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect",
                 "Resource":"%sclient/defender-%s-*"}]}""".formatted(ACCOUNT, RUN)));
        String wide = "defender-wide-" + RUN;
        iot.createPolicy(r -> r.policyName(wide)
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}"));

        Identity shared = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(connectOnly).target(shared.certificateArn()));
        CompletableFuture<MqttDisconnectResponse> sharedA = new CompletableFuture<>();
        CompletableFuture<MqttDisconnectResponse> sharedB = new CompletableFuture<>();
        connect(shared, "defender-" + RUN + "-shared-a", new Inbox(), sharedA);
        connect(shared, "defender-" + RUN + "-shared-b", new Inbox(), sharedB);

        Identity first = Identity.create(iot);
        Identity second = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(connectOnly).target(first.certificateArn()));
        iot.attachPolicy(r -> r.policyName(connectOnly).target(second.certificateArn()));
        String conflicting = "defender-" + RUN + "-conflict";
        CompletableFuture<MqttDisconnectResponse> takenOver = new CompletableFuture<>();
        connect(first, conflicting, new Inbox(), takenOver);
        connect(second, conflicting, new Inbox(), new CompletableFuture<>());
        takenOver.get(20, TimeUnit.SECONDS);

        Identity clean = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(connectOnly).target(clean.certificateArn()));
        connect(clean, "defender-" + RUN + "-clean", new Inbox(), new CompletableFuture<>());
        Thread.sleep(2500); // the connection history is written every second

        // the audit
        long t0 = System.nanoTime();
        String taskId = iot.startOnDemandAuditTask(r -> r.targetCheckNames(checks.keySet()))
                .taskId();
        DescribeAuditTaskResponse task = awaitAudit(taskId);
        System.out.printf("on-demand audit of %d checks: %d ms%n", checks.size(), (System.nanoTime() - t0) / 1_000_000);
        assertThat(task.taskStatus()).isEqualTo(AuditTaskStatus.COMPLETED);
        assertThat(task.taskStatistics().totalChecks()).isEqualTo(checks.size());
        assertThat(task.auditDetails().get("DEVICE_CERTIFICATE_SHARED_CHECK").checkRunStatusAsString())
                .isEqualTo("COMPLETED_NON_COMPLIANT");
        assertThat(iot.listAuditTasks(r -> r.startTime(Instant.now().minus(Duration.ofHours(1)))
                                .endTime(Instant.now().plusSeconds(60)))
                        .tasks())
                .anySatisfy(t -> assertThat(t.taskId()).isEqualTo(taskId));

        List<AuditFinding> findings = findings(taskId);
        Map<String, Set<String>> byResource = new HashMap<>();
        Map<String, String> severities = new HashMap<>();
        for (AuditFinding finding : findings) {
            ResourceIdentifier id = finding.nonCompliantResource().resourceIdentifier();
            String key = id.deviceCertificateId() != null
                    ? id.deviceCertificateId()
                    : id.clientId() != null
                            ? id.clientId()
                            : id.policyVersionIdentifier() != null
                                    ? id.policyVersionIdentifier().policyName()
                                    : String.valueOf(id.caCertificateId());
            byResource.computeIfAbsent(key, k -> new HashSet<>()).add(finding.checkName());
            severities.put(finding.checkName(), finding.severityAsString());
        }
        assertThat(byResource.get(expiring)).containsExactly("DEVICE_CERTIFICATE_EXPIRING_CHECK");
        assertThat(byResource.get(revoked)).containsExactly("REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK");
        assertThat(byResource.get(shared.certificateId())).containsExactly("DEVICE_CERTIFICATE_SHARED_CHECK");
        assertThat(byResource.get(conflicting)).containsExactly("CONFLICTING_CLIENT_IDS_CHECK");
        assertThat(byResource.get(wide)).containsExactly("IOT_POLICY_OVERLY_PERMISSIVE_CHECK");
        assertThat(byResource)
                .doesNotContainKeys(
                        clean.certificateId(), first.certificateId(), second.certificateId(), connectOnly, caId);
        assertThat(severities)
                .containsEntry("DEVICE_CERTIFICATE_EXPIRING_CHECK", "MEDIUM")
                .containsEntry("REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK", "MEDIUM")
                .containsEntry("DEVICE_CERTIFICATE_SHARED_CHECK", "CRITICAL")
                .containsEntry("CONFLICTING_CLIENT_IDS_CHECK", "HIGH")
                .containsEntry("IOT_POLICY_OVERLY_PERMISSIVE_CHECK", "CRITICAL");
        assertThat(iot.listAuditFindings(r -> r.checkName("DEVICE_CERTIFICATE_SHARED_CHECK")
                                .startTime(Instant.now().minus(Duration.ofHours(1)))
                                .endTime(Instant.now().plusSeconds(60))
                                .resourceIdentifier(i -> i.deviceCertificateId(shared.certificateId())))
                        .findings())
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.checkName()).isEqualTo("DEVICE_CERTIFICATE_SHARED_CHECK"));

        // a suppression: the expiring certificate is known and accepted; the next audit counts it as suppressed
        iot.createAuditSuppression(r -> r.checkName("DEVICE_CERTIFICATE_EXPIRING_CHECK")
                .resourceIdentifier(i -> i.deviceCertificateId(expiring))
                .suppressIndefinitely(true)
                .description("lab device, replaced next week"));
        assertThat(iot.listAuditSuppressions(r -> r.checkName("DEVICE_CERTIFICATE_EXPIRING_CHECK"))
                        .suppressions())
                .anySatisfy(s ->
                        assertThat(s.resourceIdentifier().deviceCertificateId()).isEqualTo(expiring));
        String second_ = iot.startOnDemandAuditTask(r -> r.targetCheckNames("DEVICE_CERTIFICATE_EXPIRING_CHECK"))
                .taskId();
        assertThat(awaitAudit(second_)
                        .auditDetails()
                        .get("DEVICE_CERTIFICATE_EXPIRING_CHECK")
                        .suppressedNonCompliantResourcesCount())
                .isGreaterThanOrEqualTo(1L);
        assertThat(findings(second_))
                .filteredOn(f -> expiring.equals(
                        f.nonCompliantResource().resourceIdentifier().deviceCertificateId()))
                .singleElement()
                .satisfies(f -> assertThat(f.isSuppressed()).isTrue());

        // scheduled audits: created, described, listed, deleted
        iot.createScheduledAudit(r -> r.scheduledAuditName("defender-weekly-" + RUN)
                .frequency(AuditFrequency.WEEKLY)
                .dayOfWeek("MON")
                .targetCheckNames("DEVICE_CERTIFICATE_SHARED_CHECK"));
        assertThat(iot.describeScheduledAudit(r -> r.scheduledAuditName("defender-weekly-" + RUN))
                        .dayOfWeekAsString())
                .isEqualTo("MON");
        assertThat(iot.listScheduledAudits(r -> {}).scheduledAudits())
                .anySatisfy(s -> assertThat(s.scheduledAuditName()).isEqualTo("defender-weekly-" + RUN));
        iot.deleteScheduledAudit(r -> r.scheduledAuditName("defender-weekly-" + RUN));

        // mitigation: deactivate the shared certificate; both devices are cut off within seconds
        String action = "defender-deactivate-" + RUN;
        iot.createMitigationAction(r -> r.actionName(action)
                .roleArn(ROLE)
                .actionParams(
                        p -> p.updateDeviceCertificateParams(u -> u.action(DeviceCertificateUpdateAction.DEACTIVATE))));
        String sharedFinding = findings.stream()
                .filter(f -> f.checkName().equals("DEVICE_CERTIFICATE_SHARED_CHECK")
                        && shared.certificateId()
                                .equals(f.nonCompliantResource()
                                        .resourceIdentifier()
                                        .deviceCertificateId()))
                .findFirst()
                .orElseThrow()
                .findingId();
        long m0 = System.nanoTime();
        iot.startAuditMitigationActionsTask(r -> r.taskId("defender-mitigate-" + RUN)
                .target(t -> t.findingIds(sharedFinding))
                .auditCheckToActionsMapping(Map.of("DEVICE_CERTIFICATE_SHARED_CHECK", List.of(action)))
                .clientRequestToken(UUID.randomUUID().toString()));
        sharedA.get(20, TimeUnit.SECONDS);
        sharedB.get(20, TimeUnit.SECONDS);
        System.out.printf(
                "mitigation started to both devices disconnected: %d ms%n", (System.nanoTime() - m0) / 1_000_000);
        assertThat(iot.describeCertificate(r -> r.certificateId(shared.certificateId()))
                        .certificateDescription()
                        .status())
                .isEqualTo(CertificateStatus.INACTIVE);
        await(() -> iot.describeAuditMitigationActionsTask(r -> r.taskId("defender-mitigate-" + RUN))
                        .taskStatus()
                == AuditMitigationActionsTaskStatus.COMPLETED);
        var statistics = iot.describeAuditMitigationActionsTask(r -> r.taskId("defender-mitigate-" + RUN))
                .taskStatistics()
                .get("DEVICE_CERTIFICATE_SHARED_CHECK");
        assertThat(statistics.succeededFindingsCount()).isEqualTo(1L);
        assertThat(iot.listAuditMitigationActionsExecutions(
                                r -> r.taskId("defender-mitigate-" + RUN).findingId(sharedFinding))
                        .actionsExecutions())
                .singleElement()
                .satisfies(e -> assertThat(e.statusAsString()).isEqualTo("COMPLETED"));
        assertThat(catchThrowableOfType(
                        Exception.class,
                        () -> connect(shared, "defender-" + RUN + "-shared-c", new Inbox(), new CompletableFuture<>())))
                .as("the deactivated certificate cannot connect again")
                .isNotNull();
    }

    private static DescribeAuditTaskResponse awaitAudit(String taskId) throws InterruptedException {
        await(() -> iot.describeAuditTask(r -> r.taskId(taskId)).taskStatus() != AuditTaskStatus.IN_PROGRESS);
        return iot.describeAuditTask(r -> r.taskId(taskId));
    }

    private static List<AuditFinding> findings(String taskId) {
        List<AuditFinding> findings = new ArrayList<>();
        iot.listAuditFindingsPaginator(r -> r.taskId(taskId).maxResults(250))
                .forEach(p -> findings.addAll(p.findings()));
        return findings;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Detect

    @Test
    void aMisbehavingDeviceRaisesViolationsThatClearAndADetectMitigationQuarantinesIt() throws Exception {
        String thing = "defender-noisy-" + RUN;
        String watched = "defender-watched-" + RUN;
        String quarantine = "defender-quarantine-" + RUN;
        iot.createThingGroup(r -> r.thingGroupName(watched));
        iot.createThingGroup(r -> r.thingGroupName(quarantine));
        iot.createThing(r -> r.thingName(thing));
        iot.addThingToThingGroup(r -> r.thingName(thing).thingGroupName(watched));
        Identity identity = Identity.create(iot);
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(identity.certificateArn()));
        String policy = "defender-device-" + RUN;
        iot.createPolicy(r -> r.policyName(policy).policyDocument("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":"iot:Connect","Resource":"%1$sclient/${iot:Connection.Thing.ThingName}"},
                 {"Effect":"Allow","Action":"iot:Publish","Resource":[
                   "%1$stopic/telemetry/${iot:Connection.Thing.ThingName}",
                   "%1$stopic/$aws/things/${iot:Connection.Thing.ThingName}/defender/metrics/*"]},
                 {"Effect":"Allow","Action":"iot:Subscribe",
                  "Resource":"%1$stopicfilter/$aws/things/${iot:Connection.Thing.ThingName}/defender/metrics/*"},
                 {"Effect":"Allow","Action":"iot:Receive",
                  "Resource":"%1$stopic/$aws/things/${iot:Connection.Thing.ThingName}/defender/metrics/*"}]}""".formatted(ACCOUNT)));
        iot.attachPolicy(r -> r.policyName(policy).target(identity.certificateArn()));

        String alerts = "defender/alerts/" + RUN;
        Identity observer = FleetFixtures.adminIdentity(iot, "defender-observer-" + RUN);
        Inbox alertInbox = new Inbox();
        MqttAsyncClient watcher = connect(observer, "defender-observer-" + RUN, alertInbox, new CompletableFuture<>());
        watcher.subscribe(alerts, 1).waitForCompletion(20_000);

        // a 10 s tick: durations are multiples of it (AWS: 300 s and up)
        String profile = "defender-profile-" + RUN;
        iot.createSecurityProfile(r -> r.securityProfileName(profile)
                .securityProfileDescription("what a sensor does")
                .behaviors(
                        behavior("flood", "aws:num-messages-sent", ComparisonOperator.LESS_THAN, 20, 10),
                        behavior("authz", "aws:num-authorization-failures", ComparisonOperator.LESS_THAN, 3, 10),
                        Behavior.builder()
                                .name("ports")
                                .metric("aws:listening-tcp-ports")
                                .criteria(BehaviorCriteria.builder()
                                        .comparisonOperator(ComparisonOperator.IN_PORT_SET)
                                        .value(MetricValue.builder()
                                                .ports(443, 8883)
                                                .build())
                                        .consecutiveDatapointsToAlarm(1)
                                        .consecutiveDatapointsToClear(1)
                                        .build())
                                .build())
                .alertTargetsWithStrings(Map.of(
                        "SNS",
                        AlertTarget.builder()
                                .alertTargetArn(ACCOUNT + "topic/" + alerts)
                                .roleArn(ROLE)
                                .build())));
        assertThat(catchThrowableOfType(
                        InvalidRequestException.class,
                        () -> iot.createSecurityProfile(r -> r.securityProfileName(profile + "-bad")
                                .behaviors(behavior("x", "aws:no-such-metric", ComparisonOperator.LESS_THAN, 1, 10)))))
                .isNotNull();
        iot.attachSecurityProfile(
                r -> r.securityProfileName(profile).securityProfileTargetArn(ACCOUNT + "thinggroup/" + watched));
        assertThat(iot.listTargetsForSecurityProfile(r -> r.securityProfileName(profile))
                        .securityProfileTargets())
                .singleElement()
                .satisfies(t -> assertThat(t.arn()).isEqualTo(ACCOUNT + "thinggroup/" + watched));
        Thread.sleep(11_000); // the next tick sees the profile and turns the gateway's counting on

        Inbox replies = new Inbox();
        MqttAsyncClient device = connect(identity, thing, replies, new CompletableFuture<>());
        device.subscribe("$aws/things/" + thing + "/defender/metrics/json/+", 1).waitForCompletion(20_000);

        // a malformed report is rejected with AWS's error document
        device.publish("$aws/things/" + thing + "/defender/metrics/json", "{\"metrics\": {}".getBytes(), 1, false)
                .waitForCompletion(20_000);
        JsonObject rejected =
                TestEnvironment.json(replies.next("$aws/things/" + thing + "/defender/metrics/json/rejected")
                        .payload());
        assertThat(rejected.getString("status")).isEqualTo("REJECTED");
        assertThat(rejected.getJsonObject("statusDetails").getString("ErrorCode"))
                .isEqualTo("Malformed");
        assertThat(rejected.getString("thingName")).isEqualTo(thing);

        // misbehaviour: a flood, refused publishes, a report (the agents' JSON) with telnet listening
        long v0 = System.nanoTime();
        device.publish(
                        "$aws/things/" + thing + "/defender/metrics/json",
                        report(1, 23).getBytes(),
                        1,
                        false)
                .waitForCompletion(20_000);
        Received accepted = replies.next("$aws/things/" + thing + "/defender/metrics/json/accepted");
        assertThat(TestEnvironment.json(accepted.payload()).getString("status")).isEqualTo("ACCEPTED");
        for (int i = 0; i < 60; i++) {
            device.publish("telemetry/" + thing, ("{\"n\":" + i + "}").getBytes(), 1, false)
                    .waitForCompletion(20_000);
        }
        for (int i = 0; i < 5; i++) {
            IMqttToken refused = device.publish("telemetry/somebody-else", "x".getBytes(), 1, false);
            refused.waitForCompletion(20_000);
            assertThat(refused.getReasonCodes()[0]).isGreaterThanOrEqualTo(0x80);
        }
        Set<String> alarmed = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (alarmed.size() < 3 && System.nanoTime() < deadline) {
            JsonObject alert = TestEnvironment.json(alertInbox.next(alerts).payload());
            assertThat(alert.getString("thingName")).isEqualTo(thing);
            assertThat(alert.getString("securityProfileName")).isEqualTo(profile);
            if (alert.getString("violationEventType").equals("in-alarm")) {
                alarmed.add(alert.getJsonObject("behavior").getString("name"));
            }
        }
        System.out.printf("misbehaviour to three in-alarm alerts: %d ms%n", (System.nanoTime() - v0) / 1_000_000);
        assertThat(alarmed).containsExactlyInAnyOrder("flood", "authz", "ports");
        List<ActiveViolation> active =
                iot.listActiveViolations(r -> r.thingName(thing)).activeViolations();
        assertThat(active).extracting(v -> v.behavior().name()).containsExactlyInAnyOrder("flood", "authz", "ports");
        assertThat(active)
                .filteredOn(v -> v.behavior().name().equals("flood"))
                .singleElement()
                .satisfies(v -> assertThat(v.lastViolationValue().count()).isGreaterThanOrEqualTo(20L));
        assertThat(active)
                .filteredOn(v -> v.behavior().name().equals("ports"))
                .singleElement()
                .satisfies(v -> assertThat(v.lastViolationValue().ports()).contains(23));
        String floodViolation = active.stream()
                .filter(v -> v.behavior().name().equals("flood"))
                .findFirst()
                .orElseThrow()
                .violationId();

        // detect mitigation: into the quarantine group
        String quarantineAction = "defender-quarantine-" + RUN;
        iot.createMitigationAction(r -> r.actionName(quarantineAction)
                .roleArn(ROLE)
                .actionParams(p -> p.addThingsToThingGroupParams(g -> g.thingGroupNames(quarantine))));
        iot.startDetectMitigationActionsTask(r -> r.taskId("defender-detect-" + RUN)
                .target(t -> t.violationIds(floodViolation))
                .actions(quarantineAction)
                .clientRequestToken(UUID.randomUUID().toString()));
        await(() -> iot.listThingGroupsForThing(r -> r.thingName(thing)).thingGroups().stream()
                .anyMatch(g -> g.groupName().equals(quarantine)));
        await(() -> iot.describeDetectMitigationActionsTask(r -> r.taskId("defender-detect-" + RUN))
                .taskSummary()
                .taskStatusAsString()
                .equals("SUCCESSFUL"));

        // behaving again: a clean report, no flood, no refusals; every violation clears
        device.publish(
                        "$aws/things/" + thing + "/defender/metrics/json",
                        report(2, 443).getBytes(),
                        1,
                        false)
                .waitForCompletion(20_000);
        replies.next("$aws/things/" + thing + "/defender/metrics/json/accepted");
        Set<String> cleared = new HashSet<>();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (cleared.size() < 3 && System.nanoTime() < deadline) {
            JsonObject alert = TestEnvironment.json(alertInbox.next(alerts).payload());
            if (alert.getString("violationEventType").equals("alarm-cleared")) {
                cleared.add(alert.getJsonObject("behavior").getString("name"));
            }
        }
        assertThat(cleared).containsExactlyInAnyOrder("flood", "authz", "ports");
        assertThat(iot.listActiveViolations(r -> r.thingName(thing)).activeViolations())
                .isEmpty();
        List<ViolationEvent> events = iot.listViolationEvents(r -> r.thingName(thing)
                        .startTime(Instant.now().minus(Duration.ofMinutes(10)))
                        .endTime(Instant.now().plusSeconds(60)))
                .violationEvents();
        assertThat(events)
                .filteredOn(e -> e.behavior().name().equals("flood"))
                .extracting(ViolationEvent::violationEventType)
                .containsExactly(ViolationEventType.IN_ALARM, ViolationEventType.ALARM_CLEARED);

        iot.putVerificationStateOnViolation(r -> r.violationId(floodViolation)
                .verificationState("TRUE_POSITIVE")
                .verificationStateDescription("firmware bug, fixed"));
        iot.detachSecurityProfile(
                r -> r.securityProfileName(profile).securityProfileTargetArn(ACCOUNT + "thinggroup/" + watched));
        iot.deleteSecurityProfile(r -> r.securityProfileName(profile));
    }

    private static Behavior behavior(
            String name, String metric, ComparisonOperator operator, long count, int durationSeconds) {
        return Behavior.builder()
                .name(name)
                .metric(metric)
                .criteria(BehaviorCriteria.builder()
                        .comparisonOperator(operator)
                        .value(MetricValue.builder().count(count).build())
                        .durationSeconds(durationSeconds)
                        .consecutiveDatapointsToAlarm(1)
                        .consecutiveDatapointsToClear(1)
                        .build())
                .build();
    }

    /** A report as the Device Defender agents send it (long names), listening on one TCP port. */
    private static String report(long id, int port) {
        return """
                {"header": {"report_id": %d, "version": "1.0"},
                 "metrics": {
                   "listening_tcp_ports": {"ports": [{"interface": "eth0", "port": %d}], "total": 1},
                   "listening_udp_ports": {"ports": [{"interface": "eth0", "port": 5353}], "total": 1},
                   "network_stats": {"bytes_in": 29358, "bytes_out": 26485, "packets_in": 100, "packets_out": 113},
                   "tcp_connections": {"established_connections": {
                     "connections": [{"local_interface": "eth0", "local_port": 8883, "remote_addr": "192.168.0.1:8000"}],
                     "total": 1}}}}""".formatted(id, port);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    private static MqttAsyncClient connect(
            Identity identity, String clientId, Inbox inbox, CompletableFuture<MqttDisconnectResponse> lost)
            throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(Mqtt.tlsUri(), clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                lost.complete(response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(topic, message.getPayload(), message.getQos(), message.isRetained());
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(Mqtt.socketFactory(identity));
        options.setCleanStart(true);
        options.setConnectionTimeout(15);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        try {
            client.connect(options).waitForCompletion(20_000);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        synchronized (CLIENTS) {
            CLIENTS.add(client);
        }
        return client;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s");
            }
            Thread.sleep(250);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
