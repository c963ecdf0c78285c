package io.thingstead.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests to Thingstead's own (non-AWS) operations, signed with SigV4 by the AWS SDK's signer with the operator key,
 * as {@code awscurl} or any SigV4 client would.
 */
final class SignedHttp {
    /** Headers the JDK's HTTP client sets itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private SignedHttp() {}

    static HttpResponse<String> send(String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        return send(method, path, body, contentType, Map.of());
    }

    /** With more headers, signed too (e.g. {@code x-amz-content-sha256}). */
    static HttpResponse<String> send(
            String method, String path, byte[] body, String contentType, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send("iot", method, path, body, contentType, headers);
    }

    /** Signed for {@code service} ({@code iot}, {@code iotdata}, {@code iot-jobs-data}). */
    static HttpResponse<String> send(
            String service, String method, String path, byte[] body, String contentType, Map<String, String> headers)
            throws IOException, InterruptedException {
        Map<String, String> credentials = Operator.credentials();
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder();
        headers.forEach(builder::putHeader);
        SdkHttpFullRequest request = builder.method(SdkHttpMethod.fromValue(method))
                .protocol("http")
                .host("localhost")
                .port(TestEnvironment.port(8080))
                .encodedPath(path)
                .putHeader("Content-Type", contentType)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(
                                credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY")))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, credentials.getOrDefault("AWS_REGION", "us-east-1"))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service));
        HttpRequest.Builder http = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + TestEnvironment.port(8080) + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> http.header(name, value));
            }
        });
        return TestEnvironment.send(http.build());
    }

    /** The same request without any signature. */
    static HttpResponse<String> unsigned(String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        return TestEnvironment.send(HttpRequest.newBuilder(TestEnvironment.http(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }
}
