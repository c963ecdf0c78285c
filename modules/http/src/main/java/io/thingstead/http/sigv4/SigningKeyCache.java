package io.thingstead.http.sigv4;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 signing keys ({@code kSigning}) derived so far, one per access key, date, region and service, so that a
 * busy client costs one HMAC per request instead of five.
 *
 * <p>An entry remembers the SHA-256 of the secret it was derived from, never the secret: a rotated secret misses and
 * is derived anew. The cache is bounded; when full it first drops the keys of other dates, then everything.
 */
final class SigningKeyCache {
    private static final String HMAC = "HmacSHA256";
    private static final byte[] PREFIX = "AWS4".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TERMINATOR = "aws4_request".getBytes(StandardCharsets.US_ASCII);

    private final int capacity;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong derivations = new AtomicLong();

    SigningKeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The signing key for {@code secret} scoped to {@code date} (yyyyMMdd), {@code region} and {@code service}. The
     * caller keeps ownership of {@code secret}: it is neither kept nor changed.
     */
    byte[] signingKey(String accessKeyId, char[] secret, String date, String region, String service) {
        byte[] kSecret = kSecret(secret);
        try {
            byte[] fingerprint = sha256(kSecret);
            Key key = new Key(accessKeyId, date, region, service);
            Entry cached = entries.get(key);
            if (cached != null && MessageDigest.isEqual(cached.secretFingerprint(), fingerprint)) {
                return cached.signingKey();
            }
            byte[] kDate = hmac(kSecret, date.getBytes(StandardCharsets.UTF_8));
            byte[] kRegion = hmac(kDate, region.getBytes(StandardCharsets.UTF_8));
            byte[] kService = hmac(kRegion, service.getBytes(StandardCharsets.UTF_8));
            byte[] kSigning = hmac(kService, TERMINATOR);
            Arrays.fill(kDate, (byte) 0);
            Arrays.fill(kRegion, (byte) 0);
            Arrays.fill(kService, (byte) 0);
            derivations.incrementAndGet();
            makeRoomFor(date);
            entries.put(key, new Entry(fingerprint, kSigning));
            return kSigning;
        } finally {
            Arrays.fill(kSecret, (byte) 0);
        }
    }

    /** How many signing keys were derived (cache misses) so far. */
    long derivations() {
        return derivations.get();
    }

    int size() {
        return entries.size();
    }

    private void makeRoomFor(String date) {
        if (entries.size() < capacity) {
            return;
        }
        entries.keySet().removeIf(key -> !key.date().equals(date));
        if (entries.size() >= capacity) {
            entries.clear();
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        return SigV4Request.Payload.sha256(data);
    }

    /** {@code "AWS4" + secret} in UTF-8, as the AWS SDK builds it (unmappable characters become {@code ?}). */
    private static byte[] kSecret(char[] secret) {
        CharsetEncoder encoder = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(CharBuffer.wrap(secret));
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing encoder does not fail", e);
        }
        byte[] out = new byte[PREFIX.length + encoded.remaining()];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        encoded.get(out, PREFIX.length, encoded.remaining());
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }

    private record Key(String accessKeyId, String date, String region, String service) {}

    /** Key material: no toString that could show it. */
    private static final class Entry {
        private final byte[] secretFingerprint;
        private final byte[] signingKey;

        Entry(byte[] secretFingerprint, byte[] signingKey) {
            this.secretFingerprint = secretFingerprint;
            this.signingKey = signingKey;
        }

        byte[] secretFingerprint() {
            return secretFingerprint;
        }

        byte[] signingKey() {
            return signingKey;
        }
    }
}
