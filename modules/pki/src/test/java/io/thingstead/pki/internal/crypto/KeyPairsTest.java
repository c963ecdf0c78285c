package io.thingstead.pki.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.pki.api.KeyAlgorithm;
import io.thingstead.pki.api.KeyPairPem;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.junit.jupiter.api.Test;

class KeyPairsTest {
    @Test
    void defaultIsEcP256() {
        KeyPair keyPair = KeyPairs.generate();

        assertThat(keyPair.getPublic()).isInstanceOf(ECPublicKey.class);
        assertThat(KeyPairs.algorithmOf(keyPair.getPublic())).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(((ECPublicKey) keyPair.getPublic())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
    }

    @Test
    void generatesEcP384() {
        KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.EC_P384);

        assertThat(KeyPairs.algorithmOf(keyPair.getPublic())).isEqualTo(KeyAlgorithm.EC_P384);
    }

    @Test
    void generatesRsa2048WithExponent65537() {
        RSAPublicKey key = (RSAPublicKey) TestPki.Keys.RSA_2048.getPublic();

        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(key.getPublicExponent()).isEqualTo(RSAKeyGenParameterSpec.F4);
        assertThat(KeyPairs.algorithmOf(key)).isEqualTo(KeyAlgorithm.RSA_2048);
    }

    @Test
    void generatedKeysAreDistinct() {
        assertThat(KeyPairs.generate().getPublic())
                .isNotEqualTo(KeyPairs.generate().getPublic());
    }

    @Test
    void rsaPrivateKeyIsPkcs1LikeAwsReturnsIt() throws Exception {
        KeyPairPem pem = KeyPairs.toPem(TestPki.Keys.RSA_2048);

        assertThat(pem.algorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(pem.privateKeyPem())
                .startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .endsWith("-----END RSA PRIVATE KEY-----\n");
        byte[] der = Pem.decodeSingle(pem.privateKeyPem(), "key", Pem.RSA_PRIVATE_KEY)
                .der();
        RSAPrivateKey parsed = RSAPrivateKey.getInstance(der);
        RSAPrivateCrtKey original = (RSAPrivateCrtKey) TestPki.Keys.RSA_2048.getPrivate();
        assertThat(parsed.getModulus()).isEqualTo(original.getModulus());
        assertThat(parsed.getPrivateExponent()).isEqualTo(original.getPrivateExponent());
    }

    @Test
    void ecPrivateKeyIsPkcs8() throws Exception {
        KeyPairPem pem = KeyPairs.toPem(TestPki.Keys.EC_P256);

        assertThat(pem.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
        byte[] der =
                Pem.decodeSingle(pem.privateKeyPem(), "key", Pem.PRIVATE_KEY).der();
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(key.getEncoded()).isEqualTo(TestPki.Keys.EC_P256.getPrivate().getEncoded());
    }

    @Test
    void publicKeyIsSubjectPublicKeyInfoForEveryType() throws Exception {
        for (KeyPair keyPair : new KeyPair[] {TestPki.Keys.EC_P256, TestPki.Keys.EC_P384, TestPki.Keys.RSA_2048}) {
            KeyPairPem pem = KeyPairs.toPem(keyPair);
            assertThat(pem.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
            byte[] der =
                    Pem.decodeSingle(pem.publicKeyPem(), "key", Pem.PUBLIC_KEY).der();
            PublicKey parsed = KeyFactory.getInstance(keyPair.getPublic().getAlgorithm())
                    .generatePublic(new X509EncodedKeySpec(der));
            assertThat(parsed.getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
        }
    }

    @Test
    void pkcs8FormIsAvailableForRsaToo() {
        assertThat(KeyPairs.privateKeyPkcs8Pem(TestPki.Keys.RSA_2048.getPrivate()))
                .startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void generatePemEncodesAFreshKey() {
        KeyPairPem pem = KeyPairs.generatePem(KeyAlgorithm.EC_P384);

        assertThat(pem.algorithm()).isEqualTo(KeyAlgorithm.EC_P384);
        assertThat(pem.publicKeyPem()).isEqualTo(KeyPairs.publicKeyPem(publicKeyOf(pem)));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        KeyPairPem pem = KeyPairs.toPem(TestPki.Keys.RSA_2048);
        String body = pem.privateKeyPem().lines().skip(1).findFirst().orElseThrow();

        assertThat(pem.toString()).contains("RSA_2048", "<redacted>").doesNotContain(body);
    }

    @Test
    void algorithmOfRefusesKeysThingsteadDoesNotGenerate() {
        assertThatThrownBy(() -> KeyPairs.algorithmOf(TestPki.Keys.EC_P521.getPublic()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EC P-521");
        assertThatThrownBy(() -> KeyPairs.algorithmOf(TestPki.Keys.RSA_1024.getPublic()))
                .hasMessageContaining("RSA 1024");
    }

    private static PublicKey publicKeyOf(KeyPairPem pem) {
        try {
            byte[] der =
                    Pem.decodeSingle(pem.publicKeyPem(), "key", Pem.PUBLIC_KEY).der();
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
