package io.thingstead.pki.internal.crypto;

import static io.thingstead.pki.internal.crypto.TestPki.FIXED;
import static io.thingstead.pki.internal.crypto.TestPki.NOW;
import static io.thingstead.pki.internal.crypto.TestPki.assertIotError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.Ids;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.pki.api.CaMaterial;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.KeyAlgorithm;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaRegistrationTest {
    private static final String CA_SUBJECT = "CN=Customer Root CA, O=Customer Inc, C=US";

    private static KeyPair caKeys;
    private static CaMaterial customerCa;
    private static String registrationCode;

    private final CaRegistration registration = new CaRegistration(FIXED);

    @BeforeAll
    static void customerCa() {
        caKeys = TestPki.Keys.RSA_2048;
        X509Certificate certificate = TestPki.certificate()
                .subject(CA_SUBJECT)
                .selfSigned(caKeys)
                .ca(true)
                .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(3650)))
                .build();
        customerCa = new CaMaterial(certificate, caKeys.getPrivate());
        registrationCode = CaRegistration.newRegistrationCode();
    }

    private static TestPki.CertBuilder verificationCertificate() {
        return TestPki.certificate()
                .subject("CN=" + registrationCode + ", O=Customer Inc")
                .key(TestPki.Keys.EC_P256)
                .issuedBy(customerCa)
                .signatureAlgorithm("SHA256withRSA");
    }

    @Test
    void registrationCodesAre64LowerCaseHexCharactersAndUnique() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String code = CaRegistration.newRegistrationCode();
            assertThat(code).matches("[0-9a-f]{64}");
            codes.add(code);
        }
        assertThat(codes).hasSize(100);
    }

    @Test
    void acceptsASelfSignedRootCa() {
        IssuedCertificate ca = registration.validateCaCertificate(Pem.certificate(customerCa.certificate()));

        assertThat(ca.certificate()).isEqualTo(customerCa.certificate());
        assertThat(ca.certificateId()).isEqualTo(Ids.sha256Hex(Certificates.encoded(customerCa.certificate())));
    }

    @Test
    void acceptsAnIntermediateCaThatIsNotSelfSigned() {
        String intermediate = TestPki.certificate()
                .subject("CN=Customer Issuing CA")
                .key(TestPki.Keys.EC_P384)
                .issuedBy(customerCa)
                .signatureAlgorithm("SHA256withRSA")
                .ca(true)
                .pem();

        assertThat(registration
                        .validateCaCertificate(intermediate)
                        .certificate()
                        .getSubjectX500Principal())
                .isEqualTo(new X500Principal("CN=Customer Issuing CA"));
    }

    @Test
    void acceptsAThingsteadRoot() {
        CaMaterial root = TestPki.root("CN=Thingstead Root CA 1, O=Example", KeyAlgorithm.EC_P384);

        assertThat(registration
                        .validateCaCertificate(Pem.certificate(root.certificate()))
                        .certificate())
                .isEqualTo(root.certificate());
    }

    @Test
    void refusesALeafCertificateAsCa() {
        String leaf =
                TestPki.certificate().selfSigned(TestPki.Keys.EC_P256).ca(false).pem();

        assertIotError(
                () -> registration.validateCaCertificate(leaf),
                ErrorCode.CERTIFICATE_VALIDATION,
                "not a CA certificate");
    }

    @Test
    void refusesACertificateWithoutBasicConstraintsAsCa() {
        String noExtensions =
                TestPki.certificate().selfSigned(TestPki.Keys.EC_P256).pem();
        String version1 = TestPki.certificate()
                .selfSigned(TestPki.Keys.EC_P256)
                .version1()
                .pem();

        assertIotError(
                () -> registration.validateCaCertificate(noExtensions),
                ErrorCode.CERTIFICATE_VALIDATION,
                "not a CA certificate");
        assertIotError(
                () -> registration.validateCaCertificate(version1),
                ErrorCode.CERTIFICATE_VALIDATION,
                "not a CA certificate");
    }

    @Test
    void refusesACaWhoseKeyUsageForbidsCertificateSigning() {
        String pem = TestPki.certificate()
                .selfSigned(TestPki.Keys.EC_P256)
                .ca(true)
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign)
                .pem();

        assertIotError(() -> registration.validateCaCertificate(pem), ErrorCode.CERTIFICATE_VALIDATION, "keyCertSign");
    }

    @Test
    void refusesAnExpiredCa() {
        String pem = TestPki.certificate()
                .selfSigned(TestPki.Keys.EC_P256)
                .ca(true)
                .validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)))
                .pem();

        assertIotError(() -> registration.validateCaCertificate(pem), ErrorCode.CERTIFICATE_VALIDATION, "expired");
    }

    @Test
    void refusesACaThatIsNotValidYet() {
        String pem = TestPki.certificate()
                .selfSigned(TestPki.Keys.EC_P256)
                .ca(true)
                .validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)))
                .pem();

        assertIotError(
                () -> registration.validateCaCertificate(pem), ErrorCode.CERTIFICATE_VALIDATION, "not valid yet");
    }

    @Test
    void refusesACaWithAWeakKey() {
        String pem =
                TestPki.certificate().selfSigned(TestPki.Keys.RSA_1024).ca(true).pem();

        assertIotError(
                () -> registration.validateCaCertificate(pem),
                ErrorCode.CERTIFICATE_VALIDATION,
                "The key in the CA certificate is not valid",
                "this one has 1024");
    }

    @Test
    void refusesASha1SignedCa() {
        String pem = TestPki.certificate()
                .selfSigned(TestPki.Keys.RSA_2048)
                .signatureAlgorithm("SHA1withRSA")
                .ca(true)
                .pem();

        assertIotError(() -> registration.validateCaCertificate(pem), ErrorCode.CERTIFICATE_VALIDATION, "SHA1WITHRSA");
    }

    @Test
    void refusesASelfSignedCaWhoseSignatureDoesNotVerify() {
        String pem = TestPki.certificate()
                .subject("CN=Forged Root")
                .key(TestPki.Keys.EC_P256)
                .issuedBy("CN=Forged Root", TestPki.Keys.EC_P256_OTHER.getPrivate())
                .ca(true)
                .pem();

        assertIotError(
                () -> registration.validateCaCertificate(pem), ErrorCode.CERTIFICATE_VALIDATION, "does not verify");
    }

    @Test
    void refusesGarbageAndSeveralCertificates() {
        String ca = Pem.certificate(customerCa.certificate());

        assertIotError(
                () -> registration.validateCaCertificate("garbage"),
                ErrorCode.CERTIFICATE_VALIDATION,
                "not a valid PEM certificate");
        assertIotError(
                () -> registration.validateCaCertificate(ca + ca), ErrorCode.CERTIFICATE_VALIDATION, "exactly one");
        assertIotError(
                () -> registration.validateCaCertificate(Pem.encode(Pem.CERTIFICATE, new byte[] {0x30, 0x03, 1, 1, 1})),
                ErrorCode.CERTIFICATE_VALIDATION,
                "not a valid X.509 certificate");
        assertIotError(() -> registration.validateCaCertificate(""), ErrorCode.INVALID_REQUEST, "required");
        assertIotError(
                () -> registration.validateCaCertificate(" ".repeat(70_000)), ErrorCode.INVALID_REQUEST, "required");
        assertIotError(
                () -> registration.validateCaCertificate(ca + "\n".repeat(65_536)),
                ErrorCode.INVALID_REQUEST,
                "longer than 65536");
    }

    @Test
    void acceptsAVerificationCertificateSignedByTheCaWithTheRegistrationCode() {
        String verification = verificationCertificate().pem();

        registration.verifyVerificationCertificate(verification, customerCa.certificate(), registrationCode);

        registration.verifyVerificationCertificate(
                verificationCertificate()
                        .subject("CN=" + registrationCode.toUpperCase(java.util.Locale.ROOT))
                        .pem(),
                customerCa.certificate(),
                registrationCode);
    }

    @Test
    void refusesAVerificationCertificateWithTheWrongCommonName() {
        String wrongCode = verificationCertificate()
                .subject("CN=" + CaRegistration.newRegistrationCode())
                .pem();
        String noCommonName =
                verificationCertificate().subject("O=Customer Inc").pem();
        String twoCommonNames = verificationCertificate()
                .subject("CN=" + registrationCode + ", CN=" + registrationCode)
                .pem();

        for (String pem : new String[] {wrongCode, noCommonName, twoCommonNames}) {
            assertIotError(
                    () -> registration.verifyVerificationCertificate(pem, customerCa.certificate(), registrationCode),
                    ErrorCode.REGISTRATION_CODE_VALIDATION,
                    "not the registration code");
        }
    }

    @Test
    void refusesAVerificationCertificateSignedByAnotherKey() {
        String pem = verificationCertificate()
                .issuedBy(CA_SUBJECT, TestPki.Keys.EC_P256_OTHER.getPrivate())
                .signatureAlgorithm("SHA256withECDSA")
                .pem();

        assertIotError(
                () -> registration.verifyVerificationCertificate(pem, customerCa.certificate(), registrationCode),
                ErrorCode.CERTIFICATE_VALIDATION,
                "not signed by the CA certificate's private key");
    }

    @Test
    void refusesAVerificationCertificateWithTheCaKeyButAnotherIssuerName() {
        String pem = verificationCertificate()
                .issuedBy("CN=Someone Else", caKeys.getPrivate())
                .pem();

        assertIotError(
                () -> registration.verifyVerificationCertificate(pem, customerCa.certificate(), registrationCode),
                ErrorCode.CERTIFICATE_VALIDATION,
                "issuer is not the CA certificate's subject");
    }

    @Test
    void refusesAnExpiredVerificationCertificate() {
        String pem = verificationCertificate()
                .validity(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofSeconds(1)))
                .pem();

        assertIotError(
                () -> registration.verifyVerificationCertificate(pem, customerCa.certificate(), registrationCode),
                ErrorCode.CERTIFICATE_VALIDATION,
                "verification certificate has expired");
    }

    @Test
    void refusesMalformedVerificationCertificates() {
        assertIotError(
                () -> registration.verifyVerificationCertificate("nope", customerCa.certificate(), registrationCode),
                ErrorCode.CERTIFICATE_VALIDATION,
                "verification certificate is not a valid PEM certificate");
        assertThatThrownBy(() -> registration.verifyVerificationCertificate(
                        verificationCertificate().pem(), customerCa.certificate(), "not-a-code"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsADeviceCertificateIssuedByTheCa() {
        X509Certificate device = TestPki.certificate()
                .subject("CN=device-7")
                .key(TestPki.Keys.EC_P256)
                .issuedBy(customerCa)
                .build();

        IssuedCertificate registered =
                registration.validateDeviceCertificate(Pem.certificate(device), customerCa.certificate());

        assertThat(registered.certificate()).isEqualTo(device);
        assertThat(registered.certificateId()).isEqualTo(Certificates.certificateId(device));
    }

    @Test
    void refusesADeviceCertificateFromACaWithTheSameNameButAnotherKey() {
        String pem = TestPki.certificate()
                .key(TestPki.Keys.EC_P256)
                .issuedBy(CA_SUBJECT, TestPki.Keys.EC_P384.getPrivate())
                .signatureAlgorithm("SHA384withECDSA")
                .pem();

        assertIotError(
                () -> registration.validateDeviceCertificate(pem, customerCa.certificate()),
                ErrorCode.CERTIFICATE_VALIDATION,
                "signature does not verify with the CA's public key");
    }

    @Test
    void refusesADeviceCertificateFromAnotherIssuer() {
        CaMaterial other = TestPki.root("CN=Other CA", KeyAlgorithm.EC_P256);
        String pem = new CertificateAuthority(other, null, FIXED)
                .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                .certificatePem();

        assertIotError(
                () -> registration.validateDeviceCertificate(pem, customerCa.certificate()),
                ErrorCode.CERTIFICATE_VALIDATION,
                "issuer is not the CA's subject");
    }

    @Test
    void refusesAnExpiredDeviceCertificate() {
        String pem = TestPki.certificate()
                .key(TestPki.Keys.EC_P256)
                .issuedBy(customerCa)
                .validity(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(1)))
                .pem();

        assertIotError(
                () -> registration.validateDeviceCertificate(pem, customerCa.certificate()),
                ErrorCode.CERTIFICATE_VALIDATION,
                "The certificate has expired");
    }

    @Test
    void refusesADeviceCertificateWhenTheCaHasExpired() {
        X509Certificate expiredCa = TestPki.certificate()
                .subject("CN=Old CA")
                .selfSigned(TestPki.Keys.EC_P384)
                .ca(true)
                .validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)))
                .build();
        String pem = TestPki.certificate()
                .key(TestPki.Keys.EC_P256)
                .issuedBy("CN=Old CA", TestPki.Keys.EC_P384.getPrivate())
                .pem();

        assertIotError(
                () -> registration.validateDeviceCertificate(pem, expiredCa),
                ErrorCode.CERTIFICATE_VALIDATION,
                "The CA certificate has expired");
    }

    @Test
    void refusesADeviceCertificateWithAWeakKey() {
        String pem = TestPki.certificate()
                .key(TestPki.Keys.RSA_1024)
                .issuedBy(customerCa)
                .pem();

        assertIotError(
                () -> registration.validateDeviceCertificate(pem, customerCa.certificate()),
                ErrorCode.CERTIFICATE_VALIDATION,
                "The key in the certificate is not valid");
    }

    @Test
    void acceptsACertificateWithoutCa() {
        String selfSigned = TestPki.certificate()
                .subject("CN=standalone")
                .selfSigned(TestPki.Keys.EC_P384)
                .signatureAlgorithm("SHA384withECDSA")
                .pem();

        assertThat(registration
                        .validateCertificateWithoutCa(selfSigned)
                        .certificate()
                        .getSubjectX500Principal())
                .isEqualTo(new X500Principal("CN=standalone"));
    }

    @Test
    void acceptsAVersion1CertificateWithoutCa() {
        String version1 = TestPki.certificate()
                .selfSigned(TestPki.Keys.RSA_2048)
                .version1()
                .pem();

        assertThat(registration
                        .validateCertificateWithoutCa(version1)
                        .certificate()
                        .getVersion())
                .isEqualTo(1);
    }

    @Test
    void refusesBadCertificatesWithoutCa() {
        String weak = TestPki.certificate().selfSigned(TestPki.Keys.RSA_1024).pem();
        String expired = TestPki.certificate()
                .selfSigned(TestPki.Keys.EC_P256)
                .validity(NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)))
                .pem();
        String ed25519 = TestPki.certificate()
                .key(TestPki.generate("Ed25519", 0).getPublic())
                .issuedBy(customerCa)
                .pem();

        assertIotError(() -> registration.validateCertificateWithoutCa(weak), ErrorCode.CERTIFICATE_VALIDATION, "1024");
        assertIotError(
                () -> registration.validateCertificateWithoutCa(expired), ErrorCode.CERTIFICATE_VALIDATION, "expired");
        assertIotError(
                () -> registration.validateCertificateWithoutCa(ed25519), ErrorCode.CERTIFICATE_VALIDATION, "Ed25519");
        assertIotError(
                () -> registration.validateCertificateWithoutCa("-----BEGIN CERTIFICATE-----\nAAAA"),
                ErrorCode.CERTIFICATE_VALIDATION,
                "truncated");
    }
}
