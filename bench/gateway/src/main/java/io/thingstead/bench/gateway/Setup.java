package io.thingstead.bench.gateway;

import io.thingstead.bench.common.Credentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.TopicRulePayload;

/**
 * Creates, once, what the load needs on Thingstead: {@code count} device certificates (CreateKeysAndCertificate,
 * ACTIVE) written to {@code dir} as {@code cert-NNNN.pem} / {@code cert-NNNN.key}, one IoT policy attached to each,
 * and the CA files ({@code root-ca.pem}, {@code ca-chain.pem}). A second run with the same directory and endpoint
 * reuses the certificates when the first one is still ACTIVE on the server.
 *
 * <p>The policy allows client ids {@code bench-*} and binds publishing to the connection's own client id through a
 * policy variable, so that every publish decision evaluates a variable:
 *
 * <pre>
 * iot:Connect   client/bench-*
 * iot:Publish   topic/bench/${iot:ClientId}/data
 * iot:Subscribe topicfilter/bench/*
 * iot:Receive   topic/bench/*
 * </pre>
 */
final class Setup {
    static final String POLICY = "bench-gateway";

    private Setup() {}

    static void run(Map<String, String> options) throws Exception {
        URI endpoint = URI.create(options.getOrDefault("endpoint", "http://localhost:8080"));
        Path dir = Path.of(options.getOrDefault("certs", "bench/gateway/target/certs"));
        int count = Integer.parseInt(options.getOrDefault("cert-count", "200"));
        Map<String, String> credentials = Credentials.read(Path.of(
                options.getOrDefault("credentials", ".thingstead/wildfly/data/thingstead/operator-credentials.env")));
        Files.createDirectories(dir);

        HttpClient http = HttpClient.newHttpClient();
        for (String name : List.of("root-ca.pem", "ca-chain.pem")) {
            HttpResponse<Path> response = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/pki/" + name)).build(),
                    HttpResponse.BodyHandlers.ofFile(dir.resolve(name)));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /pki/" + name + ": HTTP " + response.statusCode());
            }
        }

        try (IotClient iot = IotClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(ApacheHttpClient.builder()
                        .maxConnections(16)
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build()) {
            Path index = dir.resolve("certs.properties");
            Properties cached = new Properties();
            if (Files.exists(index)) {
                try (var in = Files.newInputStream(index)) {
                    cached.load(in);
                }
            }
            if (endpoint.toString().equals(cached.getProperty("endpoint"))
                    && Integer.parseInt(cached.getProperty("count", "0")) >= count
                    && stillActive(iot, cached.getProperty("cert-0000"))) {
                System.out.printf("reusing %s certificates in %s%n", cached.getProperty("count"), dir);
                return;
            }

            String arnPrefix = null;
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<CreateKeysAndCertificateResponse>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                created.add(pool.submit(() -> iot.createKeysAndCertificate(r -> r.setAsActive(true))));
            }
            Properties ids = new Properties();
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                CreateKeysAndCertificateResponse c = created.get(i).get();
                String name = String.format("cert-%04d", i);
                Files.writeString(dir.resolve(name + ".pem"), c.certificatePem());
                Files.writeString(dir.resolve(name + ".key"), c.keyPair().privateKey());
                ids.setProperty(name, c.certificateId());
                arns.add(c.certificateArn());
                // arn:aws:iot:<region>:<account>:cert/<id>
                arnPrefix = c.certificateArn().substring(0, c.certificateArn().indexOf(":cert/"));
            }
            System.out.printf("created %d certificates in %.1f s%n", count, (System.nanoTime() - start) / 1e9);

            String document = policy(arnPrefix);
            try {
                iot.createPolicy(r -> r.policyName(POLICY).policyDocument(document));
            } catch (ResourceAlreadyExistsException e) {
                iot.createPolicyVersion(
                        r -> r.policyName(POLICY).policyDocument(document).setAsDefault(true));
                iot.listPolicyVersions(r -> r.policyName(POLICY)).policyVersions().stream()
                        .filter(v -> !v.isDefaultVersion())
                        .forEach(v -> iot.deletePolicyVersion(
                                r -> r.policyName(POLICY).policyVersionId(v.versionId())));
            }
            List<Future<?>> attached = new ArrayList<>();
            for (String arn : arns) {
                attached.add(pool.submit(
                        () -> iot.attachPolicy(r -> r.policyName(POLICY).target(arn))));
            }
            for (Future<?> f : attached) {
                f.get();
            }
            pool.shutdown();
            ids.setProperty("endpoint", endpoint.toString());
            ids.setProperty("count", Integer.toString(count));
            try (var out = Files.newOutputStream(index)) {
                ids.store(out, "bench/gateway certificates (ids on the server named by endpoint)");
            }
            System.out.printf("policy %s attached to %d certificates:%n%s%n", POLICY, count, document);
        }
    }

    /**
     * Creates (or replaces) the topic rule {@code --name} with {@code --sql} and one republish action to {@code
     * --republish} (QoS {@code --qos}, default 1), through the AWS SDK as an operator would.
     */
    static void rule(Map<String, String> options) throws Exception {
        URI endpoint = URI.create(options.getOrDefault("endpoint", "http://localhost:8080"));
        Map<String, String> credentials = Credentials.read(Path.of(
                options.getOrDefault("credentials", ".thingstead/wildfly/data/thingstead/operator-credentials.env")));
        String name = options.getOrDefault("name", "bench_republish");
        int qos = Integer.parseInt(options.getOrDefault("qos", "1"));
        TopicRulePayload payload = TopicRulePayload.builder()
                .sql(options.getOrDefault("sql", "SELECT * FROM 'bench/+/data'"))
                .awsIotSqlVersion("2016-03-23")
                .actions(a -> a.republish(r -> r.topic(options.getOrDefault("republish", "bench/out/${topic(2)}"))
                        .qos(qos)
                        .roleArn("arn:aws:iam::000000000000:role/bench")))
                .build();
        try (IotClient iot = IotClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(ApacheHttpClient.builder().build())
                .build()) {
            try {
                iot.createTopicRule(r -> r.ruleName(name).topicRulePayload(payload));
                System.out.printf("created topic rule %s%n", name);
            } catch (software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException e) {
                iot.replaceTopicRule(r -> r.ruleName(name).topicRulePayload(payload));
                System.out.printf("replaced topic rule %s%n", name);
            }
            if (Boolean.parseBoolean(options.getOrDefault("disable", "false"))) {
                iot.disableTopicRule(r -> r.ruleName(name));
                System.out.printf("disabled topic rule %s%n", name);
            } else {
                iot.enableTopicRule(r -> r.ruleName(name));
            }
        }
    }

    static String policy(String arnPrefix) {
        return """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": "iot:Connect", "Resource": "%1$s:client/bench-*"},
                    {"Effect": "Allow", "Action": "iot:Publish", "Resource": "%1$s:topic/bench/${iot:ClientId}/data"},
                    {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%1$s:topicfilter/bench/*"},
                    {"Effect": "Allow", "Action": "iot:Receive", "Resource": "%1$s:topic/bench/*"}
                  ]
                }""".formatted(arnPrefix);
    }

    private static boolean stillActive(IotClient iot, String certificateId) {
        if (certificateId == null) {
            return false;
        }
        try {
            return "ACTIVE"
                    .equals(iot.describeCertificate(r -> r.certificateId(certificateId))
                            .certificateDescription()
                            .statusAsString());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
