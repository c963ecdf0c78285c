package io.thingstead.identity.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the installation's 256-bit master key comes from: {@code THINGSTEAD_MASTER_KEY} (base64) when set, else the
 * file {@code <data dir>/thingstead/master.key}, created on first start with permissions 0600. Losing the key makes
 * every sealed secret unreadable: back it up with the database (docs/configuration.md).
 *
 * @param source where the key came from, for messages ("THINGSTEAD_MASTER_KEY" or the file's path)
 * @param created true when this start created the key file (a new installation, or a lost key)
 */
record MasterKey(SecretKey key, String source, boolean created) {
    static final String FILE_NAME = "master.key";
    private static final int KEY_BYTES = 32;
    private static final byte[] CHECK_LABEL = "thingstead master key check v1".getBytes(StandardCharsets.US_ASCII);

    static MasterKey load(Optional<String> configured, Path dataDir) {
        Optional<String> given = configured.filter(s -> !s.isBlank());
        if (given.isPresent()) {
            return new MasterKey(key(decodeConfigured(given.get())), "THINGSTEAD_MASTER_KEY", false);
        }
        Path file = dataDir.resolve(FILE_NAME);
        boolean exists = Files.exists(file);
        return new MasterKey(key(readOrCreate(file)), file.toString(), !exists);
    }

    static MasterKey of(SecretKey key) {
        return new MasterKey(key, "a test key", false);
    }

    /**
     * The key-check value stored in the database: HMAC-SHA256 of a fixed label under the key. It tells whether two
     * keys are the same without revealing either (HMAC is a pseudo-random function: its output says nothing of the
     * key).
     */
    byte[] checkValue() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(CHECK_LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The first 4 bytes of a check value in hex: enough for a person to tell two keys apart in a message. */
    static String fingerprint(byte[] checkValue) {
        return HexFormat.of().formatHex(Arrays.copyOf(checkValue, 4));
    }

    private static SecretKey key(byte[] raw) {
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
