package io.thingstead.http.sigv4;

import static io.thingstead.http.sigv4.SdkSigner.ACCESS_KEY_ID;
import static io.thingstead.http.sigv4.SdkSigner.NOW;
import static io.thingstead.http.sigv4.SdkSigner.SECRET;
import static io.thingstead.http.sigv4.SdkSigner.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.util.SignerUtils;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigningKeyCacheTest {
    @Test
    void derivesTheKeyTheSdkDerives() {
        SigningKeyCache cache = new SigningKeyCache(8);
        for (String secret : new String[] {SECRET, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "ünïcödé-secret"}) {
            byte[] sdk = SignerUtils.deriveSigningKey(
                    AwsCredentialsIdentity.create("AKID", secret),
                    new CredentialScope("eu-west-1", "iotdata", Instant.parse("2026-11-24T10:00:00Z")));

            assertThat(cache.signingKey("AKID", secret.toCharArray(), "20261124", "eu-west-1", "iotdata"))
                    .as(secret)
                    .isEqualTo(sdk);
        }
    }

    @Test
    void derivesOncePerAccessKeyDateRegionAndService() {
        SigningKeyCache cache = new SigningKeyCache(64);
        char[] secret = SECRET.toCharArray();

        byte[] first = cache.signingKey("AKID", secret, "20261124", "us-east-1", "iot");
        for (int i = 0; i < 100; i++) {
            assertThat(cache.signingKey("AKID", secret, "20261124", "us-east-1", "iot"))
                    .isEqualTo(first);
        }
        assertThat(cache.derivations()).isEqualTo(1);

        cache.signingKey("AKID", secret, "20261124", "us-east-1", "iotdata");
        cache.signingKey("AKID", secret, "20261125", "us-east-1", "iot");
        cache.signingKey("AKID", secret, "20261124", "eu-west-1", "iot");
        cache.signingKey("OTHER", secret, "20261124", "us-east-1", "iot");
        assertThat(cache.derivations()).isEqualTo(5);
        assertThat(cache.size()).isEqualTo(5);
    }

    @Test
    void aRotatedSecretIsDerivedAnew() {
        SigningKeyCache cache = new SigningKeyCache(4);
        byte[] before = cache.signingKey("AKID", "old".toCharArray(), "20261124", "us-east-1", "iot");
        byte[] after = cache.signingKey("AKID", "new".toCharArray(), "20261124", "us-east-1", "iot");

        assertThat(after).isNotEqualTo(before);
        assertThat(cache.derivations()).isEqualTo(2);
        assertThat(cache.signingKey("AKID", "new".toCharArray(), "20261124", "us-east-1", "iot"))
                .isEqualTo(after);
        assertThat(cache.derivations()).isEqualTo(2);
    }

    @Test
    void theCallersSecretIsLeftAsItWas() {
        char[] secret = SECRET.toCharArray();

        new SigningKeyCache(4).signingKey("AKID", secret, "20261124", "us-east-1", "iot");

        assertThat(new String(secret)).isEqualTo(SECRET);
    }

    @Test
    void staysWithinItsCapacityDroppingOtherDatesFirst() {
        SigningKeyCache cache = new SigningKeyCache(3);
        char[] secret = SECRET.toCharArray();
        cache.signingKey("A", secret, "20261123", "us-east-1", "iot");
        cache.signingKey("B", secret, "20261124", "us-east-1", "iot");
        cache.signingKey("C", secret, "20261124", "us-east-1", "iot");

        cache.signingKey("D", secret, "20261124", "us-east-1", "iot");
        assertThat(cache.size()).isEqualTo(3);
        cache.signingKey("B", secret, "20261124", "us-east-1", "iot");
        assertThat(cache.derivations())
                .as("B survived, yesterday's A made room")
                .isEqualTo(4);

        cache.signingKey("E", secret, "20261124", "us-east-1", "iot");
        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThatThrownBy(() -> new SigningKeyCache(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBusyClientCostsOneDerivationADay() {
        SigV4Verifier verifier = SdkSigner.verifier();
        for (int i = 0; i < 50; i++) {
            SigV4Request signed = request("GET", "/things/sensor-" + i)
                    .at(NOW.minusSeconds(i))
                    .sign();
            assertThat(verifier.verify(signed).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
        }

        assertThat(verifier.signingKeys().derivations()).isEqualTo(1);
    }
}
