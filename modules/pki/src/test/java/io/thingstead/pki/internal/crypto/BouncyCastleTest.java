package io.thingstead.pki.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.pki.api.KeyAlgorithm;
import java.security.Security;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BouncyCastleTest {
    @AfterEach
    void unregister() {
        Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
    }

    @Test
    void providerIsOneBouncyCastleInstance() {
        assertThat(BouncyCastle.provider())
                .isInstanceOf(BouncyCastleProvider.class)
                .isSameAs(BouncyCastle.provider());
    }

    @Test
    void cryptoWorksWithoutRegisteringTheProviderGlobally() {
        Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);

        var root = TestPki.root("CN=No Global Provider", KeyAlgorithm.EC_P256);
        var ca = new CertificateAuthority(root, null, TestPki.FIXED);
        ca.issueDeviceCertificate(KeyPairs.generate(KeyAlgorithm.RSA_2048).getPublic());
        new CsrValidator().validate(TestPki.csr(TestPki.Keys.EC_P384, "CN=x"));

        assertThat(Security.getProvider(BouncyCastleProvider.PROVIDER_NAME)).isNull();
        assertThat(root.certificate().getSubjectX500Principal()).isEqualTo(new X500Principal("CN=No Global Provider"));
    }

    @Test
    void ensureRegisteredIsIdempotent() {
        Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);

        assertThat(BouncyCastle.ensureRegistered()).isTrue();
        assertThat(BouncyCastle.ensureRegistered()).isFalse();

        assertThat(Security.getProvider(BouncyCastleProvider.PROVIDER_NAME)).isSameAs(BouncyCastle.provider());
        assertThat(Security.getProviders())
                .filteredOn(p -> p.getName().equals(BouncyCastleProvider.PROVIDER_NAME))
                .hasSize(1);
        assertThat(Security.getProviders()[0].getName())
                .as("appended, not placed first")
                .isNotEqualTo(BouncyCastleProvider.PROVIDER_NAME);
    }
}
