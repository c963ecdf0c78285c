package io.thingstead.provisioning.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Certificate ownership tokens: 48 random bytes (URL-safe Base64, 64 characters), stored only as their SHA-256, and the
 * rules a presented token must pass; pure.
 */
public final class OwnershipTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{64}");

    private OwnershipTokens() {}

    /** A new token. */
    public static String generate() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored: the SHA-256 of the token, lower-case hex. */
    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a presented value can be a token at all (checked before it is hashed and looked up). */
    public static boolean wellFormed(String token) {
        return token != null && FORM.matcher(token).matches();
    }

    /** A stored token. */
    public record StoredToken(
            String certificateId, String claimCertificateId, Instant expiresAt, Optional<Instant> usedAt) {}

    /**
     * Why a presented token cannot be used by {@code claimCertificateId} at {@code now}; empty when it can. The
     * messages never say whether a token exists for another claim certificate beyond "not valid for this connection".
     */
    public static Optional<String> refusal(Optional<StoredToken> token, String claimCertificateId, Instant now) {
        if (token.isEmpty()) {
            return Optional.of("The certificate ownership token is not valid.");
        }
        StoredToken stored = token.get();
        if (!stored.claimCertificateId().equals(claimCertificateId)) {
            return Optional.of("The certificate ownership token was not issued to this connection's certificate.");
        }
        if (stored.usedAt().isPresent()) {
            return Optional.of("The certificate ownership token has already been used.");
        }
        if (!now.isBefore(stored.expiresAt())) {
            return Optional.of("The certificate ownership token has expired.");
        }
        return Optional.empty();
    }
}
