package io.thingstead.http.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.http.sigv4.Canonical.QueryParameter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;
import software.amazon.awssdk.utils.Pair;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** The canonical request's parts, against the JDK and the AWS SDK code that clients sign with. */
class CanonicalTest {
    private static final long SEED = 0xCA_90_11CAL;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/things/sensor-1                              | /things/sensor-1",
                "''                                            | /",
                "/                                             | /",
                "/things/a:b_c-d/principals                    | /things/a%3Ab_c-d/principals",
                "/topics/$aws%2Fthings%2Fx%2Fshadow%2Fupdate   | /topics/%24aws%252Fthings%252Fx%252Fshadow%252Fupdate",
                "/topics/%24aws%2fthings                       | /topics/%2524aws%252fthings",
                "/a/b/../c/./d//                               | /a/c/d/",
                "/a/.                                          | /a",
                "/a/b/..                                       | /a",
                "/a/..                                         | /",
                "/../a                                         | /../a",
                "//a///b                                       | /a/b",
                "/%2E%2E/x                                     | /%252E%252E/x",
                "/a%2F                                         | /a%252F",
                "/caf%C3%A9 au lait                            | /caf%25C3%25A9%20au%20lait",
                "/~user/*star+plus                             | /~user/%2Astar%2Bplus",
                "things/relative                               | /things/relative",
            })
    void canonicalUris(String rawPath, String canonical) {
        assertThat(Canonical.uri(rawPath)).isEqualTo(canonical);
    }

    @Test
    void pathsNormaliseAsJavaNetUriDoes() {
        Random random = new Random(SEED);
        String[] segments = {"", ".", "..", "a", "b.c", "...", "%2E", "%2e%2E", ".a", "a.", ":", "x%2Fy", "@"};
        for (int i = 0; i < 5000; i++) {
            StringBuilder path = new StringBuilder();
            int count = random.nextInt(7);
            for (int s = 0; s < count; s++) {
                path.append('/').append(segments[random.nextInt(segments.length)]);
            }
            if (path.isEmpty() || random.nextInt(4) == 0) {
                path.append('/');
            }
            String raw = path.toString();

            String expected = URI.create("https://h" + raw).normalize().getRawPath();

            assertThat(Canonical.normalizePath(raw)).as(raw).isEqualTo(expected);
        }
    }

    @Test
    void canonicalUrisAndQueriesMatchTheSdksCanonicalRequest() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 2000; i++) {
            SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.GET)
                    .protocol("https")
                    .host("example.com")
                    .encodedPath(randomEncodedPath(random));
            int parameters = random.nextInt(5);
            for (int p = 0; p < parameters; p++) {
                String name = random.nextInt(10) == 0 ? "" : randomText(random, 1 + random.nextInt(5));
                for (int v = random.nextInt(3); v >= 0; v--) {
                    builder.appendRawQueryParameter(
                            name, random.nextInt(6) == 0 ? null : randomText(random, random.nextInt(6)));
                }
            }
            SdkHttpFullRequest request = builder.build();
            String[] sdk = new V4CanonicalRequest(request, "hash", new V4CanonicalRequest.Options(true, true))
                    .getCanonicalRequestString()
                    .split("\n", -1);
            String rawQuery = request.getUri().getRawQuery();

            assertThat(Canonical.uri(request.encodedPath()))
                    .as(request.encodedPath())
                    .isEqualTo(sdk[1]);
            assertThat(Canonical.queryString(QueryParameter.parse(rawQuery == null ? "" : rawQuery)))
                    .as(rawQuery)
                    .isEqualTo(sdk[2]);
        }
    }

    @Test
    void headerValuesMatchTheSdksCanonicalHeaders() {
        Random random = new Random(SEED + 2);
        String whitespace = " \t\n\u000b\r\f";
        for (int i = 0; i < 2000; i++) {
            List<String> values = new ArrayList<>();
            for (int v = random.nextInt(3); v >= 0; v--) {
                StringBuilder value = new StringBuilder();
                for (int c = random.nextInt(12); c > 0; c--) {
                    value.append(
                            random.nextInt(3) == 0
                                    ? whitespace.charAt(random.nextInt(whitespace.length()))
                                    : (char) ('!' + random.nextInt(90)));
                }
                values.add(value.toString());
            }

            String sdk = V4CanonicalRequest.getCanonicalHeadersString(List.of(Pair.of("x-h", values)));

            assertThat("x-h:" + Canonical.headerValue(values) + "\n")
                    .as(values.toString())
                    .isEqualTo(sdk);
        }
    }

    @Test
    void encodingMatchesTheSdksUrlEncoding() {
        Random random = new Random(SEED + 3);
        for (int i = 0; i < 3000; i++) {
            String text = randomText(random, random.nextInt(10));
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

            assertThat(Canonical.encode(utf8, false)).as(text).isEqualTo(SdkHttpUtils.urlEncode(text));
            assertThat(Canonical.encode(utf8, true)).as(text).isEqualTo(SdkHttpUtils.urlEncodeIgnoreSlashes(text));
        }
    }

    @Test
    void percentDecodingKeepsWhatIsNotAnEscape() {
        assertThat(new String(Canonical.percentDecode("%e2%82%AC+%zz%4%"), StandardCharsets.UTF_8))
                .isEqualTo("€+%zz%4%");
        assertThat(Canonical.percentDecode("%FF%00")).containsExactly(0xFF, 0x00);
        assertThat(new String(Canonical.percentDecode("東京%20🚀"), StandardCharsets.UTF_8))
                .isEqualTo("東京 🚀");
    }

    @Test
    void queryParsingAndOrdering() {
        List<QueryParameter> parsed = QueryParameter.parse("?b=2&a=&&=orphan&c&b=10&B=1&X-Amz-Signature=abc&a+b=x+y");

        assertThat(parsed)
                .extracting(QueryParameter::name)
                .containsExactly("b", "a", "", "c", "b", "B", "X-Amz-Signature", "a+b");
        assertThat(Canonical.queryString(parsed)).isEqualTo("B=1&a=&a%2Bb=x%2By&b=10&b=2&c=");
        assertThat(Canonical.queryString(QueryParameter.parse(""))).isEmpty();
        assertThat(Canonical.queryString(QueryParameter.parse("&&&"))).isEmpty();
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoined() {
        assertThat(Canonical.headerValue(List.of("  a   b\t\tc  "))).isEqualTo("a b c");
        assertThat(Canonical.headerValue(List.of("a", " ", "b  c"))).isEqualTo("a,,b c");
        assertThat(Canonical.headerValue(List.of())).isEmpty();
        assertThat(Canonical.headerValue(Arrays.asList("x\u000by", "\r\nz"))).isEqualTo("x y,z");
    }

    private static String randomEncodedPath(Random random) {
        String[] pieces = {
            "a", "B", "0", "-", "_", ".", "~", "..", "$", ":", "@", "!", "'", "(", ")", "*", "+", ",", ";", "=", "%2F",
            "%2f", "%20", "%C3%A9", "%25", "%2E", "/", "//"
        };
        StringBuilder path = new StringBuilder("/");
        for (int p = random.nextInt(10); p > 0; p--) {
            path.append(pieces[random.nextInt(pieces.length)]);
        }
        return path.toString();
    }

    private static String randomText(Random random, int length) {
        String ascii = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~Az09";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append(ascii.charAt(random.nextInt(ascii.length())));
                case 1 -> text.append((char) ('a' + random.nextInt(26)));
                case 2 -> text.append((char) (0xA0 + random.nextInt(0x700)));
                default -> text.appendCodePoint(0x1F300 + random.nextInt(0x300));
            }
        }
        return text.toString();
    }
}
