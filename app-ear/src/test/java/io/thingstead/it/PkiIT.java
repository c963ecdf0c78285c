package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.thingstead.it.pkiprobe.PkiProbeApplication;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ActionType;
import software.amazon.awssdk.services.iot.model.AuthDecision;
import software.amazon.awssdk.services.iot.model.AuthInfo;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificate;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.Certificate;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateStateException;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ListCertificatesResponse;
import software.amazon.awssdk.services.iot.model.RegistrationCodeValidationException;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * The PKI through the AWS SDK's {@link IotClient} and the real {@code openssl}: Thingstead's own CA, device
 * certificates and their life cycle, CRLs published without authentication (a revocation reaches the CRL within a
 * second), bring-your-own-CA with imported CRLs and just-in-time registration, and hostile input. A test-only web
 * module in the EAR ({@link PkiProbeApplication}) asks what the gateway will ask: {@code DeviceAuthenticator} and
 * {@code GatewayTrust}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PkiIT {
    private static final String ACCOUNT = "arn:aws:iot:us-east-1:000000000000:";
    private static IotClient iot;

    @TempDir
    Path directory;

    private OpenSsl openssl;

    @Deployment(testable = false)
    static EnterpriseArchive ear() throws IOException {
        EnterpriseArchive ear = TestEnvironment.ear();
        String applicationXml;
        try (var in = ear.get("META-INF/application.xml").getAsset().openStream()) {
            applicationXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ear.delete("META-INF/application.xml");
        ear.setApplicationXML(new StringAsset(applicationXml.replace(
                "<library-directory>",
                "<module><web><web-uri>pki-probe.war</web-uri><context-root>/pki-probe</context-root></web></module>\n"
                        + "  <library-directory>")));
        ear.addAsModule(ShrinkWrap.create(WebArchive.class, "pki-probe.war")
                .addPackage(PkiProbeApplication.class.getPackage()));
        return ear;
    }

    @BeforeAll
    static void client() throws Exception {
        iot = Operator.iot();
    }

    @AfterAll
    static void close() {
        iot.close();
    }

    private OpenSsl openssl() {
        if (openssl == null) {
            openssl = new OpenSsl(directory);
        }
        return openssl;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Thingstead's own CA and its publications

    @Test
    void theRootAndIssuingCaArePublishedWithoutASignature() throws Exception {
        HttpResponse<String> root = TestEnvironment.get(TestEnvironment.http("/pki/root-ca.pem"));
        HttpResponse<String> chain = TestEnvironment.get(TestEnvironment.http("/pki/ca-chain.pem"));

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/x-pem-file"));
        assertThat(root.body()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(chain.body()).endsWith(root.body());
        OpenSsl ssl = openssl();
        ssl.write("root.pem", root.body());
        ssl.write(
                "issuing.pem",
                chain.body().substring(0, chain.body().length() - root.body().length()));
        assertThat(ssl.ok("verify", "-CAfile", "root.pem", "issuing.pem")).contains("issuing.pem: OK");
        assertThat(ssl.ok("x509", "-in", "root.pem", "-noout", "-subject")).contains("Thingstead Root CA");
        String issuing = ssl.ok("x509", "-in", "issuing.pem", "-noout", "-subject", "-ext", "basicConstraints");
        assertThat(issuing)
                .contains("Thingstead Issuing CA 1")
                .contains("CA:TRUE")
                .contains("pathlen:0");

        // DescribeCACertificate shows Thingstead's own CAs; ListCACertificates lists registered CAs only
        String rootId = sha256(certificate(root.body()));
        CACertificateDescription described =
                iot.describeCACertificate(r -> r.certificateId(rootId)).certificateDescription();
        assertThat(described.status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(described.certificateArn()).isEqualTo(ACCOUNT + "cacert/" + rootId);
        assertThat(iot.listCACertificates(r -> r.pageSize(250)).certificates())
                .extracting(CACertificate::certificateId)
                .doesNotContain(rootId);
        IotException own = catchThrowableOfType(
                IotException.class,
                () -> iot.updateCACertificate(r -> r.certificateId(rootId).newStatus(CACertificateStatus.INACTIVE)));
        assertThat(own.statusCode()).isEqualTo(400);
        assertThat(catchThrowableOfType(
                                CertificateStateException.class,
                                () -> iot.deleteCACertificate(r -> r.certificateId(rootId)))
                        .statusCode())
                .isEqualTo(406);

        // one pair of CAs per installation, whatever the number of nodes and restarts
        try (Connection db = TestEnvironment.database();
                var statement = db.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT count(*) FROM pki_ca WHERE kind IN ('ROOT', 'ISSUING')")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
            java.sql.SQLException second = catchThrowableOfType(
                    java.sql.SQLException.class,
                    () -> statement.executeUpdate("INSERT INTO pki_own_ca (root_ca_id, issuing_ca_id, created_at)"
                            + " SELECT root_ca_id, issuing_ca_id, now() FROM pki_own_ca"));
            assertThat(second.getSQLState()).as("unique violation").isEqualTo("23505");
        }
    }

    @Test
    void theCrlIsSignedAgainOnScheduleBeforeItsNextUpdate() throws Exception {
        // the test server runs with thingstead.pki.crl-validity=PT1M and crl-check-interval=PT10S
        X509CRL current = crl(issuingId());
        assertThat(Duration.between(
                        current.getThisUpdate().toInstant(),
                        current.getNextUpdate().toInstant()))
                .isEqualTo(Duration.ofMinutes(1));
        Instant deadline = Instant.now().plusSeconds(75);
        X509CRL next = current;
        while (crlNumber(next).compareTo(crlNumber(current)) <= 0
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(2000);
            next = crl(issuingId());
        }
        assertThat(crlNumber(next)).isGreaterThan(crlNumber(current));
        assertThat(next.getThisUpdate()).isAfter(current.getThisUpdate());
        assertThat(next.getNextUpdate().toInstant()).isAfter(Instant.now());
    }

    @Test
    void createKeysAndCertificateIssuesAChainOpenSslVerifiesAndNeverKeepsTheKey() throws Exception {
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(r -> r.setAsActive(true));

        assertThat(created.certificateId()).matches("[0-9a-f]{64}");
        assertThat(created.certificateArn()).isEqualTo(ACCOUNT + "cert/" + created.certificateId());
        assertThat(sha256(certificate(created.certificatePem()))).isEqualTo(created.certificateId());
        assertThat(created.keyPair().publicKey()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(created.keyPair().privateKey()).contains("PRIVATE KEY-----");

        OpenSsl ssl = publishedChain();
        ssl.write("device.pem", created.certificatePem());
        ssl.write("device.key", created.keyPair().privateKey());
        assertThat(ssl.ok("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "device.pem"))
                .contains("device.pem: OK");
        assertThat(ssl.ok(
                        "verify",
                        "-purpose",
                        "sslclient",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "issuing.pem",
                        "device.pem"))
                .contains("OK");
        assertThat(ssl.ok("pkey", "-in", "device.key", "-pubout"))
                .isEqualTo(ssl.ok("x509", "-in", "device.pem", "-noout", "-pubkey"));
        assertThat(ssl.ok("x509", "-in", "device.pem", "-noout", "-ext", "crlDistributionPoints"))
                .contains("/pki/crl/" + issuingId() + ".crl");

        CertificateDescription description = iot.describeCertificate(r -> r.certificateId(created.certificateId()))
                .certificateDescription();
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(description.caCertificateId()).isEqualTo(issuingId());
        assertThat(description.certificatePem()).isEqualTo(created.certificatePem());
        assertThat(description.ownedBy()).isEqualTo("000000000000");
        assertThat(description.customerVersion()).isEqualTo(1);
        assertThat(description.generationId()).isNotBlank();
        assertThat(description.certificateModeAsString()).isEqualTo("DEFAULT");
        assertThat(description.validity().notAfter()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(description.creationDate()).isBefore(Instant.now().plusSeconds(5));

        String keyLine =
                created.keyPair().privateKey().lines().skip(1).findFirst().orElseThrow();
        try (Connection db = TestEnvironment.database();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM pki_certificate c, pki_ca a"
                        + " WHERE position(? in c.certificate_pem) > 0 OR position(? in a.certificate_pem) > 0"
                        + " OR position(convert_to(?, 'UTF8') in coalesce(a.sealed_private_key, ''::bytea)) > 0")) {
            query.setString(1, keyLine);
            query.setString(2, keyLine);
            query.setString(3, keyLine);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("the private key is stored nowhere")
                        .isZero();
            }
        }
        assertThat(serverLog()).doesNotContain(keyLine);
        try (Connection db = TestEnvironment.database();
                PreparedStatement query = db.prepareStatement("SELECT outcome, coalesce(details::text, '') FROM"
                        + " audit_event WHERE action = 'iot:CreateKeysAndCertificate' AND resource_arn = ?")) {
            query.setString(1, created.certificateArn());
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("the creation is in the audit trail").isTrue();
                assertThat(rows.getString(1)).isEqualTo("SUCCESS");
                assertThat(rows.getString(2)).doesNotContain("PRIVATE");
            }
        }
    }

    @Test
    void createCertificateFromCsrKeepsTheSubjectAndRefusesHostileRequests() throws Exception {
        OpenSsl ssl = publishedChain();
        ssl.ok(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-subj",
                "/O=Example Corp/CN=lamp-7",
                "-keyout",
                "lamp.key",
                "-out",
                "lamp.csr");

        var created = iot.createCertificateFromCsr(r -> r.certificateSigningRequest(ssl.read("lamp.csr")));

        ssl.write("lamp.pem", created.certificatePem());
        assertThat(ssl.ok("x509", "-in", "lamp.pem", "-noout", "-subject")).contains("CN = lamp-7");
        assertThat(ssl.ok("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "lamp.pem"))
                .contains("OK");
        assertThat(iot.describeCertificate(r -> r.certificateId(created.certificateId()))
                        .certificateDescription()
                        .status())
                .as("setAsActive defaults to false")
                .isEqualTo(CertificateStatus.INACTIVE);

        ssl.ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "weak.key");
        ssl.ok("req", "-new", "-key", "weak.key", "-subj", "/CN=weak", "-out", "weak.csr");
        String csr = ssl.read("lamp.csr");
        String tampered = csr.substring(0, 100) + (csr.charAt(100) == 'A' ? 'B' : 'A') + csr.substring(101);
        for (String hostile : List.of(
                ssl.read("weak.csr"),
                "not a CSR",
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                csr.replace("-----END CERTIFICATE REQUEST-----", ""),
                tampered,
                csr + csr,
                "x".repeat(5000))) {
            InvalidRequestException refused = catchThrowableOfType(
                    InvalidRequestException.class,
                    () -> iot.createCertificateFromCsr(r -> r.certificateSigningRequest(hostile)));
            assertThat(refused)
                    .as(hostile.length() > 60 ? hostile.substring(0, 60) : hostile)
                    .isNotNull();
            assertThat(refused.statusCode()).isEqualTo(400);
        }
        InvalidRequestException weak = catchThrowableOfType(
                InvalidRequestException.class,
                () -> iot.createCertificateFromCsr(r -> r.certificateSigningRequest(ssl.read("weak.csr"))));
        assertThat(weak.getMessage()).contains("at least 2048 bits");
    }

    @Test
    void certificatesAreListedInPagesAndByCa() throws Exception {
        String issuing = issuingId();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(iot.createKeysAndCertificate(r -> r.setAsActive(false)).certificateId());
        }

        for (boolean ascending : new boolean[] {true, false}) {
            List<String> seen = new ArrayList<>();
            List<Instant> dates = new ArrayList<>();
            String marker = null;
            do {
                String from = marker;
                ListCertificatesResponse page = iot.listCertificates(
                        r -> r.pageSize(2).ascendingOrder(ascending).marker(from));
                assertThat(page.certificates()).hasSizeLessThanOrEqualTo(2);
                page.certificates().forEach(c -> {
                    seen.add(c.certificateId());
                    dates.add(c.creationDate());
                    assertThat(c.certificateArn()).isEqualTo(ACCOUNT + "cert/" + c.certificateId());
                    assertThat(c.statusAsString()).isNotBlank();
                });
                marker = page.nextMarker();
            } while (marker != null);
            assertThat(seen).containsAll(ids).doesNotHaveDuplicates();
            List<Instant> sorted = new ArrayList<>(dates);
            sorted.sort(ascending ? null : java.util.Comparator.reverseOrder());
            assertThat(dates).isEqualTo(sorted);
        }
        assertThat(iot.listCertificatesByCAPaginator(r -> r.caCertificateId(issuing)).certificates().stream()
                        .map(Certificate::certificateId))
                .containsAll(ids);
        assertThat(catchThrowableOfType(
                        IotException.class, () -> iot.listCertificatesByCA(r -> r.caCertificateId("f".repeat(64)))))
                .satisfies(e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(catchThrowableOfType(
                        InvalidRequestException.class, () -> iot.listCertificates(r -> r.marker("garbage!"))))
                .isNotNull();
        assertThat(catchThrowableOfType(
                        InvalidRequestException.class, () -> iot.describeCertificate(r -> r.certificateId("abc"))))
                .isNotNull();
        assertThat(catchThrowableOfType(
                        ResourceNotFoundException.class,
                        () -> iot.describeCertificate(r -> r.certificateId("e".repeat(64)))))
                .isNotNull();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Revocation and the CRL

    @Test
    void aRevokedSerialIsInThePublishedCrlWithinOneSecondAndOpenSslRefusesTheCertificate() throws Exception {
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        X509Certificate device = certificate(created.certificatePem());
        OpenSsl ssl = publishedChain();
        ssl.write("device.pem", created.certificatePem());
        X509CRL before = crl(issuingId());
        ssl.write("before.crl", before.getEncoded());
        ssl.ok("crl", "-inform", "DER", "-in", "before.crl", "-out", "before-crl.pem");
        ssl.write("root.crl", fetchCrl(rootId()));
        ssl.ok("crl", "-inform", "DER", "-in", "root.crl", "-out", "root-crl.pem");
        assertThat(ssl.ok(
                        "verify",
                        "-crl_check_all",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "issuing.pem",
                        "-CRLfile",
                        "before-crl.pem",
                        "-CRLfile",
                        "root-crl.pem",
                        "device.pem"))
                .contains("device.pem: OK");
        assertThat(authenticate(created.certificatePem()).getBoolean("accepted"))
                .isTrue();

        long start = System.nanoTime();
        iot.updateCertificate(r -> r.certificateId(created.certificateId()).newStatus(CertificateStatus.REVOKED));
        X509CRL after;
        do {
            after = crl(issuingId());
        } while (after.getRevokedCertificate(device.getSerialNumber()) == null
                && System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("revocation to published CRL: %d ms (UpdateCertificate included)%n", elapsedMillis);

        assertThat(after.getRevokedCertificate(device.getSerialNumber())).isNotNull();
        assertThat(elapsedMillis).isLessThan(1000);
        assertThat(crlNumber(after)).isGreaterThan(crlNumber(before));
        assertThat(after.getNextUpdate()).isAfter(new java.util.Date());
        ssl.write("after.crl", after.getEncoded());
        ssl.ok("crl", "-inform", "DER", "-in", "after.crl", "-out", "after-crl.pem");
        assertThat(ssl.ok("crl", "-in", "after-crl.pem", "-CAfile", "issuing.pem", "-noout", "-verify"))
                .contains("verify OK");
        assertThat(ssl.ok("crl", "-in", "after-crl.pem", "-noout", "-text"))
                .contains(device.getSerialNumber().toString(16).toUpperCase());
        OpenSsl.Result refused = ssl.run(
                "verify",
                "-crl_check",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "-CRLfile",
                "after-crl.pem",
                "device.pem");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
        assertThat(authenticate(created.certificatePem()).getString("reason")).isEqualTo("REVOKED");

        // REVOKED is final
        CertificateStateException reactivate = catchThrowableOfType(
                CertificateStateException.class,
                () -> iot.updateCertificate(
                        r -> r.certificateId(created.certificateId()).newStatus(CertificateStatus.ACTIVE)));
        assertThat(reactivate.statusCode()).isEqualTo(406);
        assertThat(catchThrowableOfType(
                        InvalidRequestException.class,
                        () -> iot.updateCertificate(r -> r.certificateId(created.certificateId())
                                .newStatus(CertificateStatus.PENDING_TRANSFER))))
                .isNotNull();
    }

    @Test
    void theCrlEndpointIsPublicAndEverythingElseStillNeedsASignature() throws Exception {
        HttpResponse<String> crl = TestEnvironment.get(TestEnvironment.http("/pki/crl/" + issuingId() + ".crl"));
        assertThat(crl.statusCode()).isEqualTo(200);
        assertThat(crl.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");

        HttpResponse<String> unknown = TestEnvironment.get(TestEnvironment.http("/pki/crl/" + "d".repeat(64) + ".crl"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(TestEnvironment.get(TestEnvironment.http("/pki/crl/nothing")).statusCode())
                .isEqualTo(404);

        for (String path :
                List.of("/certificates", "/cacertificates", "/registrationcode", "/certificates/" + "a".repeat(64))) {
            HttpResponse<String> response = TestEnvironment.get(TestEnvironment.http(path));
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(response.headers().firstValue("x-amzn-ErrorType"))
                    .hasValue("MissingAuthenticationTokenException");
        }
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        for (String[] request : List.of(
                new String[] {"POST", "/pki/ca/" + "a".repeat(64) + "/crl"},
                new String[] {"PUT", "/pki/ca/" + "a".repeat(64) + "/crl-url"},
                new String[] {"DELETE", "/pki/root-ca.pem"},
                new String[] {"POST", "/keys-and-certificate"})) {
            HttpResponse<String> response = SignedHttp.unsigned(request[0], request[1], body, "application/json");
            assertThat(response.statusCode()).as(String.join(" ", request)).isEqualTo(403);
        }
        HttpResponse<String> traversal = TestEnvironment.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + TestEnvironment.port(8080) + "/pki/%2e%2e/certificates"))
                .GET()
                .build());
        assertThat(traversal.statusCode()).isIn(400, 403, 404);
        assertThat(traversal.body()).doesNotContain("certificateArn");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deletion and attachments

    @Test
    void deletionFollowsAwsRulesAndADeletedCertificateStaysRevoked() throws Exception {
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        String id = created.certificateId();
        String arn = created.certificateArn();
        String thing = "pki-thing-" + UUID.randomUUID().toString().substring(0, 8);
        String policy = "pki-policy-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(catchThrowableOfType(
                                CertificateStateException.class, () -> iot.deleteCertificate(r -> r.certificateId(id)))
                        .getMessage())
                .contains("must be deactivated");
        iot.createThing(r -> r.thingName(thing));
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(arn));
        iot.createPolicy(r -> r.policyName(policy)
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"));
        iot.attachPolicy(r -> r.policyName(policy).target(arn));
        iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.INACTIVE));

        assertThat(catchThrowableOfType(
                                DeleteConflictException.class,
                                () -> iot.deleteCertificate(
                                        r -> r.certificateId(id).forceDelete(true)))
                        .getMessage())
                .contains("Things must be detached");
        iot.detachThingPrincipal(r -> r.thingName(thing).principal(arn));
        assertThat(catchThrowableOfType(
                                DeleteConflictException.class, () -> iot.deleteCertificate(r -> r.certificateId(id)))
                        .getMessage())
                .contains("policies must be detached");

        iot.deleteCertificate(r -> r.certificateId(id).forceDelete(true));

        assertThat(catchThrowableOfType(
                        ResourceNotFoundException.class, () -> iot.describeCertificate(r -> r.certificateId(id))))
                .isNotNull();
        assertThat(iot.listTargetsForPolicy(r -> r.policyName(policy)).targets())
                .isEmpty();
        assertThat(crl(issuingId())
                        .getRevokedCertificate(
                                certificate(created.certificatePem()).getSerialNumber()))
                .as("a deleted certificate of Thingstead's CA stays revoked")
                .isNotNull();
        assertThat(authenticate(created.certificatePem()).getString("reason")).isEqualTo("REVOKED");
        assertThat(catchThrowableOfType(
                        ResourceNotFoundException.class,
                        () -> iot.attachThingPrincipal(r -> r.thingName(thing).principal(arn))))
                .as("an unknown certificate cannot be attached")
                .isNotNull();
        assertThat(catchThrowableOfType(
                        ResourceNotFoundException.class,
                        () -> iot.attachThingPrincipal(
                                r -> r.thingName(thing).principal(ACCOUNT + "cert/" + "0".repeat(64)))))
                .isNotNull();
        iot.deletePolicy(r -> r.policyName(policy));
        iot.deleteThing(r -> r.thingName(thing));
    }

    @Test
    void testAuthorizationResolvesCertificatePolicyVariables() {
        OpenSsl ssl = openssl();
        ssl.ok(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-subj",
                "/C=DE/O=Example/CN=sensor-42",
                "-keyout",
                "s.key",
                "-out",
                "s.csr");
        var created = iot.createCertificateFromCsr(
                r -> r.certificateSigningRequest(ssl.read("s.csr")).setAsActive(true));
        String policy = "per-cn-" + UUID.randomUUID().toString().substring(0, 8);
        iot.createPolicy(
                r -> r.policyName(policy)
                        .policyDocument(
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                        + "\"Action\":\"iot:Publish\",\"Resource\":\"" + ACCOUNT
                                        + "topic/devices/${iot:Certificate.Subject.Country}/${iot:Certificate.Subject.CommonName}\"}]}"));
        iot.attachPolicy(r -> r.policyName(policy).target(created.certificateArn()));

        var results = iot.testAuthorization(r -> r.principal(created.certificateArn())
                        .authInfos(
                                AuthInfo.builder()
                                        .actionType(ActionType.PUBLISH)
                                        .resources(ACCOUNT + "topic/devices/DE/sensor-42")
                                        .build(),
                                AuthInfo.builder()
                                        .actionType(ActionType.PUBLISH)
                                        .resources(ACCOUNT + "topic/devices/DE/sensor-43")
                                        .build()))
                .authResults();

        assertThat(results.get(0).authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(results.get(1).authDecision()).isEqualTo(AuthDecision.IMPLICIT_DENY);
        iot.detachPolicy(r -> r.policyName(policy).target(created.certificateArn()));
        iot.deletePolicy(r -> r.policyName(policy));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bring your own CA

    @Test
    void theRegistrationCodeStaysUntilDeleted() {
        String code = iot.getRegistrationCode(r -> {}).registrationCode();
        assertThat(code).matches("[0-9a-f]{64}");
        assertThat(iot.getRegistrationCode(r -> {}).registrationCode()).isEqualTo(code);

        iot.deleteRegistrationCode(r -> {});

        assertThat(iot.getRegistrationCode(r -> {}).registrationCode())
                .matches("[0-9a-f]{64}")
                .isNotEqualTo(code);
    }

    @Test
    void aRegisteredCaItsCertificatesAndHostileRegistrations() throws Exception {
        OpenSsl ssl = openssl();
        ExternalCa ca = externalCa(ssl, "byo");
        String code = iot.getRegistrationCode(r -> {}).registrationCode();
        ca.sign(ssl, "verification", "/CN=" + code);

        // hostile registrations first
        ca.sign(ssl, "wrong-code", "/CN=" + "0".repeat(64));
        assertThat(catchThrowableOfType(
                                RegistrationCodeValidationException.class,
                                () -> iot.registerCACertificate(r ->
                                        r.caCertificate(ca.pem()).verificationCertificate(ssl.read("wrong-code.pem"))))
                        .statusCode())
                .isEqualTo(400);
        ExternalCa impostor = externalCa(ssl, "impostor", ca.subject());
        impostor.sign(ssl, "forged", "/CN=" + code);
        assertThat(catchThrowableOfType(
                                CertificateValidationException.class,
                                () -> iot.registerCACertificate(
                                        r -> r.caCertificate(ca.pem()).verificationCertificate(ssl.read("forged.pem"))))
                        .getMessage())
                .contains("not signed by the CA certificate's private key");
        assertThat(catchThrowableOfType(
                        InvalidRequestException.class,
                        () -> iot.registerCACertificate(r -> r.caCertificate(ca.pem() + "A".repeat(70_000))
                                .verificationCertificate(ssl.read("verification.pem")))))
                .isNotNull();
        assertThat(catchThrowableOfType(
                        InvalidRequestException.class, () -> iot.registerCACertificate(r -> r.caCertificate(ca.pem()))))
                .as("no verification certificate")
                .isNotNull();
        // no basicConstraints at all: a certificate that is not a CA
        ssl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "leaf.key");
        ssl.ok("req", "-new", "-key", "leaf.key", "-subj", "/CN=not-a-ca", "-out", "not-a-ca.csr");
        ssl.ok("x509", "-req", "-in", "not-a-ca.csr", "-signkey", "leaf.key", "-days", "30", "-out", "not-a-ca.pem");
        assertThat(catchThrowableOfType(
                                CertificateValidationException.class,
                                () -> iot.registerCACertificate(r -> r.caCertificate(ssl.read("not-a-ca.pem"))
                                        .verificationCertificate(ssl.read("verification.pem"))))
                        .getMessage())
                .contains("not a CA certificate");

        var registered = iot.registerCACertificate(r -> r.caCertificate(ca.pem())
                .verificationCertificate(ssl.read("verification.pem"))
                .setAsActive(true));
        String caId = registered.certificateId();
        assertThat(caId).isEqualTo(sha256(certificate(ca.pem())));
        assertThat(registered.certificateArn()).isEqualTo(ACCOUNT + "cacert/" + caId);
        assertThat(catchThrowableOfType(
                        ResourceAlreadyExistsException.class,
                        () -> iot.registerCACertificate(
                                r -> r.caCertificate(ca.pem()).verificationCertificate(ssl.read("verification.pem")))))
                .isNotNull();
        CACertificateDescription description =
                iot.describeCACertificate(r -> r.certificateId(caId)).certificateDescription();
        assertThat(description.status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(description.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.DISABLE);
        assertThat(description.certificateModeAsString()).isEqualTo("DEFAULT");
        assertThat(iot.listCACertificatesPaginator(r -> r.pageSize(1)).certificates().stream()
                        .map(CACertificate::certificateId))
                .contains(caId);

        // device certificates of the registered CA
        ca.sign(ssl, "dev-1", "/CN=dev-1");
        var device = iot.registerCertificate(
                r -> r.certificatePem(ssl.read("dev-1.pem")).status(CertificateStatus.ACTIVE));
        CertificateDescription deviceDescription = iot.describeCertificate(r -> r.certificateId(device.certificateId()))
                .certificateDescription();
        assertThat(deviceDescription.caCertificateId()).isEqualTo(caId);
        assertThat(deviceDescription.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.listCertificatesByCA(r -> r.caCertificateId(caId)).certificates())
                .extracting(Certificate::certificateId)
                .containsExactly(device.certificateId());
        assertThat(catchThrowableOfType(
                        ResourceAlreadyExistsException.class,
                        () -> iot.registerCertificate(
                                r -> r.certificatePem(ssl.read("dev-1.pem")).caCertificatePem(ca.pem()))))
                .isNotNull();
        ssl.ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "weak.key");
        ssl.ok("req", "-new", "-key", "weak.key", "-subj", "/CN=weak", "-out", "weak.csr");
        ssl.ok(
                "x509",
                "-req",
                "-in",
                "weak.csr",
                "-CA",
                ca.name() + ".pem",
                "-CAkey",
                ca.name() + ".key",
                "-CAcreateserial",
                "-days",
                "30",
                "-sha256",
                "-out",
                "weak.pem");
        assertThat(catchThrowableOfType(
                                CertificateValidationException.class,
                                () -> iot.registerCertificate(r ->
                                        r.certificatePem(ssl.read("weak.pem")).caCertificatePem(ca.pem())))
                        .getMessage())
                .contains("at least 2048 bits");
        impostor.sign(ssl, "stranger", "/CN=stranger");
        assertThat(catchThrowableOfType(
                        CertificateValidationException.class,
                        () -> iot.registerCertificate(r -> r.certificatePem(ssl.read("stranger.pem")))))
                .as("issued by a CA that is not registered")
                .isNotNull();
        assertThat(catchThrowableOfType(
                        InvalidRequestException.class,
                        () -> iot.registerCertificate(r -> r.certificatePem("-----BEGIN CERTIFICATE-----\n"
                                + "A".repeat(70_000) + "\n-----END CERTIFICATE-----\n"))))
                .as("oversized PEM")
                .isNotNull();
        assertThat(catchThrowableOfType(
                        CertificateValidationException.class,
                        () -> iot.registerCertificate(r -> r.certificatePem(
                                "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----"))))
                .isNotNull();

        // without a CA: SNI_ONLY, no caCertificateId
        var withoutCa = iot.registerCertificateWithoutCA(
                r -> r.certificatePem(ssl.read("stranger.pem")).status(CertificateStatus.ACTIVE));
        CertificateDescription noCa = iot.describeCertificate(r -> r.certificateId(withoutCa.certificateId()))
                .certificateDescription();
        assertThat(noCa.caCertificateId()).isNull();
        assertThat(noCa.certificateModeAsString()).isEqualTo("SNI_ONLY");
        assertThat(authenticate(ssl.read("stranger.pem")).getBoolean("accepted"))
                .isTrue();
        var ours = iot.createKeysAndCertificate(r -> r.setAsActive(false));
        assertThat(catchThrowableOfType(
                        CertificateValidationException.class,
                        () -> iot.registerCertificateWithoutCA(r -> r.certificatePem(ours.certificatePem()))))
                .as("Thingstead's own certificates are never registered again")
                .isNotNull();

        // deactivating the CA: no new registrations, its devices refused; deletion only when inactive and empty
        iot.updateCACertificate(r -> r.certificateId(caId).newStatus(CACertificateStatus.INACTIVE));
        ca.sign(ssl, "dev-2", "/CN=dev-2");
        assertThat(catchThrowableOfType(
                        CertificateStateException.class,
                        () -> iot.registerCertificate(
                                r -> r.certificatePem(ssl.read("dev-2.pem")).caCertificatePem(ca.pem()))))
                .isNotNull();
        assertThat(authenticate(ssl.read("dev-1.pem")).getString("reason")).isEqualTo("CA_INACTIVE");
        assertThat(catchThrowableOfType(
                                CertificateStateException.class,
                                () -> iot.deleteCACertificate(r -> r.certificateId(caId)))
                        .getMessage())
                .contains("device certificate");
        iot.updateCACertificate(r -> r.certificateId(caId).newStatus(CACertificateStatus.ACTIVE));
        assertThat(catchThrowableOfType(
                                CertificateStateException.class,
                                () -> iot.deleteCACertificate(r -> r.certificateId(caId)))
                        .getMessage())
                .contains("deactivated");
        iot.updateCertificate(r -> r.certificateId(device.certificateId()).newStatus(CertificateStatus.INACTIVE));
        iot.deleteCertificate(r -> r.certificateId(device.certificateId()));
        iot.updateCACertificate(r -> r.certificateId(caId).newStatus(CACertificateStatus.INACTIVE));
        iot.deleteCACertificate(r -> r.certificateId(caId));
        assertThat(catchThrowableOfType(
                        ResourceNotFoundException.class, () -> iot.describeCACertificate(r -> r.certificateId(caId))))
                .isNotNull();
    }

    @Test
    void importedCrlsRevokeAndJustInTimeRegistrationWaitsForActivation() throws Exception {
        OpenSsl ssl = openssl();
        ExternalCa ca = externalCa(ssl, "jitr");
        String code = iot.getRegistrationCode(r -> {}).registrationCode();
        ca.sign(ssl, "verification", "/CN=" + code);
        String caId = iot.registerCACertificate(r -> r.caCertificate(ca.pem())
                        .verificationCertificate(ssl.read("verification.pem"))
                        .setAsActive(true)
                        .allowAutoRegistration(true))
                .certificateId();
        JsonObject trust = probe("GET", "/trust", "");
        assertThat(trust.getJsonArray("clientCertificateAuthorities").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString)
                .contains(rootId(), issuingId(), caId);

        // just-in-time registration: refused as PENDING_ACTIVATION, then accepted once activated
        ca.sign(ssl, "jitr-1", "/CN=jitr-1");
        String pem = ssl.read("jitr-1.pem");
        String id = sha256(certificate(pem));
        JsonObject firstAttempt = authenticate(pem);
        assertThat(firstAttempt.getBoolean("accepted")).isFalse();
        assertThat(firstAttempt.getString("reason")).isEqualTo("PENDING_ACTIVATION");
        CertificateDescription pending =
                iot.describeCertificate(r -> r.certificateId(id)).certificateDescription();
        assertThat(pending.status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(pending.caCertificateId()).isEqualTo(caId);
        assertThat(serverLog()).contains("Certificate " + id + " issued by CA " + caId + " registered just in time");
        assertThat(authenticate(pem).getString("reason")).isEqualTo("PENDING_ACTIVATION");
        iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.ACTIVE));
        JsonObject accepted = authenticate(pem);
        assertThat(accepted.getBoolean("accepted")).isTrue();
        assertThat(accepted.getString("caCertificateId")).isEqualTo(caId);
        assertThat(accepted.getJsonObject("fields")
                        .getJsonArray("Subject.CommonName")
                        .getString(0))
                .isEqualTo("jitr-1");

        // a CRL upload (signed; unsigned is refused) revokes the serial at once
        Files.writeString(ssl.path("index.txt"), "");
        Files.writeString(ssl.path("crlnumber"), "01\n");
        ssl.write(
                "ca.cnf",
                "[ ca ]\ndefault_ca = ext\n[ ext ]\ndatabase = index.txt\ncrlnumber = crlnumber\n"
                        + "default_md = sha256\ndefault_crl_days = 7\ncertificate = jitr.pem\nprivate_key = jitr.key\n");
        ssl.ok("ca", "-config", "ca.cnf", "-revoke", "jitr-1.pem");
        ssl.ok("ca", "-config", "ca.cnf", "-gencrl", "-out", "first.crl");
        byte[] first = ssl.bytes("first.crl");
        assertThat(SignedHttp.unsigned("POST", "/pki/ca/" + caId + "/crl", first, "application/pkix-crl")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> upload =
                SignedHttp.send("POST", "/pki/ca/" + caId + "/crl", first, "application/pkix-crl");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        JsonObject uploaded = TestEnvironment.json(upload.body());
        assertThat(uploaded.getInt("revokedCount")).isEqualTo(1);
        assertThat(uploaded.getString("source")).isEqualTo("upload");
        assertThat(authenticate(pem).getString("reason")).isEqualTo("REVOKED");

        // a CRL signed by another key, and garbage, are refused
        ExternalCa impostor = externalCa(ssl, "other", ca.subject());
        ssl.write(
                "other.cnf",
                "[ ca ]\ndefault_ca = ext\n[ ext ]\ndatabase = other-index.txt\n"
                        + "crlnumber = other-crlnumber\ndefault_md = sha256\ndefault_crl_days = 7\n"
                        + "certificate = other.pem\nprivate_key = other.key\n");
        Files.writeString(ssl.path("other-index.txt"), "");
        Files.writeString(ssl.path("other-crlnumber"), "09\n");
        ssl.ok("ca", "-config", "other.cnf", "-gencrl", "-out", "forged.crl");
        assertThat(impostor.subject()).isEqualTo(ca.subject());
        HttpResponse<String> forged =
                SignedHttp.send("POST", "/pki/ca/" + caId + "/crl", ssl.bytes("forged.crl"), "application/pkix-crl");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().firstValue("x-amzn-ErrorType")).hasValue("CertificateValidationException");
        HttpResponse<String> garbage = SignedHttp.send(
                "POST", "/pki/ca/" + caId + "/crl", "garbage".getBytes(StandardCharsets.UTF_8), "application/pkix-crl");
        assertThat(garbage.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestException");

        // a newer CRL fetched from a URL replaces it; the older one cannot come back
        ca.sign(ssl, "jitr-2", "/CN=jitr-2");
        ssl.ok("ca", "-config", "ca.cnf", "-revoke", "jitr-2.pem");
        ssl.ok("ca", "-config", "ca.cnf", "-gencrl", "-out", "second.crl");
        byte[] second = ssl.bytes("second.crl");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ca.crl", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
            exchange.sendResponseHeaders(200, second.length);
            try (var out = exchange.getResponseBody()) {
                out.write(second);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ca.crl";
            HttpResponse<String> set = SignedHttp.send(
                    "PUT",
                    "/pki/ca/" + caId + "/crl-url",
                    ("{\"crlUrl\":\"" + url + "\"}").getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            JsonObject status = TestEnvironment.json(set.body());
            assertThat(status.getString("crlUrl")).isEqualTo(url);
            assertThat(status.getString("source")).isEqualTo(url);
            assertThat(status.getInt("revokedCount")).isEqualTo(2);
            assertThat(status.getJsonNumber("crlNumber").intValue()).isEqualTo(2);
            assertThat(status.containsKey("lastError")).isFalse();
        } finally {
            server.stop(0);
        }
        HttpResponse<String> replay =
                SignedHttp.send("POST", "/pki/ca/" + caId + "/crl", first, "application/pkix-crl");
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(TestEnvironment.json(replay.body()).getString("message")).contains("older");
        HttpResponse<String> badUrl = SignedHttp.send(
                "PUT",
                "/pki/ca/" + caId + "/crl-url",
                "{\"crlUrl\":\"file:///etc/passwd\"}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(badUrl.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestException");

        // an unknown certificate whose serial the CA revoked is not even registered
        JsonObject revokedUnknown = authenticate(ssl.read("jitr-2.pem"));
        assertThat(revokedUnknown.getString("reason")).isEqualTo("REVOKED");
        String jitr2 = sha256(certificate(ssl.read("jitr-2.pem")));
        assertThat(catchThrowableOfType(
                        ResourceNotFoundException.class, () -> iot.describeCertificate(r -> r.certificateId(jitr2))))
                .isNotNull();

        // auto-registration disabled: unknown certificates are just unknown; an inactive CA refuses everything
        iot.updateCACertificate(r -> r.certificateId(caId).newAutoRegistrationStatus(AutoRegistrationStatus.DISABLE));
        ca.sign(ssl, "jitr-3", "/CN=jitr-3");
        assertThat(authenticate(ssl.read("jitr-3.pem")).getString("reason")).isEqualTo("UNKNOWN_CERTIFICATE");
        iot.updateCACertificate(r -> r.certificateId(caId).newStatus(CACertificateStatus.INACTIVE));
        assertThat(authenticate(ssl.read("jitr-3.pem")).getString("reason")).isEqualTo("CA_INACTIVE");
        assertThat(probe("GET", "/trust", "")
                        .getJsonArray("clientCertificateAuthorities")
                        .getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString)
                .doesNotContain(caId);
        assertThat(authenticate(impostor.pem()).getString("reason")).isEqualTo("UNTRUSTED_CHAIN");
        assertThat(authenticate("").getString("reason")).isEqualTo("NO_CERTIFICATE");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The gateway's view

    @Test
    void theGatewayGetsAServerCertificateForTheEndpointHostsAndFastDecisions() throws Exception {
        JsonObject trust = probe("GET", "/trust", "");
        assertThat(trust.getBoolean("keyMatches")).isTrue();
        assertThat(trust.getString("rootCertificateId")).isEqualTo(rootId());
        assertThat(trust.getString("credentials")).contains("privateKey=<redacted>");
        OpenSsl ssl = publishedChain();
        ssl.write("server.pem", trust.getJsonArray("serverChain").getString(0));
        assertThat(trust.getJsonArray("serverChain").getString(1)).isEqualTo(ssl.read("issuing.pem"));
        assertThat(ssl.ok(
                        "verify",
                        "-purpose",
                        "sslserver",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "issuing.pem",
                        "server.pem"))
                .contains("server.pem: OK");
        assertThat(ssl.ok("x509", "-in", "server.pem", "-noout", "-ext", "subjectAltName"))
                .contains("DNS:localhost")
                .contains("IP Address:127.0.0.1");
        assertThat(probe("GET", "/trust", "").getJsonArray("serverChain").getString(0))
                .as("the same certificate until it must be renewed")
                .isEqualTo(ssl.read("server.pem"));

        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        String chain = created.certificatePem() + ssl.read("issuing.pem");
        JsonObject accepted = authenticate(chain);
        assertThat(accepted.getBoolean("accepted")).isTrue();
        assertThat(accepted.getString("certificateArn")).isEqualTo(created.certificateArn());
        assertThat(accepted.getString("caCertificateId")).isEqualTo(issuingId());
        assertThat(accepted.getJsonObject("fields")
                        .getJsonArray("Subject.CommonName")
                        .getString(0))
                .isEqualTo("AWS IoT Certificate");
        JsonObject benchmark = probe("POST", "/benchmark?n=20000", chain);
        assertThat(benchmark.getInt("accepted")).isEqualTo(20000);
        long nanos = benchmark.getJsonNumber("nanosPerCall").longValue();
        System.out.printf("DeviceAuthenticator.authenticate, cached: %d ns per call%n", nanos);
        assertThat(nanos).isLessThan(Duration.ofMillis(1).toNanos());

        iot.updateCertificate(r -> r.certificateId(created.certificateId()).newStatus(CertificateStatus.INACTIVE));
        assertThat(authenticate(chain).getString("reason"))
                .as("the cache learns of the change at once")
                .isEqualTo("INACTIVE");
        iot.updateCertificate(r -> r.certificateId(created.certificateId()).newStatus(CertificateStatus.ACTIVE));
        assertThat(authenticate(chain).getBoolean("accepted")).isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    /** A CA made with openssl: {@code <name>.key}, {@code <name>.pem}. */
    private record ExternalCa(String name, String subject, String pem) {
        /** Issues {@code <file>.pem} (key {@code <file>.key}) for {@code subject}, signed by this CA. */
        void sign(OpenSsl ssl, String file, String subject) {
            ssl.issue(name, file, subject);
        }
    }

    private static ExternalCa externalCa(OpenSsl ssl, String name) {
        return externalCa(ssl, name, "/O=Example/CN=Example Device CA " + UUID.randomUUID());
    }

    private static ExternalCa externalCa(OpenSsl ssl, String name, String subject) {
        return new ExternalCa(name, subject, ssl.selfSignedCa(name, subject, 365));
    }

    /** root.pem and issuing.pem as published, in this test's directory. */
    private OpenSsl publishedChain() throws Exception {
        OpenSsl ssl = openssl();
        String root =
                TestEnvironment.get(TestEnvironment.http("/pki/root-ca.pem")).body();
        String chain =
                TestEnvironment.get(TestEnvironment.http("/pki/ca-chain.pem")).body();
        ssl.write("root.pem", root);
        ssl.write("issuing.pem", chain.substring(0, chain.length() - root.length()));
        return ssl;
    }

    private static String issuingId() throws Exception {
        String root =
                TestEnvironment.get(TestEnvironment.http("/pki/root-ca.pem")).body();
        String chain =
                TestEnvironment.get(TestEnvironment.http("/pki/ca-chain.pem")).body();
        return sha256(certificate(chain.substring(0, chain.length() - root.length())));
    }

    private static String rootId() throws Exception {
        return sha256(certificate(
                TestEnvironment.get(TestEnvironment.http("/pki/root-ca.pem")).body()));
    }

    private static byte[] fetchCrl(String caId) throws Exception {
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(TestEnvironment.http("/pki/crl/" + caId + ".crl"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static X509CRL crl(String caId) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(fetchCrl(caId)));
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] extension = crl.getExtensionValue("2.5.29.20");
        // OCTET STRING { INTEGER }: skip the two DER headers of these short encodings
        byte[] integer = java.util.Arrays.copyOfRange(extension, 4, extension.length);
        return new BigInteger(1, integer);
    }

    static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static String sha256(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static JsonObject authenticate(String pemChain) throws Exception {
        return probe("POST", "/authenticate", pemChain);
    }

    private static JsonObject probe(String method, String path, String body) throws Exception {
        HttpResponse<String> response =
                TestEnvironment.send(HttpRequest.newBuilder(TestEnvironment.http("/pki-probe" + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "text/plain")
                        .method(
                                method,
                                "GET".equals(method)
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestEnvironment.json(response.body());
    }

    private static String serverLog() throws IOException {
        return Files.readString(Path.of(System.getProperty("thingstead.server.dir"), "standalone/log/server.log"));
    }
}
