package io.thingstead.http.internal;

import java.util.regex.Pattern;

/**
 * The requests that need no signature: GET and HEAD of a plain path under {@code /pki/} (letters, digits, {@code .},
 * {@code _} and {@code -} in each segment, no segment starting with a dot, no percent-encoding, so that nothing
 * normalises into another path), and GET of a topic rule destination's {@code /confirmdestination/<token>} (AWS's
 * {@code enableUrl}). Everything else must be signed.
 */
final class PublicPaths {
    private static final Pattern PKI = Pattern.compile("/pki(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    /** A topic rule destination's {@code enableUrl}: the confirmation token (base64url) is the credential. */
    private static final Pattern CONFIRM = Pattern.compile("/confirmdestination/[A-Za-z0-9_-]{16,512}");

    private PublicPaths() {}

    static boolean isPublicRead(String method, String rawPath) {
        return ("GET".equals(method) || "HEAD".equals(method))
                && rawPath != null
                && (PKI.matcher(rawPath).matches() || CONFIRM.matcher(rawPath).matches());
    }
}
