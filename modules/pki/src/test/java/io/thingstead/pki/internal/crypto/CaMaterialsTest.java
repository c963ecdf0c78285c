package io.thingstead.pki.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.pki.api.CaMaterial;
import io.thingstead.pki.api.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaMaterialsTest {
    private static CaMaterial root;

    @BeforeAll
    static void createRoot() {
        root = TestPki.root("CN=Thingstead Root CA 1, O=Example Corp", KeyAlgorithm.EC_P384);
    }

    @Test
    void savesTheKeyAsPkcs8PemBytes() {
        byte[] key = CaMaterials.privateKeyPem(root);

        assertThat(new String(key, StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
    }

    @Test
    void roundTripsThroughPem() {
        String certificate = CaMaterials.certificatePem(root);
        byte[] key = CaMaterials.privateKeyPem(root);

        CaMaterial loaded = CaMaterials.load(certificate, key);

        assertThat(loaded.certificate()).isEqualTo(root.certificate());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(root.privateKey().getEncoded());
        new CertificateAuthority(loaded, null, TestPki.FIXED).issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic());
    }

    @Test
    void roundTripsAnRsaCa() {
        CaMaterial rsa = TestPki.root("CN=RSA CA", KeyAlgorithm.RSA_2048);

        CaMaterial loaded = CaMaterials.load(CaMaterials.certificatePem(rsa), CaMaterials.privateKeyPem(rsa));

        assertThat(loaded.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void loadsTraditionalRsaAndEcKeyForms() throws Exception {
        CaMaterial rsa = TestPki.root("CN=RSA CA", KeyAlgorithm.RSA_2048);
        byte[] pkcs1 = KeyPairs.privateKeyPem(rsa.privateKey()).getBytes(StandardCharsets.US_ASCII);
        byte[] sec1 = Pem.encode(
                        Pem.EC_PRIVATE_KEY,
                        PrivateKeyInfo.getInstance(root.privateKey().getEncoded())
                                .parsePrivateKey()
                                .toASN1Primitive()
                                .getEncoded())
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(CaMaterials.load(CaMaterials.certificatePem(rsa), pkcs1)
                        .privateKey()
                        .getAlgorithm())
                .isEqualTo("RSA");
        assertThat(CaMaterials.load(CaMaterials.certificatePem(root), sec1).certificate())
                .isEqualTo(root.certificate());
    }

    @Test
    void refusesAKeyOfAnotherCa() {
        CaMaterial other = TestPki.root("CN=Other", KeyAlgorithm.EC_P384);

        assertThatThrownBy(() -> CaMaterials.load(CaMaterials.certificatePem(root), CaMaterials.privateKeyPem(other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void refusesANonCaCertificate() {
        String leaf = new CertificateAuthority(root, null, TestPki.FIXED)
                .issueDeviceCertificate(TestPki.Keys.EC_P256.getPublic())
                .certificatePem();

        assertThatThrownBy(() -> CaMaterials.load(leaf, CaMaterials.privateKeyPem(root)))
                .hasMessageContaining("not a CA certificate");
    }

    @Test
    void refusesMalformedInputWithoutEchoingKeyMaterial() {
        byte[] key = CaMaterials.privateKeyPem(root);
        String keyText = new String(key, StandardCharsets.US_ASCII);
        String corrupted = keyText.replace("-----BEGIN PRIVATE KEY-----\n", "-----BEGIN PRIVATE KEY-----\nAAAA");
        byte[] notAKey = Pem.encode(Pem.PRIVATE_KEY, Base64.getDecoder().decode("MAMCAQE="))
                .getBytes(StandardCharsets.US_ASCII);
        String secret = keyText.lines().skip(1).findFirst().orElseThrow();

        assertThatThrownBy(() -> CaMaterials.load("garbage", key)).hasMessageContaining("not a valid certificate");
        assertThatThrownBy(() -> CaMaterials.load(
                        CaMaterials.certificatePem(root), corrupted.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(secret.substring(4, 20))
                .hasNoCause();
        assertThatThrownBy(() -> CaMaterials.load(CaMaterials.certificatePem(root), notAKey))
                .hasMessageContaining("not a valid PRIVATE KEY")
                .hasNoCause();
        assertThatThrownBy(() -> CaMaterials.load(
                        CaMaterials.certificatePem(root), "nothing".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("malformed");
    }
}
