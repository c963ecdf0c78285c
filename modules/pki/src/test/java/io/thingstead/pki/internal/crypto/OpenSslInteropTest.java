package io.thingstead.pki.internal.crypto;

import static io.thingstead.pki.internal.crypto.OpenSsl.ok;
import static io.thingstead.pki.internal.crypto.OpenSsl.read;
import static io.thingstead.pki.internal.crypto.OpenSsl.run;
import static io.thingstead.pki.internal.crypto.OpenSsl.write;
import static io.thingstead.pki.internal.crypto.TestPki.assertIotError;
import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.pki.api.CaMaterial;
import io.thingstead.pki.api.CrlContents;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.KeyAlgorithm;
import io.thingstead.pki.api.KeyPairPem;
import io.thingstead.pki.api.RevocationReason;
import io.thingstead.pki.api.RevokedCertificate;
import io.thingstead.pki.api.SignedCrl;
import io.thingstead.pki.api.ValidatedCsr;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks Thingstead's certificates, CRLs and keys with the real OpenSSL, and feeds OpenSSL's output to Thingstead. */
class OpenSslInteropTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final URI CRL_URL = URI.create("http://pki.thingstead.test/crl/issuing-ca-1.crl");

    private static CaMaterial root;
    private static CaMaterial issuing;
    private static CertificateAuthority rootCa;
    private static CertificateAuthority issuingCa;

    @TempDir
    Path dir;

    @BeforeAll
    static void hierarchy() {
        root = CertificateAuthority.createRoot(
                new X500Principal("CN=Thingstead Root CA 1, O=Example Corp"),
                KeyAlgorithm.EC_P384,
                CertificateAuthority.DEFAULT_ROOT_VALIDITY,
                CLOCK);
        rootCa = new CertificateAuthority(root, URI.create("http://pki.thingstead.test/crl/root-ca-1.crl"), CLOCK);
        issuing = rootCa.createIntermediate(
                new X500Principal("CN=Thingstead Issuing CA 1, O=Example Corp"),
                KeyAlgorithm.EC_P256,
                CertificateAuthority.DEFAULT_INTERMEDIATE_VALIDITY);
        issuingCa = new CertificateAuthority(issuing, CRL_URL, CLOCK);
    }

    private void writeHierarchy() {
        write(dir, "root.pem", CaMaterials.certificatePem(root));
        write(dir, "intermediate.pem", CaMaterials.certificatePem(issuing));
    }

    @Test
    void deviceCertificatesFromTheIssuingCaVerify() {
        writeHierarchy();
        write(
                dir,
                "ec.pem",
                issuingCa
                        .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                        .certificatePem());
        write(
                dir,
                "rsa.pem",
                issuingCa
                        .issueDeviceCertificate(TestPki.Keys.RSA_2048.getPublic())
                        .certificatePem());

        for (String device : List.of("ec.pem", "rsa.pem")) {
            OpenSsl.Result result = ok(
                    dir,
                    "verify",
                    "-x509_strict",
                    "-purpose",
                    "sslclient",
                    "-CAfile",
                    "root.pem",
                    "-untrusted",
                    "intermediate.pem",
                    device);
            assertThat(result.stdout()).contains(device + ": OK");
        }
    }

    @Test
    void deviceCertificateFromTheRootVerifies() {
        writeHierarchy();
        write(
                dir,
                "device.pem",
                rootCa.issueDeviceCertificate(TestPki.Keys.EC_P384.getPublic()).certificatePem());

        assertThat(ok(dir, "verify", "-x509_strict", "-CAfile", "root.pem", "device.pem")
                        .stdout())
                .contains("device.pem: OK");
    }

    @Test
    void deviceCertificateIsNotAcceptedAsAServerCertificate() {
        writeHierarchy();
        write(
                dir,
                "device.pem",
                issuingCa
                        .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                        .certificatePem());

        OpenSsl.Result result = run(
                dir,
                "verify",
                "-purpose",
                "sslserver",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "intermediate.pem",
                "device.pem");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("unsuitable certificate purpose");
    }

    @Test
    void serverCertificateVerifiesForItsNamesAndAddresses() throws Exception {
        writeHierarchy();
        IssuedCertificate server = issuingCa.issueServerCertificate(
                TestPki.Keys.EC_P256.getPublic(),
                List.of("mqtt.thingstead.test", "api.thingstead.test"),
                List.of(InetAddress.getByName("127.0.0.1")),
                Duration.ofDays(397));
        write(dir, "server.pem", server.certificatePem());

        for (String[] check : new String[][] {
            {"-verify_hostname", "mqtt.thingstead.test"},
            {"-verify_hostname", "api.thingstead.test"},
            {"-verify_ip", "127.0.0.1"}
        }) {
            ok(
                    dir,
                    "verify",
                    "-x509_strict",
                    "-purpose",
                    "sslserver",
                    check[0],
                    check[1],
                    "-CAfile",
                    "root.pem",
                    "-untrusted",
                    "intermediate.pem",
                    "server.pem");
        }
        OpenSsl.Result wrongHost = run(
                dir,
                "verify",
                "-verify_hostname",
                "other.test",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "intermediate.pem",
                "server.pem");
        assertThat(wrongHost.exitCode()).isNotZero();
        assertThat(wrongHost.output()).contains("hostname mismatch");
    }

    @Test
    void textFormShowsDistributionPointsAlternativeNamesAndAwsValidity() throws Exception {
        write(
                dir,
                "server.pem",
                issuingCa
                        .issueServerCertificate(
                                TestPki.Keys.RSA_2048.getPublic(),
                                List.of("mqtt.thingstead.test"),
                                List.of(InetAddress.getByName("127.0.0.1")),
                                Duration.ofDays(30))
                        .certificatePem());
        write(
                dir,
                "device.pem",
                issuingCa
                        .issueDeviceCertificate(TestPki.Keys.RSA_2048.getPublic())
                        .certificatePem());

        String server = ok(dir, "x509", "-noout", "-text", "-in", "server.pem").stdout();
        String device = ok(dir, "x509", "-noout", "-text", "-in", "device.pem").stdout();

        assertThat(server)
                .contains("X509v3 Subject Alternative Name:")
                .contains("DNS:mqtt.thingstead.test, IP Address:127.0.0.1")
                .contains("TLS Web Server Authentication")
                .contains("X509v3 CRL Distribution Points:")
                .contains("URI:" + CRL_URL)
                .contains("Subject: CN = mqtt.thingstead.test");
        assertThat(device)
                .contains("Subject: CN = AWS IoT Certificate")
                .contains("Not After : Dec 31 23:59:59 2049 GMT")
                .contains("Signature Algorithm: ecdsa-with-SHA256")
                .contains("X509v3 Basic Constraints: critical\n                CA:FALSE")
                .contains("X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment")
                .contains("TLS Web Client Authentication")
                .contains("X509v3 Subject Key Identifier")
                .contains("X509v3 Authority Key Identifier")
                .contains("URI:" + CRL_URL);
    }

    @Test
    void openSslAcceptsTheCrlInPemAndDer() throws Exception {
        SignedCrl crl = issuingCa.createCrl(
                List.of(new RevokedCertificate(
                        BigInteger.valueOf(4711), Instant.now(), RevocationReason.KEY_COMPROMISE)),
                BigInteger.valueOf(3),
                Duration.ofDays(7));
        write(dir, "intermediate.pem", CaMaterials.certificatePem(issuing));
        write(dir, "crl.pem", crl.pem());
        Files.write(dir.resolve("crl.der"), crl.crl().getEncoded());

        OpenSsl.Result pem = ok(dir, "crl", "-in", "crl.pem", "-CAfile", "intermediate.pem", "-noout", "-verify");
        OpenSsl.Result der =
                ok(dir, "crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "intermediate.pem", "-noout", "-verify");
        String text = ok(dir, "crl", "-in", "crl.pem", "-noout", "-text").stdout();

        assertThat(pem.output()).contains("verify OK");
        assertThat(der.output()).contains("verify OK");
        assertThat(text)
                .contains("Version 2")
                .contains("X509v3 CRL Number")
                .contains("X509v3 Authority Key Identifier")
                .contains("Serial Number: 1267")
                .contains("Key Compromise");
    }

    @Test
    void openSslRefusesACrlAgainstTheWrongCa() {
        SignedCrl crl = issuingCa.createCrl(List.of(), BigInteger.ONE, Duration.ofDays(1));
        write(dir, "root.pem", CaMaterials.certificatePem(root));
        write(dir, "crl.pem", crl.pem());

        OpenSsl.Result result = run(dir, "crl", "-in", "crl.pem", "-CAfile", "root.pem", "-noout", "-verify");

        assertThat(result.output()).doesNotContain("verify OK");
    }

    @Test
    void crlCheckRefusesTheRevokedCertificateAndAcceptsTheOther() {
        writeHierarchy();
        IssuedCertificate revoked = issuingCa.issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic());
        IssuedCertificate good = issuingCa.issueDeviceCertificate(TestPki.Keys.EC_P256_OTHER.getPublic());
        SignedCrl crl = issuingCa.createCrl(
                List.of(new RevokedCertificate(
                        revoked.certificate().getSerialNumber(), Instant.now(), RevocationReason.KEY_COMPROMISE)),
                BigInteger.valueOf(2),
                Duration.ofDays(1));
        write(dir, "revoked.pem", revoked.certificatePem());
        write(dir, "good.pem", good.certificatePem());
        write(dir, "crl.pem", crl.pem());

        OpenSsl.Result refused = run(
                dir,
                "verify",
                "-crl_check",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "intermediate.pem",
                "-CRLfile",
                "crl.pem",
                "revoked.pem");
        OpenSsl.Result accepted = ok(
                dir,
                "verify",
                "-crl_check",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "intermediate.pem",
                "-CRLfile",
                "crl.pem",
                "good.pem");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
        assertThat(accepted.stdout()).contains("good.pem: OK");
    }

    @Test
    void ecCsrsFromOpenSslAreAcceptedAndTheirCertificatesVerify() {
        writeHierarchy();
        for (String curve : List.of("P-256", "P-384", "P-521")) {
            ok(
                    dir,
                    "req",
                    "-new",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:" + curve,
                    "-nodes",
                    "-keyout",
                    "key.pem",
                    "-subj",
                    "/C=DE/O=Example Corp/CN=sensor-" + curve,
                    "-out",
                    "csr.pem");

            ValidatedCsr csr = new CsrValidator().validate(read(dir, "csr.pem"));
            write(dir, "device.pem", issuingCa.issueDeviceCertificate(csr).certificatePem());

            assertThat(csr.subject()).isEqualTo(new X500Principal("CN=sensor-" + curve + ", O=Example Corp, C=DE"));
            ok(dir, "verify", "-CAfile", "root.pem", "-untrusted", "intermediate.pem", "device.pem");
            assertThat(ok(dir, "x509", "-in", "device.pem", "-noout", "-pubkey").stdout())
                    .isEqualTo(ok(dir, "pkey", "-in", "key.pem", "-pubout").stdout());
            assertThat(ok(dir, "x509", "-in", "device.pem", "-noout", "-subject")
                            .stdout())
                    .contains("C = DE, O = Example Corp, CN = sensor-" + curve);
        }
    }

    @Test
    void rsa2048CsrFromOpenSslIsAccepted() {
        ok(
                dir,
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "key.pem",
                "-subj",
                "/CN=rsa-device",
                "-out",
                "csr.pem");

        ValidatedCsr csr = new CsrValidator().validate(read(dir, "csr.pem"));

        assertThat(csr.signatureAlgorithm()).isEqualTo("SHA256WITHRSA");
        assertThat(csr.subject()).isEqualTo(new X500Principal("CN=rsa-device"));
    }

    @Test
    void rsa1024CsrFromOpenSslIsRefused() {
        ok(
                dir,
                "req",
                "-new",
                "-newkey",
                "rsa:1024",
                "-nodes",
                "-keyout",
                "key.pem",
                "-subj",
                "/CN=weak-device",
                "-out",
                "csr.pem");

        assertIotError(
                () -> new CsrValidator().validate(read(dir, "csr.pem")),
                ErrorCode.INVALID_REQUEST,
                "RSA keys must be at least 2048 bits, this one has 1024");
    }

    @Test
    void ed25519CsrFromOpenSslIsRefused() {
        ok(
                dir,
                "req",
                "-new",
                "-newkey",
                "ed25519",
                "-nodes",
                "-keyout",
                "key.pem",
                "-subj",
                "/CN=ed-device",
                "-out",
                "csr.pem");

        assertIotError(
                () -> new CsrValidator().validate(read(dir, "csr.pem")),
                ErrorCode.INVALID_REQUEST,
                "Ed25519 keys are not supported");
    }

    @Test
    void openSslReadsTheGeneratedKeysInTheirAwsForms() {
        KeyPairPem rsa = KeyPairs.toPem(TestPki.Keys.RSA_2048);
        KeyPairPem ec = KeyPairs.toPem(TestPki.Keys.EC_P256);
        write(dir, "rsa.key", rsa.privateKeyPem());
        write(dir, "ec.key", ec.privateKeyPem());
        write(
                dir,
                "rsa-cert.pem",
                issuingCa
                        .issueDeviceCertificate(TestPki.Keys.RSA_2048.getPublic())
                        .certificatePem());

        assertThat(ok(dir, "rsa", "-in", "rsa.key", "-check", "-noout").output())
                .contains("RSA key ok");
        assertThat(ok(dir, "pkey", "-in", "rsa.key", "-pubout").stdout()).isEqualTo(rsa.publicKeyPem());
        assertThat(ok(dir, "pkey", "-in", "ec.key", "-check", "-noout").output())
                .contains("Key is valid");
        assertThat(ok(dir, "pkey", "-in", "ec.key", "-pubout").stdout()).isEqualTo(ec.publicKeyPem());
        assertThat(ok(dir, "x509", "-in", "rsa-cert.pem", "-noout", "-pubkey").stdout())
                .isEqualTo(rsa.publicKeyPem());
    }

    @Test
    void bringYourOwnCaTheWayAwsDocumentsIt() {
        String registrationCode = CaRegistration.newRegistrationCode();
        CaRegistration registration = new CaRegistration(CLOCK);
        ok(dir, "genrsa", "-out", "root_CA_key.key", "2048");
        ok(
                dir,
                "req",
                "-x509",
                "-new",
                "-nodes",
                "-key",
                "root_CA_key.key",
                "-sha256",
                "-days",
                "1024",
                "-subj",
                "/C=US/O=Customer Inc/CN=Customer Root CA",
                "-out",
                "root_CA_cert.pem");
        ok(dir, "genrsa", "-out", "verification_cert_key.key", "2048");
        ok(
                dir,
                "req",
                "-new",
                "-key",
                "verification_cert_key.key",
                "-subj",
                "/CN=" + registrationCode,
                "-out",
                "verification_cert.csr");
        ok(
                dir,
                "x509",
                "-req",
                "-in",
                "verification_cert.csr",
                "-CA",
                "root_CA_cert.pem",
                "-CAkey",
                "root_CA_key.key",
                "-CAcreateserial",
                "-out",
                "verification_cert.pem",
                "-days",
                "500",
                "-sha256");
        ok(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "device.key");
        ok(dir, "req", "-new", "-key", "device.key", "-subj", "/CN=customer-device-1", "-out", "device.csr");
        ok(
                dir,
                "x509",
                "-req",
                "-in",
                "device.csr",
                "-CA",
                "root_CA_cert.pem",
                "-CAkey",
                "root_CA_key.key",
                "-CAcreateserial",
                "-out",
                "device.pem",
                "-days",
                "365",
                "-sha256");

        IssuedCertificate ca = registration.validateCaCertificate(read(dir, "root_CA_cert.pem"));
        registration.verifyVerificationCertificate(
                read(dir, "verification_cert.pem"), ca.certificate(), registrationCode);
        IssuedCertificate device = registration.validateDeviceCertificate(read(dir, "device.pem"), ca.certificate());

        assertThat(device.certificate().getSubjectX500Principal()).isEqualTo(new X500Principal("CN=customer-device-1"));
        assertThat(device.certificateId())
                .isEqualTo(ok(dir, "x509", "-in", "device.pem", "-noout", "-fingerprint", "-sha256")
                        .stdout()
                        .replaceAll("(?s).*=", "")
                        .replace(":", "")
                        .strip()
                        .toLowerCase(java.util.Locale.ROOT));
        assertIotError(
                () -> registration.verifyVerificationCertificate(
                        read(dir, "verification_cert.pem"), ca.certificate(), CaRegistration.newRegistrationCode()),
                ErrorCode.REGISTRATION_CODE_VALIDATION);
        assertIotError(
                () -> registration.verifyVerificationCertificate(
                        read(dir, "device.pem"), issuing.certificate(), registrationCode),
                ErrorCode.CERTIFICATE_VALIDATION);
    }

    @Test
    void readsAndVerifiesACrlFromAnOpenSslCa() {
        ok(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
        ok(
                dir,
                "req",
                "-x509",
                "-new",
                "-key",
                "ca.key",
                "-sha256",
                "-days",
                "30",
                "-subj",
                "/O=Customer Inc/CN=Customer CA",
                "-out",
                "ca.pem");
        ok(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "device.key");
        ok(dir, "req", "-new", "-key", "device.key", "-subj", "/CN=d1", "-out", "device.csr");
        ok(
                dir,
                "x509",
                "-req",
                "-in",
                "device.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "device.pem",
                "-days",
                "10",
                "-sha256");
        write(dir, "index.txt", "");
        write(dir, "crlnumber", "1000\n");
        write(dir, "ca.cnf", """
                [ ca ]
                default_ca = CA_default
                [ CA_default ]
                database = index.txt
                crlnumber = crlnumber
                default_md = sha256
                default_crl_days = 7
                """);
        ok(
                dir,
                "ca",
                "-config",
                "ca.cnf",
                "-keyfile",
                "ca.key",
                "-cert",
                "ca.pem",
                "-revoke",
                "device.pem",
                "-crl_reason",
                "keyCompromise");
        ok(dir, "ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-gencrl", "-out", "crl.pem");
        ok(dir, "crl", "-in", "crl.pem", "-outform", "DER", "-out", "crl.der");
        var caCertificate = Certificates.parsePem(read(dir, "ca.pem"), "CA certificate");
        var deviceCertificate = Certificates.parsePem(read(dir, "device.pem"), "certificate");

        CrlContents pem =
                CrlFiles.parseAndVerify(read(dir, "crl.pem").getBytes(StandardCharsets.US_ASCII), caCertificate);
        CrlContents der = CrlFiles.parseAndVerify(bytes(dir.resolve("crl.der")), caCertificate);

        assertThat(pem).isEqualTo(der);
        assertThat(pem.revokedSerials()).containsExactly(deviceCertificate.getSerialNumber());
        assertThat(pem.revoked().get(0).reason()).contains(RevocationReason.KEY_COMPROMISE);
        assertThat(pem.crlNumber()).contains(BigInteger.valueOf(0x1000));
        assertThat(pem.nextUpdate()).isPresent();
        assertThat(Duration.between(pem.thisUpdate(), pem.nextUpdate().orElseThrow()))
                .isEqualTo(Duration.ofDays(7));
        assertIotError(
                () -> CrlFiles.parseAndVerify(bytes(dir.resolve("crl.der")), root.certificate()),
                ErrorCode.CERTIFICATE_VALIDATION);
    }

    @Test
    void importsAnOpenSslCaAndIssuesCertificatesOpenSslAccepts() throws Exception {
        ok(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
        ok(
                dir,
                "req",
                "-x509",
                "-new",
                "-key",
                "ca.key",
                "-sha256",
                "-days",
                "3650",
                "-subj",
                "/O=Imported/CN=Imported CA",
                "-out",
                "ca.pem");
        assertThat(read(dir, "ca.key")).startsWith("-----BEGIN EC PRIVATE KEY-----");

        CaMaterial imported = CaMaterials.load(read(dir, "ca.pem"), bytes(dir.resolve("ca.key")));
        KeyPair deviceKeys = KeyPairs.generate();
        write(
                dir,
                "device.pem",
                new CertificateAuthority(imported, CRL_URL, CLOCK)
                        .issueDeviceCertificate(deviceKeys.getPublic())
                        .certificatePem());
        write(dir, "saved-key.pem", new String(CaMaterials.privateKeyPem(imported), StandardCharsets.US_ASCII));

        ok(dir, "verify", "-CAfile", "ca.pem", "device.pem");
        assertThat(ok(dir, "pkey", "-in", "saved-key.pem", "-pubout").stdout())
                .isEqualTo(ok(dir, "pkey", "-in", "ca.key", "-pubout").stdout());
    }

    private static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
