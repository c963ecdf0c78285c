package io.thingstead.pki.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.pki.internal.crypto.TestPki.Keys;
import java.security.KeyPair;
import java.security.spec.RSAKeyGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The key-quality judgement of Device Defender's audit over real certificates (built with Bouncy Castle). */
class KeyQualityTest {

    private static String selfSigned(KeyPair keys) {
        return TestPki.certificate().selfSigned(keys).pem();
    }

    @Test
    void rsaKeysOfFewerThan2048BitsAreWeakAndLargerOnesAreNot() {
        assertThat(KeyQuality.weakness(selfSigned(Keys.RSA_1024))).contains("RSA key of 1024 bits, fewer than 2048");
        assertThat(KeyQuality.weakness(selfSigned(TestPki.rsa(2040, RSAKeyGenParameterSpec.F4))))
                .contains("RSA key of 2040 bits, fewer than 2048");
        assertThat(KeyQuality.weakness(selfSigned(Keys.RSA_2048))).isEmpty();
        assertThat(KeyQuality.weakness(selfSigned(TestPki.rsa(3072, RSAKeyGenParameterSpec.F4))))
                .isEmpty();
    }

    @Test
    void ecKeysAreWeakUnlessOnNistP256P384OrP521() {
        assertThat(KeyQuality.weakness(selfSigned(Keys.EC_P256))).isEmpty();
        assertThat(KeyQuality.weakness(selfSigned(Keys.EC_P384))).isEmpty();
        assertThat(KeyQuality.weakness(selfSigned(Keys.EC_P521))).isEmpty();
        assertThat(KeyQuality.weakness(selfSigned(TestPki.ec("secp256k1"))))
                .contains("EC key on secp256k1, not NIST P-256, P-384 or P-521");
        assertThat(KeyQuality.weakness(selfSigned(TestPki.ec("secp224r1"))))
                .contains("EC key on secp224r1, not NIST P-256, P-384 or P-521");
    }

    @Test
    void aDsaKeyOf1024BitsIsWeak() {
        KeyPair dsa = TestPki.generate("DSA", 1024);
        assertThat(KeyQuality.weakness(TestPki.certificate()
                        .selfSigned(dsa)
                        .signatureAlgorithm("SHA256withDSA")
                        .pem()))
                .contains("DSA key of 1024 bits, fewer than 2048");
    }

    @Test
    void unreadableInputIsNotReportedAsAWeakKey() {
        assertThat(KeyQuality.weakness("not a certificate")).isEmpty();
    }
}
