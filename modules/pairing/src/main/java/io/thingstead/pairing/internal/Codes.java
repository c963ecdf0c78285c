package io.thingstead.pairing.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pairing codes: 12 symbols of Crockford's base 32 (60 random bits), shown as {@code XXXX-XXXX-XXXX}. The alphabet has
 * no I, L, O or U, so what people read from a label they can type back: input is upper-cased, spaces and dashes are
 * dropped, O reads as 0 and I/L as 1. Only an HMAC-SHA256 of the normalised code is stored.
 *
 * <p>Guessing: with at most {@code max-failed-attempts} (5) wrong codes per user per window (15 min) and 2^60 codes, a
 * user who tries for a year hits one of a million live codes with a probability of about 1.5e-7; a thousand such
 * accounts, 1.5e-4 (docs/portal.md).
 */
final class Codes {
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Codes() {}

    static String generate() {
        char[] symbols = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            symbols[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return display(new String(symbols));
    }

    /** {@code XXXX-XXXX-XXXX}. */
    static String display(String normalised) {
        return normalised.substring(0, 4) + "-" + normalised.substring(4, 8) + "-" + normalised.substring(8);
    }

    /**
     * The code's canonical form (12 symbols, no separators), or empty when the input cannot be a code. Accepts the URL
     * a label's QR code holds ({@code https://.../pair?code=XXXX-XXXX-XXXX}).
     */
    static Optional<String> normalise(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String text = input.strip();
        if (text.length() > 2048) {
            return Optional.empty();
        }
        if (text.contains("://") || text.startsWith("thingstead:")) {
            text = fromUrl(text).orElse("");
        }
        StringBuilder out = new StringBuilder(LENGTH);
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toUpperCase(text.charAt(i));
            if (c == '-' || c == ' ' || c == '\t') {
                continue;
            }
            if (c == 'O') {
                c = '0';
            } else if (c == 'I' || c == 'L') {
                c = '1';
            }
            if (ALPHABET.indexOf(c) < 0 || c > 127) {
                return Optional.empty();
            }
            out.append(c);
            if (out.length() > LENGTH) {
                return Optional.empty();
            }
        }
        return out.length() == LENGTH ? Optional.of(out.toString()) : Optional.empty();
    }

    private static Optional<String> fromUrl(String text) {
        try {
            String query = URI.create(text).getRawQuery();
            if (query == null) {
                return Optional.empty();
            }
            for (String parameter : query.split("&")) {
                if (parameter.toLowerCase(Locale.ROOT).startsWith("code=")) {
                    return Optional.of(java.net.URLDecoder.decode(parameter.substring(5), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** HMAC-SHA256 of the normalised code under the installation's pairing key. */
    static byte[] hash(byte[] key, String normalised) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(normalised.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
