package io.thingstead.http.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The parts of a SigV4 canonical request, built the way the AWS SDK for Java v2 builds them for every service but S3
 * ({@code V4CanonicalRequest} with path normalisation and double URL-encoding on).
 */
final class Canonical {
    /** The query parameter that carries a presigned URL's signature: never part of what is signed. */
    static final String SIGNATURE_PARAMETER = "X-Amz-Signature";

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private Canonical() {}

    /**
     * The canonical URI of a raw (still percent-encoded) path: normalised like {@link java.net.URI#normalize()}, then
     * URI-encoded a second time with slashes kept, and without a trailing slash that normalisation alone produced.
     */
    static String uri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        String absolute = rawPath.charAt(0) == '/' ? rawPath : "/" + rawPath;
        String normalized = normalizePath(absolute);
        String encoded = encode(normalized.getBytes(StandardCharsets.UTF_8), true);
        if (encoded.length() > 1 && encoded.endsWith("/") && !decodedEndsWithSlash(absolute)) {
            return encoded.substring(0, encoded.length() - 1);
        }
        return encoded;
    }

    /**
     * Normalises an absolute raw path exactly as {@link java.net.URI#normalize()} does (RFC 2396, not RFC 3986): empty
     * segments collapse, {@code .} segments go, a {@code ..} segment removes the segment before it unless that is a
     * {@code ..} too or there is none (then it stays), and a trailing slash stays. Percent-encoded dots are not dots.
     */
    static String normalizePath(String absolutePath) {
        List<String> kept = new ArrayList<>();
        List<Boolean> slashAfter = new ArrayList<>();
        int length = absolutePath.length();
        int start = 0;
        while (start < length) {
            int slash = absolutePath.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            if (end > start) {
                String segment = absolutePath.substring(start, end);
                int last = kept.size() - 1;
                boolean removesPrevious =
                        segment.equals("..") && last >= 0 && !kept.get(last).equals("..");
                if (removesPrevious) {
                    kept.remove(last);
                    slashAfter.remove(last);
                } else if (!segment.equals(".")) {
                    kept.add(segment);
                    slashAfter.add(slash >= 0);
                }
            }
            start = end + 1;
        }
        StringBuilder out = new StringBuilder(length).append('/');
        for (int i = 0; i < kept.size(); i++) {
            out.append(kept.get(i));
            if (slashAfter.get(i)) {
                out.append('/');
            }
        }
        return out.toString();
    }

    /** Whether the path, once percent-decoded, ends with a slash (as {@code URI.getPath().endsWith("/")} tells). */
    private static boolean decodedEndsWithSlash(String rawPath) {
        return rawPath.endsWith("/")
                || (rawPath.length() >= 3 && rawPath.regionMatches(true, rawPath.length() - 3, "%2F", 0, 3));
    }

    /**
     * Percent-encodes every byte but the RFC 3986 unreserved characters ({@code A-Z a-z 0-9 - _ . ~}) and, when
     * {@code keepSlash}, the slash; hex digits upper-case, as SigV4's UriEncode() demands.
     */
    static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '~';
    }

    /**
     * The bytes a raw URI component stands for: each well-formed {@code %XX} is one byte, everything else (including a
     * {@code +} and a stray {@code %}) is the UTF-8 of the character itself.
     */
    static byte[] percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int i = 0;
        int length = raw.length();
        while (i < length) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < length && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                out.write((Character.digit(raw.charAt(i + 1), 16) << 4) | Character.digit(raw.charAt(i + 2), 16));
                i += 3;
            } else {
                int next = nextPercentEscape(raw, i + 1);
                byte[] literal = raw.substring(i, next).getBytes(StandardCharsets.UTF_8);
                out.write(literal, 0, literal.length);
                i = next;
            }
        }
        return out.toByteArray();
    }

    private static int nextPercentEscape(String raw, int from) {
        int length = raw.length();
        for (int i = from; i < length; i++) {
            if (raw.charAt(i) == '%' && i + 2 < length && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                return i;
            }
        }
        return length;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * The canonical query string: every parameter with a non-empty name except {@value #SIGNATURE_PARAMETER}, name
     * and value each decoded and URI-encoded anew, a missing value as an empty one, sorted by encoded name and then
     * encoded value, joined with {@code &}.
     */
    static String queryString(List<QueryParameter> parameters) {
        List<QueryParameter> signed = new ArrayList<>(parameters.size());
        for (QueryParameter parameter : parameters) {
            if (!parameter.name().isEmpty() && !parameter.name().equals(SIGNATURE_PARAMETER)) {
                signed.add(parameter);
            }
        }
        signed.sort(Comparator.comparing(QueryParameter::encodedName).thenComparing(QueryParameter::encodedValue));
        StringBuilder out = new StringBuilder();
        for (QueryParameter parameter : signed) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(parameter.encodedName()).append('=').append(parameter.encodedValue());
        }
        return out.toString();
    }

    /**
     * A header's canonical value: each value trimmed with its inner runs of whitespace collapsed to one space, the
     * values joined with commas (the AWS SDK's {@code addAndTrim}).
     */
    static String headerValue(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int v = 0; v < values.size(); v++) {
            if (v > 0) {
                out.append(',');
            }
            appendTrimmed(out, values.get(v));
        }
        return out.toString();
    }

    private static void appendTrimmed(StringBuilder out, String value) {
        boolean pendingSpace = false;
        boolean wroteAny = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhitespace(c)) {
                pendingSpace = wroteAny;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                wroteAny = true;
            }
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
    }

    /** One {@code name=value} pair of a raw query string, decoded, and encoded the canonical way. */
    record QueryParameter(String name, String value, String encodedName, String encodedValue) {

        /** Splits a raw query string on {@code &}, each part on its first {@code =}; keeps empty parts' order. */
        static List<QueryParameter> parse(String rawQuery) {
            String query = rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery;
            List<QueryParameter> parameters = new ArrayList<>();
            if (query.isEmpty()) {
                return parameters;
            }
            int start = 0;
            while (start <= query.length()) {
                int amp = query.indexOf('&', start);
                int end = amp < 0 ? query.length() : amp;
                String part = query.substring(start, end);
                if (!part.isEmpty()) {
                    int eq = part.indexOf('=');
                    String rawName = eq < 0 ? part : part.substring(0, eq);
                    String rawValue = eq < 0 ? "" : part.substring(eq + 1);
                    byte[] name = percentDecode(rawName);
                    byte[] value = percentDecode(rawValue);
                    parameters.add(new QueryParameter(
                            new String(name, StandardCharsets.UTF_8),
                            new String(value, StandardCharsets.UTF_8),
                            encode(name, false),
                            encode(value, false)));
                }
                start = end + 1;
            }
            return parameters;
        }
    }
}
