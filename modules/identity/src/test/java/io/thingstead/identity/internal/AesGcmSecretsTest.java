package io.thingstead.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AesGcmSecretsTest {
    private static final SecretKey KEY = new SecretKeySpec(new byte[32], "AES");

    @Test
    void sealsAndOpens() {
        AesGcmSecrets secrets = AesGcmSecrets.withKey(KEY);
        byte[] secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = secrets.seal(secret, "access-key:A");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
        assertThat(secrets.open(sealed, "access-key:A")).isEqualTo(secret);
        assertThat(secrets.seal(secret, "access-key:A"))
                .as("a fresh nonce each time")
                .isNotEqualTo(sealed);
    }

    @Test
    void aSealIsBoundToItsPurposeAndKey() {
        AesGcmSecrets secrets = AesGcmSecrets.withKey(KEY);
        byte[] sealed = secrets.seal(new byte[] {1, 2, 3}, "access-key:A");
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;

        assertThatThrownBy(() -> secrets.open(sealed, "access-key:B")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AesGcmSecrets.withKey(new SecretKeySpec(otherKey, "AES"))
                        .open(sealed, "access-key:A"))
                .isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> secrets.open(sealed, "access-key:A")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> secrets.open(new byte[5], "access-key:A")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theMasterKeyFileIsCreatedOncePrivatelyAndReused(@TempDir Path dir) throws Exception {
        SecretKey first = MasterKey.load(Optional.empty(), dir);
        SecretKey second = MasterKey.load(Optional.empty(), dir);

        assertThat(second.getEncoded()).isEqualTo(first.getEncoded()).hasSize(32);
        assertThat(Files.getPosixFilePermissions(dir.resolve(MasterKey.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aConfiguredMasterKeyWinsAndIsChecked(@TempDir Path dir) {
        byte[] raw = new byte[32];
        raw[31] = 7;
        String configured = Base64.getEncoder().encodeToString(raw);

        assertThat(MasterKey.load(Optional.of(configured), dir).getEncoded()).isEqualTo(raw);
        assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
        assertThatThrownBy(() -> MasterKey.load(Optional.of("c2hvcnQ="), dir)).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> MasterKey.load(Optional.of("not base64!"), dir))
                .hasMessageContaining("not base64");
    }
}
