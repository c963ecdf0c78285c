package io.thingstead.http.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request exactly as it arrived, before anything decoded or rewrote it: the input of {@link SigV4Verifier}.
 *
 * <p>{@code rawPath} is the still percent-encoded path (as {@code HttpServletRequest.getRequestURI()} gives it) and
 * {@code rawQuery} the still percent-encoded query string without the {@code ?} (as {@code getQueryString()} gives
 * it); {@code null} stands for an empty path or no query. Header names are case-insensitive and every header keeps all
 * its values in arrival order. The payload is kept as its SHA-256 only: see {@link Payload}.
 */
public record SigV4Request(
        String method, String rawPath, String rawQuery, Map<String, List<String>> headers, Payload payload) {

    public SigV4Request {
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
            throw new IllegalArgumentException("method must not be blank");
        }
        rawPath = rawPath == null ? "" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = copyHeaders(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(payload, "payload");
    }

    /** All values of the header {@code name} (case-insensitive), in arrival order; empty if there is none. */
    public List<String> headerValues(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : values;
    }

    /** The first value of the header {@code name} (case-insensitive). */
    public Optional<String> firstHeader(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Names the request without its header values or query: those carry signatures and session tokens, which have no
     * business in logs.
     */
    @Override
    public String toString() {
        return "SigV4Request[method=" + method + ", rawPath=" + rawPath + ", query=" + rawQuery.length()
                + " chars, headers=" + headers.keySet() + ", payload=" + payload + "]";
    }

    private static Map<String, List<String>> copyHeaders(Map<String, List<String>> source) {
        TreeMap<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        source.forEach((name, values) -> {
            Objects.requireNonNull(name, "header name");
            List<String> target = merged.computeIfAbsent(name, n -> new ArrayList<>());
            if (values != null) {
                for (String value : values) {
                    target.add(Objects.requireNonNull(value, "header value"));
                }
            }
        });
        merged.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(merged);
    }

    /**
     * The request body, kept as the lower-case hex SHA-256 that SigV4 signs. Build it from the bytes, or from the hash
     * when the body is streamed and hashed on the way.
     */
    public record Payload(String sha256Hex) {
        private static final HexFormat HEX = HexFormat.of();
        private static final Payload EMPTY = of(new byte[0]);

        public Payload {
            Objects.requireNonNull(sha256Hex, "sha256Hex");
            if (sha256Hex.length() != 64 || !sha256Hex.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException("not a hex SHA-256: " + sha256Hex);
            }
            sha256Hex = sha256Hex.toLowerCase(Locale.ROOT);
        }

        public static Payload of(byte[] body) {
            return new Payload(HEX.formatHex(sha256(Objects.requireNonNull(body, "body"))));
        }

        public static Payload of(String body) {
            return of(Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8));
        }

        /** A payload known only by its SHA-256 (hex, either case). */
        public static Payload ofSha256Hex(String sha256Hex) {
            return new Payload(sha256Hex);
        }

        public static Payload empty() {
            return EMPTY;
        }

        static byte[] sha256(byte[] data) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }

    /** Assembles a {@link SigV4Request}; headers added under names that differ only in case are merged. */
    public static final class Builder {
        private String method;
        private String rawPath = "";
        private String rawQuery = "";
        private final TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Payload payload = Payload.empty();

        private Builder() {}

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder rawPath(String rawPath) {
            this.rawPath = rawPath;
            return this;
        }

        public Builder rawQuery(String rawQuery) {
            this.rawQuery = rawQuery;
            return this;
        }

        /** Adds one value of the header {@code name}, after any values it already has. */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds every value of every header in {@code all}. */
        public Builder headers(Map<String, ? extends List<String>> all) {
            all.forEach((name, values) -> values.forEach(value -> header(name, value)));
            return this;
        }

        public Builder payload(Payload payload) {
            this.payload = Objects.requireNonNull(payload, "payload");
            return this;
        }

        public Builder payload(byte[] body) {
            return payload(Payload.of(body));
        }

        public Builder payload(String body) {
            return payload(Payload.of(body));
        }

        public SigV4Request build() {
            return new SigV4Request(method, rawPath, rawQuery, headers, payload);
        }
    }
}
