package io.thingstead.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @Test
    void theCsrIsSignedByTheDevicesOwnKey() throws Exception {
        KeyPair keys = Credentials.newKeyPair();
        String pem = Credentials.csrPem(keys, "SN-0001");

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            assertThat(csr.getSubject().toString()).isEqualTo("CN=SN-0001");
            assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keys.getPublic())))
                    .isTrue();
        }
    }

    @Test
    void privateKeysRoundTripThroughPem() throws Exception {
        KeyPair keys = Credentials.newKeyPair();
        String pem = Credentials.privateKeyPem(keys.getPrivate());

        assertThat(Credentials.privateKey(pem).getEncoded())
                .isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void secretsAreWrittenReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("state/device.key");
        Credentials.writePrivate(key, "secret");

        assertThat(Files.readString(key)).isEqualTo("secret");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Credentials.writePrivate(key, "rotated");
        assertThat(Files.readString(key)).isEqualTo("rotated");
    }
}
