package io.thingstead.bench;

import io.thingstead.bench.common.Credentials;
import io.thingstead.bench.common.Options;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AuditCheckConfiguration;
import software.amazon.awssdk.services.iot.model.AuditCheckDetails;
import software.amazon.awssdk.services.iot.model.AuditTaskStatus;
import software.amazon.awssdk.services.iot.model.DescribeAuditTaskResponse;

/**
 * Issue 17's figure: how long an on-demand Device Defender audit of every supported check takes on a large fleet,
 * and how much heap the server uses meanwhile (the audit reads pages of 1,000; it must not hold the fleet). Run it
 * after seeding the fleet (bench/control-plane/defender-audit.sh does both).
 *
 * <pre>
 * --endpoint http://localhost:8080 --credentials FILE --metrics http://127.0.0.1:9990/metrics
 * </pre>
 *
 * Prints one Markdown row per check (resources checked, non-compliant) and the totals: wall time from
 * StartOnDemandAuditTask to COMPLETED, the server's heap in use before, at its highest while the audit ran
 * (sampled every 250 ms from /metrics), and after.
 */
public final class DefenderAuditLoad {
    static final List<String> CHECKS = List.of(
            "DEVICE_CERTIFICATE_EXPIRING_CHECK",
            "DEVICE_CERTIFICATE_AGE_CHECK",
            "REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK",
            "CA_CERTIFICATE_EXPIRING_CHECK",
            "REVOKED_CA_CERTIFICATE_STILL_ACTIVE_CHECK",
            "INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK",
            "DEVICE_CERTIFICATE_SHARED_CHECK",
            "CONFLICTING_CLIENT_IDS_CHECK",
            "DEVICE_CERTIFICATE_KEY_QUALITY_CHECK",
            "CA_CERTIFICATE_KEY_QUALITY_CHECK",
            "IOT_POLICY_OVERLY_PERMISSIVE_CHECK");

    private DefenderAuditLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args).asMap();
        URI endpoint = URI.create(options.getOrDefault("endpoint", "http://localhost:8080"));
        URI metrics = URI.create(options.getOrDefault("metrics", "http://127.0.0.1:9990/metrics"));
        Map<String, String> credentials = Credentials.read(Path.of(
                options.getOrDefault("credentials", ".thingstead/wildfly/data/thingstead/operator-credentials.env")));
        HttpClient http = HttpClient.newHttpClient();
        try (IotClient iot = IotClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(ApacheHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build()) {
            Map<String, AuditCheckConfiguration> enabled = new LinkedHashMap<>();
            CHECKS.forEach(check -> enabled.put(
                    check, AuditCheckConfiguration.builder().enabled(true).build()));
            iot.updateAccountAuditConfiguration(
                    r -> r.roleArn("arn:aws:iam::000000000000:role/audit").auditCheckConfigurations(enabled));

            long before = heap(http, metrics);
            long highest = before;
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            long start = System.nanoTime();
            String taskId =
                    iot.startOnDemandAuditTask(r -> r.targetCheckNames(CHECKS)).taskId();
            DescribeAuditTaskResponse task;
            while (true) {
                task = iot.describeAuditTask(r -> r.taskId(taskId));
                highest = Math.max(highest, heap(http, metrics));
                if (task.taskStatus() != AuditTaskStatus.IN_PROGRESS) {
                    break;
                }
                Thread.sleep(250);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = heap(http, metrics);
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

            System.out.printf("audit task %s: %s at %s%n", taskId, task.taskStatus(), Instant.now());
            System.out.println("| check | resources checked | non-compliant | status |");
            System.out.println("|---|---|---|---|");
            for (Map.Entry<String, AuditCheckDetails> check :
                    task.auditDetails().entrySet()) {
                AuditCheckDetails details = check.getValue();
                System.out.printf(
                        "| %s | %d | %d | %s |%n",
                        check.getKey(),
                        details.totalResourcesCount(),
                        details.nonCompliantResourcesCount(),
                        details.checkRunStatusAsString());
            }
            System.out.printf(
                    "%nwall time %.1f s; heap in use before %d MiB, highest sampled while running %d MiB, after %d MiB;"
                            + " load average %s -> %s%n",
                    seconds, before >> 20, highest >> 20, after >> 20, load, loadAfter);
        }
    }

    /** The server's heap in use: the sum of jvm_memory_used_bytes{area="heap"} on /metrics. */
    static long heap(HttpClient http, URI metrics) throws Exception {
        String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        long sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
