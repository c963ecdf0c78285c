package io.thingstead.bench;

import io.thingstead.bench.common.Credentials;
import io.thingstead.bench.common.Options;
import io.thingstead.bench.common.Percentiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Measures the control plane through the unmodified AWS SDK: CreateThing for a fleet of things, then DescribeThing
 * of random things and SearchIndex queries for a fixed time each. Prints throughput and latency percentiles as a
 * Markdown table for docs/performance.md.
 *
 * <pre>
 * java -cp ... io.thingstead.bench.ControlPlaneLoad --endpoint http://localhost:8080 \
 *     --credentials .thingstead/wildfly/data/thingstead/operator-credentials.env --things 100000 --threads 16 --seconds 60
 * </pre>
 *
 * Requests only go to the endpoint given (use a loopback address); every phase stops by itself.
 */
public final class ControlPlaneLoad {
    private ControlPlaneLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args).asMap();
        URI endpoint = URI.create(options.getOrDefault("endpoint", "http://localhost:8080"));
        Map<String, String> credentials = Credentials.read(Path.of(
                options.getOrDefault("credentials", ".thingstead/wildfly/data/thingstead/operator-credentials.env")));
        int things = Integer.parseInt(options.getOrDefault("things", "100000"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "16"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        String prefix = options.getOrDefault("prefix", "bench");
        boolean create = !"false".equals(options.get("create"));

        IotClient iot = IotClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(credentials.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.get("AWS_ACCESS_KEY_ID"), credentials.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(ApacheHttpClient.builder()
                        .maxConnections(threads * 2)
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        System.out.printf(
                "endpoint %s, %d things, %d threads, %d s per timed phase%n", endpoint, things, threads, seconds);

        List<String> rows = new ArrayList<>();
        if (create) {
            AtomicInteger next = new AtomicInteger();
            rows.add(run("CreateThing", threads, Long.MAX_VALUE, () -> {
                int i = next.getAndIncrement();
                if (i >= things) {
                    return false;
                }
                iot.createThing(r -> r.thingName(String.format("%s-%07d", prefix, i))
                        .attributePayload(a -> a.attributes(
                                Map.of("floor", Integer.toString(i % 20), "batch", Integer.toString(i / 1000)))));
                return true;
            }));
        }
        rows.add(run("DescribeThing", threads, seconds * 1000L, () -> {
            int i = ThreadLocalRandom.current().nextInt(things);
            iot.describeThing(r -> r.thingName(String.format("%s-%07d", prefix, i)));
            return true;
        }));
        rows.add(run("SearchIndex", threads, seconds * 1000L, () -> {
            int pick = ThreadLocalRandom.current().nextInt(3);
            String query = switch (pick) {
                case 0 ->
                    "thingName:" + prefix + "-00" + ThreadLocalRandom.current().nextInt(10) + "*";
                case 1 ->
                    "attributes.floor:" + ThreadLocalRandom.current().nextInt(20) + " AND attributes.batch:"
                            + ThreadLocalRandom.current().nextInt(Math.max(1, things / 1000));
                default ->
                    "thingName:" + prefix + "-"
                            + String.format("%07d", ThreadLocalRandom.current().nextInt(things));
            };
            iot.searchIndex(r -> r.queryString(query).maxResults(100));
            return true;
        }));
        System.out.println();
        System.out.println("| operation | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) | max (ms) |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        iot.close();
    }

    interface Step {
        boolean call() throws Exception;
    }

    private static String run(String name, int threads, long millis, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : start + millis * 1_000_000;
        List<Future<long[]>> workers = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    long before = System.nanoTime();
                    boolean more;
                    try {
                        more = step.call();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        more = true;
                    }
                    if (!more) {
                        break;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - before;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            all.add(worker.get());
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        int count = latencies.length;
        String row = String.format(
                "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f |",
                name,
                count,
                errors.get(),
                count / elapsed,
                Percentiles.millis(latencies, 0.50),
                Percentiles.millis(latencies, 0.99),
                count == 0 ? 0 : latencies[count - 1] / 1e6);
        System.out.println(row);
        return row;
    }
}
