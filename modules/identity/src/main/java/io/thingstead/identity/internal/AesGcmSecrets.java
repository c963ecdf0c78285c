package io.thingstead.identity.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.identity.api.Secrets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * AES-256-GCM under the master key. A seal is {@code version(1) | nonce(12) | ciphertext+tag}; the purpose is the
 * additional authenticated data. Once {@link MasterKeyCheck} has found that the key is not the database's, every seal
 * and open is refused with {@code ServiceUnavailableException}: opening would fail anyway, and sealing would mix
 * secrets under two keys in one database.
 */
@ApplicationScoped
public class AesGcmSecrets implements Secrets {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private MasterKey masterKey;
    private SecretKey key;
    private volatile String refusal;

    @Inject
    @ConfigProperty(name = "thingstead.master-key")
    Optional<String> configuredKey;

    @Inject
    DataDirectory dataDirectory;

    @PostConstruct
    void init() {
        masterKey = MasterKey.load(configuredKey, dataDirectory.path());
        key = masterKey.key();
    }

    /** For tests: a fixed key, no configuration. */
    static AesGcmSecrets withKey(SecretKey key) {
        AesGcmSecrets secrets = new AesGcmSecrets();
        secrets.masterKey = MasterKey.of(key);
        secrets.key = key;
        return secrets;
    }

    MasterKey masterKey() {
        return masterKey;
    }

    /** From now on every seal and open fails with this message (shown to API callers: no key material, no paths). */
    void refuse(String message) {
        refusal = message;
    }

    @Override
    public byte[] seal(byte[] plaintext, String purpose) {
        checkNotRefused();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, String purpose) {
        checkNotRefused();
        return openWithKey(sealed, purpose);
    }

    /** Opens without the refusal check: for {@link MasterKeyCheck}'s own trial of an existing secret. */
    byte[] openWithKey(byte[] sealed, String purpose) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the secret cannot be opened: wrong master key or purpose, or the data was altered", e);
        }
    }

    private void checkNotRefused() {
        String message = refusal;
        if (message != null) {
            throw IotException.serviceUnavailable(message);
        }
    }
}
