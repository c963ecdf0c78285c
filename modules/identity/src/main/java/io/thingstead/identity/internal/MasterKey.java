package io.thingstead.identity.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the installation's 256-bit master key comes from: {@code THINGSTEAD_MASTER_KEY} (base64) when set, else the
 * file {@code <data dir>/thingstead/master.key}, created on first start with permissions 0600. Losing the key makes
 * every sealed secret unreadable: back it up with the database (docs/configuration.md).
 */
final class MasterKey {
    static final String FILE_NAME = "master.key";
    private static final int KEY_BYTES = 32;

    private MasterKey() {}

    static SecretKey load(Optional<String> configured, Path dataDir) {
        byte[] raw = configured
                .filter(s -> !s.isBlank())
                .map(MasterKey::decodeConfigured)
                .orElseGet(() -> readOrCreate(dataDir.resolve(FILE_NAME)));
        return new SecretKeySpec(raw, "AES");
    }

    private static byte[] decodeConfigured(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("THINGSTEAD_MASTER_KEY is not base64", e);
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalStateException("THINGSTEAD_MASTER_KEY must be " + KEY_BYTES
                    + " bytes (base64 of 32 random bytes), not " + raw.length);
        }
        return raw;
    }

    private static byte[] readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                byte[] raw = Base64.getDecoder().decode(Files.readString(file).trim());
                if (raw.length != KEY_BYTES) {
                    throw new IllegalStateException(file + " does not hold a 32-byte key");
                }
                return raw;
            }
            Files.createDirectories(file.getParent());
            byte[] raw = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(raw);
            Files.writeString(
                    file,
                    Base64.getEncoder().encodeToString(raw) + "\n",
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            restrict(file);
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + file, e);
        }
    }

    static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the directory's permissions
        }
    }
}
