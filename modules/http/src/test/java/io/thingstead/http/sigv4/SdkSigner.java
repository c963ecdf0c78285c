package io.thingstead.http.sigv4;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs requests with the AWS SDK for Java v2's own SigV4 signer and turns the result into what a server receives:
 * the raw path and query the SDK's HTTP client puts on the wire, each header value as its own line with the
 * surrounding whitespace HTTP strips, the body.
 */
final class SdkSigner {
    static final String ACCESS_KEY_ID = "AKIATHINGSTEAD000001";
    static final String SECRET = "tHiNgStEaD/sEcReT+kEy=0123456789abcdefGHIJ";
    static final String REGION = "us-east-1";
    static final String HOST = "iot.us-east-1.amazonaws.com";
    /** "Now" for the verifier in most tests; requests are signed a little before. */
    static final Instant NOW = Instant.parse("2026-11-24T10:25:00Z");

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private SdkHttpFullRequest request;
    private byte[] body;
    private String service = "iot";
    private String region = REGION;
    private Instant signingInstant = NOW.minusSeconds(30);
    private AwsCredentialsIdentity credentials = AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET);
    private AwsV4HttpSigner.AuthLocation location = AwsV4HttpSigner.AuthLocation.HEADER;
    private Duration expiration;
    private boolean payloadSigning = true;

    private SdkSigner(SdkHttpFullRequest request) {
        this.request = request;
    }

    /** Starts from {@code method https://HOST + encodedPathAndQuery}; the query part is taken as already encoded. */
    static SdkSigner request(String method, String encodedPathAndQuery) {
        int q = encodedPathAndQuery.indexOf('?');
        String path = q < 0 ? encodedPathAndQuery : encodedPathAndQuery.substring(0, q);
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol("https")
                .host(HOST)
                .encodedPath(path);
        if (q >= 0) {
            // the JDK's form decoder, not the code under test, reads the (plus-free) test queries
            for (String pair : encodedPathAndQuery.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                builder.appendRawQueryParameter(name, value);
            }
        }
        return new SdkSigner(builder.build());
    }

    static SdkSigner of(SdkHttpFullRequest request) {
        return new SdkSigner(request);
    }

    SdkSigner header(String name, String... values) {
        request = request.toBuilder().putHeader(name, List.of(values)).build();
        return this;
    }

    SdkSigner rawQueryParameter(String name, String... values) {
        // Arrays.asList, unlike List.of, takes the null that stands for a parameter without a value
        request = request.toBuilder()
                .putRawQueryParameter(name, java.util.Arrays.asList(values))
                .build();
        return this;
    }

    SdkSigner body(String json) {
        return body(json.getBytes(StandardCharsets.UTF_8));
    }

    SdkSigner body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    SdkSigner service(String service) {
        this.service = service;
        return this;
    }

    SdkSigner region(String region) {
        this.region = region;
        return this;
    }

    SdkSigner at(Instant signingInstant) {
        this.signingInstant = signingInstant;
        return this;
    }

    SdkSigner credentials(AwsCredentialsIdentity credentials) {
        this.credentials = credentials;
        return this;
    }

    /** Signs in the query string with {@code X-Amz-Expires}, as the SDK's presigners do. */
    SdkSigner presigned(Duration expiration) {
        this.location = AwsV4HttpSigner.AuthLocation.QUERY_STRING;
        this.expiration = expiration;
        return this;
    }

    /** Signs in the query string without {@code X-Amz-Expires}. */
    SdkSigner inQueryString() {
        this.location = AwsV4HttpSigner.AuthLocation.QUERY_STRING;
        this.expiration = null;
        return this;
    }

    SdkSigner unsignedPayload() {
        this.payloadSigning = false;
        return this;
    }

    SignedRequest signWithSdk() {
        return SIGNER.sign(r -> {
            r.identity(credentials)
                    .request(request)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signingInstant, ZoneOffset.UTC))
                    .putProperty(AwsV4HttpSigner.AUTH_LOCATION, location)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning);
            if (expiration != null) {
                r.putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiration);
            }
            if (body != null) {
                byte[] bytes = body;
                r.payload(() -> new ByteArrayInputStream(bytes));
            }
        });
    }

    /** Signs, and returns the request as the server sees it. */
    SigV4Request sign() {
        return onTheWire(signWithSdk().request(), body == null ? new byte[0] : body);
    }

    static SigV4Request onTheWire(SdkHttpRequest signed, byte[] body) {
        SigV4Request.Builder wire = SigV4Request.builder()
                .method(signed.method().name())
                .rawPath(signed.encodedPath())
                .rawQuery(Optional.ofNullable(signed.getUri().getRawQuery()).orElse(""))
                .payload(body);
        signed.forEachHeader((name, values) -> values.forEach(value -> wire.header(name, value.strip())));
        return wire.build();
    }

    /** A copy of {@code request} with its headers passed through {@code edit}. */
    static SigV4Request withHeaders(
            SigV4Request request, Function<Map<String, List<String>>, Map<String, List<String>>> edit) {
        return new SigV4Request(
                request.method(),
                request.rawPath(),
                request.rawQuery(),
                edit.apply(new java.util.TreeMap<>(request.headers())),
                request.payload());
    }

    /** A copy of {@code request} with one header's values replaced (or removed, given none). */
    static SigV4Request withHeader(SigV4Request request, String name, String... values) {
        return withHeaders(request, headers -> {
            headers.remove(name);
            if (values.length > 0) {
                headers.put(name, List.of(values));
            }
            return headers;
        });
    }

    static SigV4Request withQuery(SigV4Request request, String rawQuery) {
        return new SigV4Request(request.method(), request.rawPath(), rawQuery, request.headers(), request.payload());
    }

    static SigV4Request withPath(SigV4Request request, String rawPath) {
        return new SigV4Request(request.method(), rawPath, request.rawQuery(), request.headers(), request.payload());
    }

    static SigV4Request withMethod(SigV4Request request, String method) {
        return new SigV4Request(method, request.rawPath(), request.rawQuery(), request.headers(), request.payload());
    }

    static SigV4Request withPayload(SigV4Request request, SigV4Request.Payload payload) {
        return new SigV4Request(request.method(), request.rawPath(), request.rawQuery(), request.headers(), payload);
    }

    /** A verifier for the test region, the AWS IoT signing names and the test key, its clock at {@code now}. */
    static SigV4Verifier.Builder verifier(Instant now) {
        return SigV4Verifier.builder()
                .region(REGION)
                .services("iot", "iotdata", "iotdevicegateway")
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .secrets(accessKeyId ->
                        ACCESS_KEY_ID.equals(accessKeyId) ? Optional.of(SECRET.toCharArray()) : Optional.empty());
    }

    static SigV4Verifier verifier() {
        return verifier(NOW).build();
    }
}
