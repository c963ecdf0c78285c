package io.thingstead.pki.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class ApiRecordsTest {
    @Test
    void keyAlgorithmsKnowTheirSignatureAlgorithms() {
        assertThat(KeyAlgorithm.EC_P256.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        assertThat(KeyAlgorithm.EC_P384.signatureAlgorithm()).isEqualTo("SHA384withECDSA");
        assertThat(KeyAlgorithm.RSA_2048.signatureAlgorithm()).isEqualTo("SHA256withRSA");
        assertThat(KeyAlgorithm.EC_P384.curve()).isEqualTo("secp384r1");
        assertThat(KeyAlgorithm.RSA_2048.isEc()).isFalse();
        assertThat(KeyAlgorithm.RSA_2048.bits()).isEqualTo(2048);
    }

    @Test
    void keyPairPemRedactsThePrivateKey() {
        KeyPairPem pem = new KeyPairPem(KeyAlgorithm.EC_P256, "PUBLIC", "SECRET-KEY-MATERIAL");

        assertThat(pem.toString()).doesNotContain("SECRET-KEY-MATERIAL").contains("<redacted>");
    }

    @Test
    void caMaterialRedactsThePrivateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey key = generator.generateKeyPair().getPrivate();
        var certificate = io.thingstead.pki.internal.crypto.CertificateAuthority.createRoot(
                        new X500Principal("CN=Redaction Test"),
                        KeyAlgorithm.EC_P256,
                        java.time.Duration.ofDays(1),
                        java.time.Clock.systemUTC())
                .certificate();

        CaMaterial material = new CaMaterial(certificate, key);

        String keyBase64 = Base64.getEncoder().encodeToString(key.getEncoded());
        assertThat(material.toString())
                .contains("CN=Redaction Test", "<redacted>")
                .doesNotContain(keyBase64.substring(keyBase64.length() - 24));
    }

    @Test
    void revocationReasonsMapRfc5280Codes() {
        assertThat(RevocationReason.ofCode(1)).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.ofCode(8)).isEqualTo(RevocationReason.REMOVE_FROM_CRL);
        assertThat(RevocationReason.AA_COMPROMISE.code()).isEqualTo(10);
        assertThatThrownBy(() -> RevocationReason.ofCode(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void crlContentsAnswersRevocationQuestions() {
        CrlContents contents = new CrlContents(
                new X500Principal("CN=CA"),
                Instant.EPOCH,
                Optional.empty(),
                Optional.of(BigInteger.TEN),
                List.of(
                        new RevokedCertificate(BigInteger.ONE, Instant.EPOCH),
                        new RevokedCertificate(BigInteger.TWO, Instant.EPOCH, RevocationReason.SUPERSEDED)));

        assertThat(contents.isRevoked(BigInteger.TWO)).isTrue();
        assertThat(contents.isRevoked(BigInteger.TEN)).isFalse();
        assertThat(contents.revokedSerials()).containsExactlyInAnyOrder(BigInteger.ONE, BigInteger.TWO);
        assertThat(contents.revoked().get(1).reason()).contains(RevocationReason.SUPERSEDED);
    }

    @Test
    void certificateFieldKeysAreAwsPolicyVariableNames() {
        assertThat(CertificateFieldKeys.subject(CertificateFieldKeys.COMMON_NAME))
                .isEqualTo("Subject.CommonName");
        assertThat(CertificateFieldKeys.issuer(CertificateFieldKeys.ORGANIZATION))
                .isEqualTo("Issuer.Organization");
        assertThat(CertificateFieldKeys.subjectAlternativeName(CertificateFieldKeys.DNS_NAME))
                .isEqualTo("Subject.AlternativeName.DNSName");
        assertThat(CertificateFieldKeys.issuerAlternativeName(CertificateFieldKeys.URI))
                .isEqualTo("Issuer.AlternativeName.UniformResourceIdentifier");
        assertThat(CertificateFieldKeys.DN_ATTRIBUTES).hasSize(13).doesNotContain("Locality");
        assertThat(CertificateFieldKeys.ALTERNATIVE_NAME_TYPES).hasSize(5);
    }

    @Test
    void presentedCertificateCopiesItsFieldsImmutably() throws Exception {
        var certificate = io.thingstead.pki.internal.crypto.CertificateAuthority.createRoot(
                        new X500Principal("CN=Copy Test"),
                        KeyAlgorithm.EC_P256,
                        java.time.Duration.ofDays(1),
                        java.time.Clock.systemUTC())
                .certificate();
        var values = new java.util.ArrayList<>(List.of("a"));
        var fields = new java.util.HashMap<String, List<String>>(Map.of("Subject.CommonName", values));

        PresentedCertificate presented = new PresentedCertificate("id", certificate, List.of("id"), fields);
        values.add("b");
        fields.clear();

        assertThat(presented.fields()).containsExactly(Map.entry("Subject.CommonName", List.of("a")));
        assertThatThrownBy(() -> presented.fields().get("Subject.CommonName").add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
