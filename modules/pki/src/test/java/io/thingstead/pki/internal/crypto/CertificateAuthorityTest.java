package io.thingstead.pki.internal.crypto;

import static io.thingstead.pki.internal.crypto.TestPki.FIXED;
import static io.thingstead.pki.internal.crypto.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.Ids;
import io.thingstead.pki.api.CaMaterial;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.KeyAlgorithm;
import io.thingstead.pki.api.RevocationReason;
import io.thingstead.pki.api.RevokedCertificate;
import io.thingstead.pki.api.SignedCrl;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final URI CRL_URL = URI.create("http://pki.thingstead.test/crl/issuing-1.crl");
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private static CaMaterial root;
    private static CertificateAuthority rootCa;
    private static CaMaterial issuing;
    private static CertificateAuthority issuingCa;

    @BeforeAll
    static void createHierarchy() {
        root = TestPki.root("CN=Thingstead Root CA 1, O=Example Corp", KeyAlgorithm.EC_P384);
        rootCa = new CertificateAuthority(root, URI.create("http://pki.thingstead.test/crl/root-1.crl"), FIXED);
        issuing = rootCa.createIntermediate(
                new X500Principal("CN=Thingstead Issuing CA 1, O=Example Corp"),
                KeyAlgorithm.EC_P256,
                CertificateAuthority.DEFAULT_INTERMEDIATE_VALIDITY);
        issuingCa = new CertificateAuthority(issuing, CRL_URL, FIXED);
    }

    @Test
    void rootIsASelfSignedCaWithCriticalConstraintsAndKeyUsage() throws Exception {
        X509Certificate certificate = root.certificate();

        assertThat(certificate.getSubjectX500Principal())
                .isEqualTo(new X500Principal("CN=Thingstead Root CA 1, O=Example Corp"))
                .isEqualTo(certificate.getIssuerX500Principal());
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(certificate.getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(certificate.getKeyUsage())
                .containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(keyIdentifier(certificate)).isEqualTo(authorityKeyIdentifier(certificate));
        assertThat(keyIdentifier(certificate))
                .isEqualTo(new JcaX509ExtensionUtils()
                        .createSubjectKeyIdentifier(certificate.getPublicKey())
                        .getKeyIdentifier());
    }

    @Test
    void rootValidityStartsNowAndOutlivesAwsDeviceCertificates() {
        assertThat(root.certificate().getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(root.certificate().getNotAfter().toInstant())
                .isEqualTo(NOW.plus(CertificateAuthority.DEFAULT_ROOT_VALIDITY))
                .isAfter(CertificateAuthority.AWS_DEVICE_NOT_AFTER);
    }

    @Test
    void rootCanBeP256SignedWithSha256() {
        CaMaterial p256 = TestPki.root("CN=P-256 Root", KeyAlgorithm.EC_P256);

        assertThat(p256.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(KeyPairs.algorithmOf(p256.certificate().getPublicKey())).isEqualTo(KeyAlgorithm.EC_P256);
    }

    @Test
    void intermediateIsSignedByTheRootWithPathLengthZero() throws Exception {
        X509Certificate certificate = issuing.certificate();

        certificate.verify(root.certificate().getPublicKey());
        assertThat(certificate.getIssuerX500Principal())
                .isEqualTo(root.certificate().getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).isZero();
        assertThat(certificate.getKeyUsage()[5]).isTrue();
        assertThat(certificate.getKeyUsage()[6]).isTrue();
        assertThat(authorityKeyIdentifier(certificate)).isEqualTo(keyIdentifier(root.certificate()));
        assertThat(distributionPoint(certificate)).isEqualTo("http://pki.thingstead.test/crl/root-1.crl");
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA384withECDSA");
    }

    @Test
    void deviceCertificateForAGeneratedKeyLooksLikeAwsIssuedIt() throws Exception {
        IssuedCertificate issued = issuingCa.issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic());
        X509Certificate certificate = issued.certificate();

        assertThat(issuingCa.material()).isSameAs(issuing);
        assertThat(issuingCa.certificate()).isSameAs(issuing.certificate());
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=AWS IoT Certificate"));
        assertThat(certificate.getIssuerX500Principal())
                .isEqualTo(issuing.certificate().getSubjectX500Principal());
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(certificate.getPublicKey()).isEqualTo(TestPki.Keys.EC_P256.getPublic());
        certificate.verify(issuing.certificate().getPublicKey());
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void deviceCertificateHasEndEntityExtensions() throws Exception {
        X509Certificate certificate = issuingCa
                .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                .certificate();

        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(certificate.getExtensionValue(Extension.basicConstraints.getId()))
                .isNotNull();
        assertThat(certificate.getKeyUsage())
                .containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(keyIdentifier(certificate))
                .isEqualTo(new JcaX509ExtensionUtils()
                        .createSubjectKeyIdentifier(TestPki.Keys.EC_P256.getPublic())
                        .getKeyIdentifier());
        assertThat(authorityKeyIdentifier(certificate)).isEqualTo(keyIdentifier(issuing.certificate()));
        assertThat(distributionPoint(certificate)).isEqualTo(CRL_URL.toString());
    }

    @Test
    void rsaDeviceCertificateAlsoAllowsKeyEncipherment() {
        X509Certificate certificate = issuingCa
                .issueDeviceCertificate(TestPki.Keys.RSA_2048.getPublic())
                .certificate();

        assertThat(certificate.getKeyUsage())
                .containsExactly(true, false, true, false, false, false, false, false, false);
    }

    @Test
    void serialNumbersArePositiveTwentyOctetsAndUnique() {
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            BigInteger serial = issuingCa
                    .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                    .certificate()
                    .getSerialNumber();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.toByteArray()).hasSize(20);
            serials.add(serial);
        }
        assertThat(serials).hasSize(50);
    }

    @Test
    void issuedCertificateCarriesAwsCertificateIdAndCanonicalPem() throws Exception {
        IssuedCertificate issued = issuingCa.issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic());

        assertThat(issued.certificateId())
                .isEqualTo(Ids.sha256Hex(issued.certificate().getEncoded()))
                .matches("[0-9a-f]{64}");
        assertThat(issued.certificatePem()).isEqualTo(Pem.certificate(issued.certificate()));
        assertThat(issued.toString()).contains(issued.certificateId());
    }

    @Test
    void csrCertificateKeepsTheCsrSubject() throws Exception {
        var csr = new CsrValidator()
                .validate(TestPki.csr(TestPki.Keys.EC_P384, "CN=sensor-42, OU=Line 3, O=Example Corp, C=DE"));

        X509Certificate certificate = issuingCa.issueDeviceCertificate(csr).certificate();

        assertThat(certificate.getSubjectX500Principal())
                .isEqualTo(new X500Principal("CN=sensor-42, OU=Line 3, O=Example Corp, C=DE"));
        assertThat(certificate.getPublicKey()).isEqualTo(TestPki.Keys.EC_P384.getPublic());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    }

    @Test
    void deviceCertificateNeverOutlivesItsCa() {
        CaMaterial shortLived = CertificateAuthority.createRoot(
                new X500Principal("CN=Short Lived"), KeyAlgorithm.EC_P256, Duration.ofDays(30), FIXED);

        X509Certificate certificate = new CertificateAuthority(shortLived, null, FIXED)
                .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                .certificate();

        assertThat(certificate.getNotAfter()).isEqualTo(shortLived.certificate().getNotAfter());
        assertThat(certificate.getExtensionValue(Extension.cRLDistributionPoints.getId()))
                .as("no distribution point configured")
                .isNull();
    }

    @Test
    void expiredCaCannotIssue() {
        CaMaterial shortLived = CertificateAuthority.createRoot(
                new X500Principal("CN=Expired"), KeyAlgorithm.EC_P256, Duration.ofDays(1), FIXED);
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC);
        CertificateAuthority ca = new CertificateAuthority(shortLived, null, later);

        assertThatThrownBy(() -> ca.issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void serverCertificateNamesEveryHostAndIsForServerAuth() throws Exception {
        IssuedCertificate issued = issuingCa.issueServerCertificate(
                TestPki.Keys.RSA_2048.getPublic(),
                List.of("mqtt.thingstead.test", "*.iot.thingstead.test"),
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")),
                Duration.ofDays(397));
        X509Certificate certificate = issued.certificate();

        assertThat(certificate.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=mqtt.thingstead.test"));
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "mqtt.thingstead.test"),
                        List.of(2, "*.iot.thingstead.test"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(certificate.getKeyUsage()[0]).isTrue();
        assertThat(certificate.getKeyUsage()[2]).isTrue();
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(397)));
        certificate.verify(issuing.certificate().getPublicKey());
    }

    @Test
    void serverCertificateWithOnlyAnAddressUsesItAsCommonName() throws Exception {
        X509Certificate certificate = issuingCa
                .issueServerCertificate(
                        TestPki.Keys.EC_P256.getPublic(),
                        List.of(),
                        List.of(InetAddress.getByName("10.1.2.3")),
                        Duration.ofDays(30))
                .certificate();

        assertThat(certificate.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=10.1.2.3"));
    }

    @Test
    void serverCertificateRefusesBadNames() {
        var key = TestPki.Keys.EC_P256.getPublic();
        assertThatThrownBy(() -> issuingCa.issueServerCertificate(key, List.of(), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        issuingCa.issueServerCertificate(key, List.of("not a host"), List.of(), Duration.ofDays(1)))
                .hasMessageContaining("not a DNS name");
        assertThatThrownBy(() -> issuingCa.issueServerCertificate(
                        key, List.of("evil.test,O=Injected"), List.of(), Duration.ofDays(1)))
                .hasMessageContaining("not a DNS name");
        assertThatThrownBy(() -> issuingCa.issueServerCertificate(key, List.of("ok.test"), List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorRefusesANonCaCertificate() {
        X509Certificate leaf = issuingCa
                .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                .certificate();

        assertThatThrownBy(() ->
                        new CertificateAuthority(new CaMaterial(leaf, TestPki.Keys.EC_P256.getPrivate()), null, FIXED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CA");
    }

    @Test
    void constructorRefusesAKeyThatDoesNotMatch() {
        assertThatThrownBy(() -> new CertificateAuthority(
                        new CaMaterial(issuing.certificate(), TestPki.Keys.EC_P256_OTHER.getPrivate()), null, FIXED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> new CertificateAuthority(
                        new CaMaterial(issuing.certificate(), TestPki.Keys.RSA_2048.getPrivate()), null, FIXED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorRefusesARelativeDistributionPoint() {
        assertThatThrownBy(() -> new CertificateAuthority(issuing, URI.create("crl/1.crl"), FIXED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rsaCaSignsWithSha256WithRsa() {
        CaMaterial rsaRoot = TestPki.root("CN=RSA Root", KeyAlgorithm.RSA_2048);

        X509Certificate certificate = new CertificateAuthority(rsaRoot, null, FIXED)
                .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                .certificate();

        assertThat(rsaRoot.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void p521CaSignsWithSha512() {
        assertThat(CertificateAuthority.signatureAlgorithmFor(TestPki.Keys.EC_P521.getPublic()))
                .isEqualTo("SHA512withECDSA");
    }

    @Test
    void crlListsRevokedCertificatesWithReasonsNumberAndKeyIdentifier() throws Exception {
        Instant revokedAt = NOW.minus(Duration.ofHours(3)).plusMillis(250);
        SignedCrl signed = issuingCa.createCrl(
                List.of(
                        new RevokedCertificate(BigInteger.valueOf(1001), revokedAt, RevocationReason.KEY_COMPROMISE),
                        new RevokedCertificate(BigInteger.valueOf(1002), revokedAt),
                        new RevokedCertificate(BigInteger.valueOf(1003), revokedAt, RevocationReason.UNSPECIFIED)),
                BigInteger.valueOf(17),
                Duration.ofDays(7));
        var crl = signed.crl();

        crl.verify(issuing.certificate().getPublicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal()).isEqualTo(issuing.certificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW).isEqualTo(signed.thisUpdate());
        assertThat(crl.getNextUpdate().toInstant())
                .isEqualTo(NOW.plus(Duration.ofDays(7)))
                .isEqualTo(signed.nextUpdate());
        assertThat(crl.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ASN1Integer.getInstance(extension(crl.getExtensionValue(Extension.cRLNumber.getId())))
                        .getValue())
                .isEqualTo(17);
        assertThat(AuthorityKeyIdentifier.getInstance(
                                extension(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())))
                        .getKeyIdentifierOctets())
                .isEqualTo(keyIdentifier(issuing.certificate()));
        assertThat(crl.getRevokedCertificates()).hasSize(3);
        X509CRLEntry compromised = crl.getRevokedCertificate(BigInteger.valueOf(1001));
        assertThat(compromised.getRevocationDate().toInstant()).isEqualTo(NOW.minus(Duration.ofHours(3)));
        assertThat(CRLReason.getInstance(extension(compromised.getExtensionValue(Extension.reasonCode.getId())))
                        .getValue()
                        .intValue())
                .isEqualTo(1);
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(1002)).hasExtensions())
                .isFalse();
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(1003)).hasExtensions())
                .as("unspecified is written as no reason code (RFC 5280 5.3.1)")
                .isFalse();
        assertThat(signed.pem()).startsWith("-----BEGIN X509 CRL-----\n");
        assertThat(signed.crlNumber()).isEqualTo(17);
    }

    @Test
    void emptyCrlIsValid() throws Exception {
        SignedCrl signed = rootCa.createCrl(List.of(), BigInteger.ZERO, Duration.ofHours(1));

        signed.crl().verify(root.certificate().getPublicKey());
        assertThat(signed.crl().getRevokedCertificates()).isNull();
        assertThat(signed.crl().getSigAlgName()).isEqualTo("SHA384withECDSA");
    }

    @Test
    void crlRefusesInvalidInput() {
        var now = NOW;
        assertThatThrownBy(() -> issuingCa.createCrl(
                        List.of(new RevokedCertificate(BigInteger.ONE, now, RevocationReason.REMOVE_FROM_CRL)),
                        BigInteger.ONE,
                        Duration.ofDays(1)))
                .hasMessageContaining("delta CRLs");
        assertThatThrownBy(() -> issuingCa.createCrl(
                        List.of(
                                new RevokedCertificate(BigInteger.ONE, now),
                                new RevokedCertificate(BigInteger.ONE, now)),
                        BigInteger.ONE,
                        Duration.ofDays(1)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> issuingCa.createCrl(
                        List.of(new RevokedCertificate(BigInteger.ZERO, now)), BigInteger.ONE, Duration.ofDays(1)))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> issuingCa.createCrl(List.of(), BigInteger.valueOf(-1), Duration.ofDays(1)))
                .hasMessageContaining("CRL number");
        assertThatThrownBy(() -> issuingCa.createCrl(List.of(), BigInteger.TWO.pow(159), Duration.ofDays(1)))
                .hasMessageContaining("CRL number");
        assertThatThrownBy(() -> issuingCa.createCrl(List.of(), BigInteger.ONE, Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomSerialIsAlwaysTwentyPositiveOctets() {
        for (int i = 0; i < 1000; i++) {
            BigInteger serial = CertificateAuthority.randomSerial();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isEqualTo(159);
        }
    }

    static byte[] keyIdentifier(X509Certificate certificate) {
        return SubjectKeyIdentifier.getInstance(
                        extension(certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())))
                .getKeyIdentifier();
    }

    static byte[] authorityKeyIdentifier(X509Certificate certificate) {
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(
                extension(certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId())));
        assertThat(aki.getAuthorityCertIssuer()).as("key identifier only").isNull();
        return aki.getKeyIdentifierOctets();
    }

    static String distributionPoint(X509Certificate certificate) {
        CRLDistPoint points = CRLDistPoint.getInstance(
                extension(certificate.getExtensionValue(Extension.cRLDistributionPoints.getId())));
        DistributionPoint point = points.getDistributionPoints()[0];
        GeneralName name =
                GeneralNames.getInstance(point.getDistributionPoint().getName()).getNames()[0];
        assertThat(name.getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
        return name.getName().toString();
    }

    static ASN1Primitive extension(byte[] extensionValue) {
        try {
            return ASN1Primitive.fromByteArray(
                    ASN1OctetString.getInstance(extensionValue).getOctets());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
