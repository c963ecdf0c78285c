package io.thingstead.pki.internal.crypto;

import static io.thingstead.pki.internal.crypto.TestPki.FIXED;
import static io.thingstead.pki.internal.crypto.TestPki.NOW;
import static io.thingstead.pki.internal.crypto.TestPki.assertIotError;
import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.pki.api.CaMaterial;
import io.thingstead.pki.api.CrlContents;
import io.thingstead.pki.api.KeyAlgorithm;
import io.thingstead.pki.api.RevocationReason;
import io.thingstead.pki.api.RevokedCertificate;
import io.thingstead.pki.api.SignedCrl;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CrlFilesTest {
    private static CaMaterial ca;
    private static SignedCrl crl;

    @BeforeAll
    static void signCrl() {
        ca = TestPki.root("CN=Customer CA", KeyAlgorithm.EC_P256);
        crl = new CertificateAuthority(ca, null, FIXED)
                .createCrl(
                        List.of(
                                new RevokedCertificate(
                                        BigInteger.valueOf(77),
                                        NOW.minus(Duration.ofDays(2)),
                                        RevocationReason.SUPERSEDED),
                                new RevokedCertificate(BigInteger.valueOf(78), NOW.minus(Duration.ofDays(1)))),
                        BigInteger.valueOf(5),
                        Duration.ofDays(1));
    }

    @Test
    void readsAPemCrl() {
        CrlContents contents = CrlFiles.parseAndVerify(crl.pem().getBytes(StandardCharsets.US_ASCII), ca.certificate());

        assertThat(contents.issuer()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(contents.thisUpdate()).isEqualTo(NOW);
        assertThat(contents.nextUpdate()).contains(NOW.plus(Duration.ofDays(1)));
        assertThat(contents.crlNumber()).contains(BigInteger.valueOf(5));
        assertThat(contents.revokedSerials()).containsExactlyInAnyOrder(BigInteger.valueOf(77), BigInteger.valueOf(78));
        assertThat(contents.revoked())
                .filteredOn(r -> r.serialNumber().equals(BigInteger.valueOf(77)))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.reason()).contains(RevocationReason.SUPERSEDED);
                    assertThat(r.revokedAt()).isEqualTo(NOW.minus(Duration.ofDays(2)));
                });
        assertThat(contents.revoked())
                .filteredOn(r -> r.serialNumber().equals(BigInteger.valueOf(78)))
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEmpty());
    }

    @Test
    void readsADerCrl() throws Exception {
        CrlContents contents = CrlFiles.parseAndVerify(crl.crl().getEncoded(), ca.certificate());

        assertThat(contents.isRevoked(BigInteger.valueOf(77))).isTrue();
        assertThat(contents.isRevoked(BigInteger.valueOf(79))).isFalse();
    }

    @Test
    void readsACrlWithoutNextUpdateOrNumber() throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), Date.from(NOW));
        byte[] der = builder.build(TestPki.signer("SHA256withECDSA", ca.privateKey()))
                .getEncoded();

        CrlContents contents = CrlFiles.parseAndVerify(der, ca.certificate());

        assertThat(contents.nextUpdate()).isEmpty();
        assertThat(contents.crlNumber()).isEmpty();
        assertThat(contents.revoked()).isEmpty();
    }

    @Test
    void refusesACrlOfAnotherCa() throws Exception {
        CaMaterial other = TestPki.root("CN=Other CA", KeyAlgorithm.EC_P256);

        assertIotError(
                () -> CrlFiles.parseAndVerify(crl.crl().getEncoded(), other.certificate()),
                ErrorCode.CERTIFICATE_VALIDATION,
                "issuer is not the CA's subject");
    }

    @Test
    void refusesACrlSignedByAnotherKeyUnderTheCaName() throws Exception {
        X509Certificate impostor = TestPki.certificate()
                .subject("CN=Customer CA")
                .selfSigned(TestPki.Keys.EC_P256_OTHER)
                .ca(true)
                .build();

        assertIotError(
                () -> CrlFiles.parseAndVerify(crl.crl().getEncoded(), impostor),
                ErrorCode.CERTIFICATE_VALIDATION,
                "signature does not verify");
    }

    @Test
    void refusesATamperedCrl() throws Exception {
        byte[] der = crl.crl().getEncoded();
        String asLatin1 = new String(der, StandardCharsets.ISO_8859_1);
        byte[] tampered = der.clone();
        int index = asLatin1.indexOf(new String(new byte[] {0x02, 0x01, 77}, StandardCharsets.ISO_8859_1));
        assertThat(index).isPositive();
        tampered[index + 2] = 76;

        assertIotError(
                () -> CrlFiles.parseAndVerify(tampered, ca.certificate()),
                ErrorCode.CERTIFICATE_VALIDATION,
                "signature does not verify");
    }

    @Test
    void refusesACaNotAllowedToSignCrls() throws Exception {
        X509Certificate noCrlSign = TestPki.certificate()
                .subject("CN=Customer CA")
                .key(ca.certificate().getPublicKey())
                .issuedBy("CN=Customer CA", ca.privateKey())
                .ca(true)
                .keyUsage(KeyUsage.keyCertSign)
                .build();

        assertIotError(
                () -> CrlFiles.parseAndVerify(crl.crl().getEncoded(), noCrlSign),
                ErrorCode.CERTIFICATE_VALIDATION,
                "cRLSign");
    }

    @Test
    void refusesDeltaCrls() throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), Date.from(NOW));
        builder.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.ONE));
        byte[] der = builder.build(TestPki.signer("SHA256withECDSA", ca.privateKey()))
                .getEncoded();

        assertIotError(() -> CrlFiles.parseAndVerify(der, ca.certificate()), ErrorCode.INVALID_REQUEST, "Delta CRLs");
    }

    @Test
    void refusesGarbage() {
        assertIotError(
                () -> CrlFiles.parseAndVerify(new byte[0], ca.certificate()), ErrorCode.INVALID_REQUEST, "empty");
        assertIotError(
                () -> CrlFiles.parseAndVerify(new byte[] {0x30, 0x05, 1, 2}, ca.certificate()),
                ErrorCode.INVALID_REQUEST,
                "not a valid X.509 CRL");
        assertIotError(
                () -> CrlFiles.parseAndVerify("text".getBytes(StandardCharsets.US_ASCII), ca.certificate()),
                ErrorCode.INVALID_REQUEST,
                "neither DER nor valid PEM");
        assertIotError(
                () -> CrlFiles.parseAndVerify(
                        Pem.certificate(ca.certificate()).getBytes(StandardCharsets.US_ASCII), ca.certificate()),
                ErrorCode.INVALID_REQUEST,
                "labelled CERTIFICATE");
    }

    @Test
    void refusesTrailingBytesAfterADerCrl() throws Exception {
        byte[] der = crl.crl().getEncoded();
        byte[] padded = java.util.Arrays.copyOf(der, der.length + 3);

        assertIotError(
                () -> CrlFiles.parseAndVerify(padded, ca.certificate()),
                ErrorCode.INVALID_REQUEST,
                "not a valid X.509 CRL");
    }

    @Test
    void refusesAnOversizedCrlBeforeParsing() {
        byte[] huge = new byte[CrlFiles.MAX_CRL_BYTES + 1];
        huge[0] = 0x30;

        assertIotError(() -> CrlFiles.parseAndVerify(huge, ca.certificate()), ErrorCode.INVALID_REQUEST, "larger than");
    }
}
