package io.thingstead.http.sigv4;

import static io.thingstead.http.sigv4.SdkSigner.ACCESS_KEY_ID;
import static io.thingstead.http.sigv4.SdkSigner.NOW;
import static io.thingstead.http.sigv4.SdkSigner.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-style: hundreds of random but valid requests, signed by the AWS SDK in every way it signs, all verify; and
 * thousands of mangled ones are refused with an {@link IotException}, never anything else. Seeded, so a failure
 * reproduces.
 */
class SigV4VerifierPropertyTest {
    private static final long SEED = 0x5167_4A11L;
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
    private static final String[] SERVICES = {"iot", "iotdata", "iotdevicegateway"};
    private static final String PCHARS = "!$&'()*+,;=:@";
    private static final String UNRESERVED = "ABCXYZabcxyz0189-_.~";
    private static final String NASTY = " +&=%#?/;,:@!$'()*~\"<>[]{}|\\^`\t";
    private static final Set<ErrorCode> SIGNATURE_ERRORS = EnumSet.of(
            ErrorCode.INVALID_SIGNATURE, ErrorCode.MISSING_AUTHENTICATION_TOKEN, ErrorCode.UNRECOGNIZED_CLIENT);

    private final SigV4Verifier verifier = SdkSigner.verifier();
    private final SigV4Verifier lenient =
            SdkSigner.verifier(NOW).unsignedPayloadAllowed(true).build();

    private record Case(SdkSigner signer, String description, String service, Instant signedAt, boolean presigned) {}

    @Test
    void everyRandomValidRequestVerifies() {
        Random random = new Random(SEED);
        int presigned = 0;
        for (int i = 0; i < 400; i++) {
            Case c = randomCase(random);
            SigV4Request signed = c.signer().sign();
            VerifiedRequest verified = null;
            try {
                verified = (c.description().contains("unsigned header") ? lenient : verifier).verify(signed);
            } catch (IotException e) {
                fail("case " + i + " (" + c.description() + ") " + signed.method() + " " + signed.rawPath() + "?"
                        + signed.rawQuery() + " " + signed.headers() + ": " + e.getMessage());
            }
            assertThat(verified)
                    .as("case %d", i)
                    .isEqualTo(new VerifiedRequest(ACCESS_KEY_ID, REGION, c.service(), c.signedAt(), c.presigned()));
            presigned += c.presigned() ? 1 : 0;
        }
        assertThat(presigned).as("both forms are exercised").isBetween(100, 300);
    }

    private static Case randomCase(Random random) {
        String method = METHODS[random.nextInt(METHODS.length)];
        String service = SERVICES[random.nextInt(SERVICES.length)];
        SdkSigner signer = SdkSigner.request(method, randomPath(random)).service(service);
        List<String> description = new ArrayList<>();

        int parameters = random.nextInt(6);
        List<String> names = new ArrayList<>();
        for (int p = 0; p < parameters; p++) {
            String name = !names.isEmpty() && random.nextInt(4) == 0
                    ? names.get(random.nextInt(names.size()))
                    : random.nextInt(12) == 0 ? "" : randomText(random, 1 + random.nextInt(8));
            names.add(name);
            int valueCount = 1 + random.nextInt(3);
            String[] values = new String[valueCount];
            for (int v = 0; v < valueCount; v++) {
                int kind = random.nextInt(10);
                values[v] = kind == 0 ? null : kind == 1 ? "" : randomText(random, random.nextInt(12));
            }
            signer.rawQueryParameter(name, values);
        }

        int headers = random.nextInt(5);
        for (int h = 0; h < headers; h++) {
            String[] values = new String[1 + random.nextInt(3)];
            for (int v = 0; v < values.length; v++) {
                values[v] = randomHeaderValue(random);
            }
            signer.header("X-T-" + Integer.toString(random.nextInt(1 << 20), 36), values);
        }
        if (random.nextBoolean()) {
            signer.header("Content-Type", random.nextBoolean() ? "application/json" : "application/octet-stream");
        }

        if (!method.equals("GET") && !method.equals("HEAD") && random.nextInt(4) > 0) {
            byte[] body = random.nextBoolean()
                    ? ("{\"k\":\"" + randomText(random, random.nextInt(40)).replace("\"", "'") + "\"}")
                            .getBytes(StandardCharsets.UTF_8)
                    : randomBytes(random, random.nextInt(300));
            signer.body(body);
            description.add("body of " + body.length);
        }

        Instant signedAt;
        boolean presigned;
        switch (random.nextInt(4)) {
            case 0 -> {
                long expires = 1 + (long) random.nextInt((int) SigV4Verifier.MAX_EXPIRES_SECONDS);
                signedAt = NOW.minusSeconds(random.nextLong(-300, expires + 1));
                signer.presigned(Duration.ofSeconds(expires));
                presigned = true;
                description.add("presigned for " + expires + "s");
            }
            case 1 -> {
                signedAt = NOW.minusSeconds(random.nextLong(-300, 301));
                signer.inQueryString();
                presigned = true;
                description.add("query without expiry");
            }
            case 2 -> {
                signedAt = NOW.minusSeconds(random.nextLong(-300, 301));
                signer.unsignedPayload();
                presigned = false;
                description.add("unsigned header");
            }
            default -> {
                signedAt = NOW.minusSeconds(random.nextLong(-300, 301));
                presigned = false;
                description.add("header");
            }
        }
        if (presigned && random.nextBoolean()) {
            signer.unsignedPayload();
            description.add("UNSIGNED-PAYLOAD");
        }
        signer.at(signedAt);
        return new Case(signer, String.join(", ", description), service, signedAt, presigned);
    }

    /** An encoded path as a client may send it: reserved characters raw, others percent-encoded, dot segments. */
    private static String randomPath(Random random) {
        StringBuilder path = new StringBuilder();
        int segments = random.nextInt(5);
        for (int s = 0; s < segments; s++) {
            path.append('/');
            if (random.nextInt(12) == 0) {
                path.append('/');
            }
            int kind = random.nextInt(14);
            if (kind == 0) {
                path.append('.');
            } else if (kind == 1) {
                path.append("..");
            } else {
                int length = 1 + random.nextInt(10);
                for (int c = 0; c < length; c++) {
                    int charKind = random.nextInt(4);
                    if (charKind == 0) {
                        path.append(PCHARS.charAt(random.nextInt(PCHARS.length())));
                    } else if (charKind == 1) {
                        String text = randomText(random, 1);
                        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                            path.append(String.format(random.nextBoolean() ? "%%%02X" : "%%%02x", b & 0xFF));
                        }
                    } else {
                        path.append(UNRESERVED.charAt(random.nextInt(UNRESERVED.length())));
                    }
                }
            }
        }
        if (segments == 0 || random.nextInt(5) == 0) {
            path.append('/');
        }
        return path.toString();
    }

    /** Text of ASCII punctuation, letters, accented and CJK letters and emoji. */
    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> text.append(NASTY.charAt(random.nextInt(NASTY.length())));
                case 1 -> text.append((char) ('a' + random.nextInt(26)));
                case 2 -> text.append((char) (0xC0 + random.nextInt(0x17F - 0xC0)));
                case 3 -> text.append((char) (0x4E00 + random.nextInt(0x500)));
                default -> text.appendCodePoint(0x1F600 + random.nextInt(0x40));
            }
        }
        return text.toString();
    }

    /** A header value HTTP can carry: visible ASCII, spaces and tabs (which AWS trims and collapses). */
    private static String randomHeaderValue(Random random) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(6);
            value.append(kind == 0 ? ' ' : kind == 1 ? '\t' : (char) (0x21 + random.nextInt(0x7E - 0x21)));
        }
        return value.toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    // -- mangled requests --

    @Test
    void mangledAuthorizationHeadersAreRefusedWithIotExceptionsOnly() {
        Random random = new Random(SEED + 1);
        SigV4Request signed = SdkSigner.request("POST", "/things/sensor-1?a=1")
                .header("Content-Type", "application/json")
                .body("{}")
                .sign();

        int refused = assertOnlyIotExceptions(
                random,
                3000,
                signed.firstHeader("Authorization").orElseThrow(),
                value -> SdkSigner.withHeader(signed, "Authorization", value),
                // only the separators between the components may change
                (original, mangled) -> original.replaceAll("[\\s,]+", "").equals(mangled.replaceAll("[\\s,]+", "")));

        assertThat(refused).isGreaterThan(2500);
    }

    @Test
    void mangledPresignedQueriesAreRefusedWithIotExceptionsOnly() {
        Random random = new Random(SEED + 2);
        SigV4Request presigned = SdkSigner.request("GET", "/mqtt")
                .service("iotdevicegateway")
                .presigned(Duration.ofHours(1))
                .sign();

        int refused = assertOnlyIotExceptions(
                random,
                3000,
                presigned.rawQuery(),
                query -> SdkSigner.withQuery(presigned, query),
                // only empty parts, nameless parts (never signed) and the case of percent-escapes may change
                (original, mangled) -> queryParts(original).equals(queryParts(mangled)));

        assertThat(refused).isGreaterThan(2500);
    }

    @Test
    void mangledDatesAndPathsAreRefusedWithIotExceptionsOnly() {
        Random random = new Random(SEED + 3);
        SigV4Request signed =
                SdkSigner.request("GET", "/things/a:b_c-d/principals").sign();
        SigV4Request undated = SdkSigner.withHeader(signed, "X-Amz-Date");

        int refused = assertOnlyIotExceptions(
                        random,
                        1000,
                        signed.firstHeader("X-Amz-Date").orElseThrow(),
                        date -> SdkSigner.withHeader(signed, "X-Amz-Date", date),
                        // header values are trimmed, as HTTP trims them
                        (original, mangled) -> original.strip().equals(mangled.strip()))
                + assertOnlyIotExceptions(
                        random,
                        1000,
                        "Tue, 24 Nov 2026 10:24:30 GMT",
                        date -> SdkSigner.withHeader(undated, "Date", date),
                        (original, mangled) -> false)
                + assertOnlyIotExceptions(
                        random,
                        1000,
                        signed.rawPath(),
                        path -> SdkSigner.withPath(signed, path),
                        // only what java.net.URI normalises away may change
                        (original, mangled) -> normalized(original).equals(normalized(mangled)));

        assertThat(refused).isGreaterThan(2500);
    }

    private static List<String> queryParts(String query) {
        List<String> parts = new ArrayList<>();
        for (String part : query.split("&")) {
            if (!part.isEmpty() && !part.startsWith("=")) {
                parts.add(java.util.regex.Pattern.compile("%[0-9a-fA-F]{2}")
                        .matcher(part)
                        .replaceAll(m -> m.group().toUpperCase(java.util.Locale.ROOT)));
            }
        }
        parts.sort(null);
        return parts;
    }

    private static String normalized(String path) {
        try {
            // a path without its leading slash is read as if it had one
            String absolute = path.startsWith("/") ? path : "/" + path;
            return java.net.URI.create("https://h" + absolute).normalize().getRawPath();
        } catch (IllegalArgumentException e) {
            return "not a URI: " + path;
        }
    }

    @Test
    void assembledJunkAuthorizationHeadersAreRefusedWithIotExceptionsOnly() {
        Random random = new Random(SEED + 4);
        String[] pieces = {
            "AWS4-HMAC-SHA256",
            " ",
            ",",
            "=",
            "/",
            ";",
            "Credential=",
            "SignedHeaders=",
            "Signature=",
            "host",
            "x-amz-date",
            "AKIATHINGSTEAD000001",
            "20261124",
            "us-east-1",
            "iot",
            "aws4_request",
            "\t",
            "é",
            "🚀",
            "%",
            "\u0000",
            "''",
            "=="
        };
        SigV4Request base = SdkSigner.request("GET", "/things").sign();

        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder junk = new StringBuilder();
            int count = random.nextInt(14);
            for (int p = 0; p < count; p++) {
                junk.append(pieces[random.nextInt(pieces.length)]);
            }
            refused += refusedWithIotException(SdkSigner.withHeader(base, "Authorization", junk.toString())) ? 1 : 0;
        }

        assertThat(refused).isEqualTo(3000);
    }

    /**
     * Mangles {@code original} {@code rounds} times and verifies each result: it must be refused with a signature
     * error, or, when it still verifies, be {@code harmless} (a change AWS ignores too). Returns how many were refused.
     */
    private int assertOnlyIotExceptions(
            Random random,
            int rounds,
            String original,
            java.util.function.Function<String, SigV4Request> into,
            java.util.function.BiPredicate<String, String> harmless) {
        int refused = 0;
        for (int i = 0; i < rounds; i++) {
            String mangled = original;
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                mangled = mangle(random, mangled);
            }
            if (refusedWithIotException(into.apply(mangled))) {
                refused++;
            } else if (!mangled.equals(original)) {
                assertThat(harmless.test(original, mangled))
                        .as("%s verified though changed from %s", mangled, original)
                        .isTrue();
            }
        }
        return refused;
    }

    /** True when refused with one of the signature errors, false when it (harmlessly) still verified. */
    private boolean refusedWithIotException(SigV4Request request) {
        try {
            verifier.verify(request);
            return false;
        } catch (IotException e) {
            assertThat(e.code()).as(e.getMessage()).isIn(SIGNATURE_ERRORS);
            assertThat(e.getMessage()).isNotBlank();
            return true;
        }
    }

    private static String mangle(Random random, String text) {
        StringBuilder out = new StringBuilder(text);
        int at = out.isEmpty() ? 0 : random.nextInt(out.length());
        switch (random.nextInt(5)) {
            case 0 -> {
                if (!out.isEmpty()) {
                    out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
                }
            }
            case 1 -> out.insert(at, randomText(random, 1 + random.nextInt(3)));
            case 2 -> {
                if (!out.isEmpty()) {
                    out.setCharAt(at, NASTY.charAt(random.nextInt(NASTY.length())));
                }
            }
            case 3 ->
                out.insert(
                        at, new String[] {"=", ",", "/", ";", "%", "%2", "%zz", " ", "&", "&&="}[random.nextInt(10)]);
            default -> {
                if (!out.isEmpty()) {
                    char c = out.charAt(at);
                    out.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                }
            }
        }
        return out.toString();
    }
}
