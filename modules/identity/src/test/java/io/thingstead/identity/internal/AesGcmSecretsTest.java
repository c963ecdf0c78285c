package io.thingstead.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
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
        MasterKey first = MasterKey.load(Optional.empty(), dir);
        MasterKey second = MasterKey.load(Optional.empty(), dir);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.source()).isEqualTo(dir.resolve(MasterKey.FILE_NAME).toString());
        assertThat(second.key().getEncoded())
                .isEqualTo(first.key().getEncoded())
                .hasSize(32);
        assertThat(second.checkValue()).isEqualTo(first.checkValue()).hasSize(32);
        assertThat(Files.getPosixFilePermissions(dir.resolve(MasterKey.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aConfiguredMasterKeyWinsAndIsChecked(@TempDir Path dir) {
        byte[] raw = new byte[32];
        raw[31] = 7;
        String configured = Base64.getEncoder().encodeToString(raw);

        MasterKey loaded = MasterKey.load(Optional.of(configured), dir);
        assertThat(loaded.key().getEncoded()).isEqualTo(raw);
        assertThat(loaded.source()).isEqualTo("THINGSTEAD_MASTER_KEY");
        assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
        assertThatThrownBy(() -> MasterKey.load(Optional.of("c2hvcnQ="), dir)).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> MasterKey.load(Optional.of("not base64!"), dir))
                .hasMessageContaining("not base64");
    }

    @Test
    void theCheckValueTellsKeysApartWithoutShowingThem() {
        byte[] raw = new byte[32];
        MasterKey zero = MasterKey.of(new SecretKeySpec(raw, "AES"));
        raw[0] = 1;
        MasterKey one = MasterKey.of(new SecretKeySpec(raw, "AES"));

        assertThat(zero.checkValue()).isNotEqualTo(one.checkValue()).isNotEqualTo(new byte[32]);
        assertThat(MasterKey.fingerprint(zero.checkValue()))
                .hasSize(8)
                .isNotEqualTo(MasterKey.fingerprint(one.checkValue()));
    }

    @Test
    void refusedSecretsSayWhyAsServiceUnavailable() {
        AesGcmSecrets secrets = AesGcmSecrets.withKey(KEY);
        byte[] sealed = secrets.seal(new byte[] {1}, "p");

        secrets.refuse("the master key does not match");

        assertThatThrownBy(() -> secrets.open(sealed, "p"))
                .isInstanceOfSatisfying(
                        IotException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
                .hasMessageContaining("the master key does not match");
        assertThatThrownBy(() -> secrets.seal(new byte[] {1}, "p")).isInstanceOf(IotException.class);
    }
}
