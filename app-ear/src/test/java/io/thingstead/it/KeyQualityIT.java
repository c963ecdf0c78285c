package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
import software.amazon.awssdk.services.iot.model.AuditCheckConfiguration;
import software.amazon.awssdk.services.iot.model.AuditFinding;
import software.amazon.awssdk.services.iot.model.AuditTaskStatus;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.DescribeAuditTaskResponse;
import software.amazon.awssdk.services.iot.model.IotException;

/**
 * Device Defender's key-quality checks through the AWS SDK over real certificates made here with {@code openssl}.
 *
 * <p>The PKI refuses weak keys at registration (1024-bit RSA, secp256k1), which this test shows first; so a weak key
 * can only be in the registry from before that policy (an older Thingstead, or rows migrated from elsewhere). Such rows
 * are put into {@code pki_certificate} / {@code pki_ca} here the way an old version stored them, next to strong
 * certificates registered through the API; an on-demand audit of {@code DEVICE_CERTIFICATE_KEY_QUALITY_CHECK} and
 * {@code CA_CERTIFICATE_KEY_QUALITY_CHECK} finds exactly the weak ones, with AWS's severities and reason code.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeyQualityIT {
    private static final String ROLE = "arn:aws:iam::000000000000:role/DefenderRole";
    private static IotClient iot;
    private static final List<String> INSERTED_CERTIFICATES = new ArrayList<>();
    private static final List<String> INSERTED_CAS = new ArrayList<>();
    /** The strong CA registered through the API; set INACTIVE afterwards so later audits of other tests ignore it. */
    private static final List<String> INSERTED_STRONG = new ArrayList<>();

    private static final List<String> STRONG_DEVICES = new ArrayList<>();

    @TempDir
    static java.nio.file.Path directory;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void client() throws Exception {
        iot = Operator.iot();
    }

    @AfterAll
    static void clean() throws Exception {
        try (Connection db = TestEnvironment.database()) {
            for (String id : INSERTED_CERTIFICATES) {
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM pki_certificate WHERE id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
            for (String id : INSERTED_CAS) {
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM pki_ca WHERE id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
        }
        for (String id : INSERTED_STRONG) {
            iot.updateCACertificate(r -> r.certificateId(id).newStatus("INACTIVE"));
        }
        for (String id : STRONG_DEVICES) {
            iot.updateCertificate(r -> r.certificateId(id).newStatus("INACTIVE"));
        }
        iot.close();
    }

    @Test
    void anOnDemandAuditFindsExactlyTheWeakDeviceAndCaKeys() throws Exception {
        OpenSsl ssl = new OpenSsl(directory);
        String rsa1024 = selfSigned(ssl, "rsa1024", "-newkey", "rsa:1024");
        String secp256k1 = selfSigned(ssl, "k1", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp256k1");
        String rsa2048 = selfSigned(ssl, "rsa2048", "-newkey", "rsa:2048");
        String p384 = selfSigned(ssl, "p384", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384");
        String weakCa = selfSigned(
                ssl,
                "weak-ca",
                "-newkey",
                "rsa:1024",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        String strongCa = ssl.selfSignedCa("strong-ca", "/CN=key quality strong CA", 400);

        // the API refuses the weak ones, so they cannot be registered today
        String code = iot.getRegistrationCode(r -> {}).registrationCode();
        ssl.issue("weak-ca", "weak-verification", "/CN=" + code);
        ssl.issue("strong-ca", "strong-verification", "/CN=" + code);
        assertThat(refusal(() -> iot.registerCertificateWithoutCA(r -> r.certificatePem(rsa1024))))
                .contains("at least 2048 bits");
        assertThat(refusal(() -> iot.registerCertificateWithoutCA(r -> r.certificatePem(secp256k1))))
                .contains("secp256k1");
        assertThat(refusal(() -> iot.registerCACertificate(
                        r -> r.caCertificate(weakCa).verificationCertificate(ssl.read("weak-verification.pem")))))
                .contains("at least 2048 bits");

        // the strong ones go through the API
        String strongRsa = iot.registerCertificateWithoutCA(
                        r -> r.certificatePem(rsa2048).status("ACTIVE"))
                .certificateId();
        String strongEc = iot.registerCertificateWithoutCA(
                        r -> r.certificatePem(p384).status("ACTIVE"))
                .certificateId();
        String strongCaId = iot.registerCACertificate(r -> r.caCertificate(strongCa)
                        .verificationCertificate(ssl.read("strong-verification.pem"))
                        .setAsActive(true))
                .certificateId();
        INSERTED_STRONG.add(strongCaId);
        STRONG_DEVICES.addAll(List.of(strongRsa, strongEc));

        // the weak ones as an older version stored them
        String weakRsaId = insertCertificate(rsa1024);
        String weakEcId = insertCertificate(secp256k1);
        String weakCaId = insertCa(weakCa);
        String inactiveWeak = insertCertificate(selfSigned(ssl, "inactive", "-newkey", "rsa:1024"), "INACTIVE");

        Map<String, AuditCheckConfiguration> checks = new HashMap<>();
        for (String check : List.of("DEVICE_CERTIFICATE_KEY_QUALITY_CHECK", "CA_CERTIFICATE_KEY_QUALITY_CHECK")) {
            checks.put(check, AuditCheckConfiguration.builder().enabled(true).build());
        }
        iot.updateAccountAuditConfiguration(r -> r.roleArn(ROLE).auditCheckConfigurations(checks));
        String taskId = iot.startOnDemandAuditTask(r -> r.targetCheckNames(checks.keySet()))
                .taskId();
        DescribeAuditTaskResponse task = awaitAudit(taskId);
        assertThat(task.taskStatus()).isEqualTo(AuditTaskStatus.COMPLETED);
        assertThat(task.auditDetails()
                        .get("DEVICE_CERTIFICATE_KEY_QUALITY_CHECK")
                        .nonCompliantResourcesCount())
                .isEqualTo(2L);
        assertThat(task.auditDetails().get("CA_CERTIFICATE_KEY_QUALITY_CHECK").nonCompliantResourcesCount())
                .isEqualTo(1L);

        List<AuditFinding> findings = new ArrayList<>();
        iot.listAuditFindingsPaginator(r -> r.taskId(taskId).maxResults(250))
                .forEach(p -> findings.addAll(p.findings()));
        Map<String, AuditFinding> devices = findings.stream()
                .filter(f -> f.checkName().equals("DEVICE_CERTIFICATE_KEY_QUALITY_CHECK"))
                .collect(Collectors.toMap(
                        f -> f.nonCompliantResource().resourceIdentifier().deviceCertificateId(), f -> f));
        Set<String> cas = findings.stream()
                .filter(f -> f.checkName().equals("CA_CERTIFICATE_KEY_QUALITY_CHECK"))
                .map(f -> f.nonCompliantResource().resourceIdentifier().caCertificateId())
                .collect(Collectors.toSet());
        assertThat(devices.keySet()).containsExactlyInAnyOrder(weakRsaId, weakEcId);
        assertThat(devices.keySet()).doesNotContain(strongRsa, strongEc, inactiveWeak);
        assertThat(cas).containsExactly(weakCaId);
        assertThat(devices.get(weakRsaId).severityAsString()).isEqualTo("CRITICAL");
        assertThat(devices.get(weakRsaId).reasonForNonComplianceCode())
                .isEqualTo("CERTIFICATE_KEY_VULNERABILITY_DETECTED");
        assertThat(devices.get(weakRsaId).reasonForNonCompliance()).contains("RSA key of 1024 bits");
        assertThat(devices.get(weakEcId).reasonForNonCompliance()).contains("secp256k1");
        assertThat(findings.stream()
                        .filter(f -> f.checkName().equals("CA_CERTIFICATE_KEY_QUALITY_CHECK"))
                        .findFirst()
                        .orElseThrow()
                        .severityAsString())
                .isEqualTo("CRITICAL");
    }

    private static String refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        IotException refused = catchThrowableOfType(IotException.class, call);
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused).isInstanceOf(CertificateValidationException.class);
        return refused.getMessage();
    }

    private static String selfSigned(OpenSsl ssl, String name, String... key) {
        List<String> arguments = new ArrayList<>(List.of("req", "-x509"));
        arguments.addAll(List.of(key));
        arguments.addAll(List.of(
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".pem",
                "-days",
                "400",
                "-sha256",
                "-subj",
                "/CN=key quality " + name));
        ssl.ok(arguments.toArray(String[]::new));
        return ssl.read(name + ".pem");
    }

    private static String insertCertificate(String pem) throws Exception {
        return insertCertificate(pem, "ACTIVE");
    }

    private static String insertCertificate(String pem, String status) throws Exception {
        X509Certificate certificate = parse(pem);
        String id = fingerprint(certificate);
        Instant now = Instant.now();
        try (Connection db = TestEnvironment.database();
                PreparedStatement insert = db.prepareStatement("INSERT INTO pki_certificate (id, ca_id, origin,"
                        + " certificate_pem, serial_number, status, not_before, not_after, generation_id, created_at,"
                        + " updated_at) VALUES (?, NULL, 'REGISTERED_WITHOUT_CA', ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, pem);
            insert.setString(3, certificate.getSerialNumber().toString(16));
            insert.setString(4, status);
            insert.setTimestamp(5, Timestamp.from(certificate.getNotBefore().toInstant()));
            insert.setTimestamp(6, Timestamp.from(certificate.getNotAfter().toInstant()));
            insert.setString(7, java.util.UUID.randomUUID().toString());
            insert.setTimestamp(8, Timestamp.from(now.minus(Duration.ofDays(1))));
            insert.setTimestamp(9, Timestamp.from(now));
            insert.executeUpdate();
        }
        INSERTED_CERTIFICATES.add(id);
        return id;
    }

    private static String insertCa(String pem) throws Exception {
        X509Certificate certificate = parse(pem);
        String id = fingerprint(certificate);
        Instant now = Instant.now();
        try (Connection db = TestEnvironment.database();
                PreparedStatement insert = db.prepareStatement("INSERT INTO pki_ca (id, kind, certificate_pem, subject,"
                        + " status, not_before, not_after, generation_id, created_at, updated_at)"
                        + " VALUES (?, 'REGISTERED', ?, ?, 'ACTIVE', ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, pem);
            insert.setString(3, certificate.getSubjectX500Principal().getName());
            insert.setTimestamp(4, Timestamp.from(certificate.getNotBefore().toInstant()));
            insert.setTimestamp(5, Timestamp.from(certificate.getNotAfter().toInstant()));
            insert.setString(6, java.util.UUID.randomUUID().toString());
            insert.setTimestamp(7, Timestamp.from(now.minus(Duration.ofDays(1))));
            insert.setTimestamp(8, Timestamp.from(now));
            insert.executeUpdate();
        }
        INSERTED_CAS.add(id);
        return id;
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** AWS's certificate id: the SHA-256 of the DER encoding, lower-case hex. */
    private static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static DescribeAuditTaskResponse awaitAudit(String taskId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (iot.describeAuditTask(r -> r.taskId(taskId)).taskStatus() == AuditTaskStatus.IN_PROGRESS) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the audit did not finish within 60 s");
            }
            Thread.sleep(250);
        }
        return iot.describeAuditTask(r -> r.taskId(taskId));
    }
}
