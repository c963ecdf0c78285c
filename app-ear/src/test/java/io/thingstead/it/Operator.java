package io.thingstead.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient;

/**
 * The operator's view of the test server: the AWS SDK's {@link IotClient}, unchanged apart from the endpoint, signed
 * with the first operator key the server created at its first start.
 */
public final class Operator {
    private Operator() {}

    /** The credentials file the server wrote ({@code <data dir>/thingstead/operator-credentials.env}). */
    public static Map<String, String> credentials() throws IOException {
        Path file = Path.of(
                System.getProperty("thingstead.server.dir"), "standalone/data/thingstead/operator-credentials.env");
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    public static IotClient iot() throws IOException {
        Map<String, String> credentials = credentials();
        return iot(credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"));
    }

    /** The data plane client ({@code iot-data}: shadows, publish), signed as service {@code iotdata}. */
    public static IotDataPlaneClient data() throws IOException {
        Map<String, String> credentials = credentials();
        return local(
                        IotDataPlaneClient.builder(),
                        credentials.get("AWS_ACCESS_KEY_ID"),
                        credentials.get("AWS_SECRET_ACCESS_KEY"))
                .build();
    }

    /** The audit trail through CloudTrail's {@code LookupEvents}, signed as service {@code cloudtrail}. */
    public static CloudTrailClient cloudTrail() throws IOException {
        Map<String, String> credentials = credentials();
        return local(
                        CloudTrailClient.builder(),
                        credentials.get("AWS_ACCESS_KEY_ID"),
                        credentials.get("AWS_SECRET_ACCESS_KEY"))
                .build();
    }

    public static IotClient iot(String accessKeyId, String secret) throws IOException {
        return local(IotClient.builder(), accessKeyId, secret).build();
    }

    /**
     * An SDK client builder pointed at the test server: its HTTP port, the server's region, the given key, short
     * timeouts and no retries (a test sees every error).
     */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B local(
            B builder, String accessKeyId, String secret) throws IOException {
        builder.endpointOverride(URI.create("http://localhost:" + TestEnvironment.port(8080)))
                .region(Region.of(credentials().getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build());
        builder.httpClient(ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build());
        return builder;
    }
}
