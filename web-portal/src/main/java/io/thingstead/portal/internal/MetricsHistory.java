package io.thingstead.portal.internal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The dashboards' data: the platform's own Prometheus metrics (the management interface's {@code /metrics}, what
 * operators scrape), read every {@value #INTERVAL_SECONDS} s while the portal runs and kept for two hours. Counters
 * become rates per second between two readings.
 */
@ApplicationScoped
public class MetricsHistory {
    private static final Logger LOG = Logger.getLogger(MetricsHistory.class);
    static final int INTERVAL_SECONDS = 5;
    static final int KEEP = 2 * 3600 / INTERVAL_SECONDS;

    /** What the dashboards show, by series name. */
    public static final Map<String, String> SERIES = series();

    private static Map<String, String> series() {
        Map<String, String> series = new LinkedHashMap<>();
        series.put("connections", "thingstead_gateway_connections");
        series.put("in", "thingstead_gateway_publishes_in_total");
        series.put("out", "thingstead_gateway_publishes_out_total");
        series.put("authFailures", "thingstead_gateway_auth_failures_total");
        series.put("connects", "thingstead_gateway_connects_total");
        return series;
    }

    /** One reading. */
    public record Sample(Instant at, Map<String, Double> values) {}

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    Config config;

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ScheduledFuture<?> task;
    private volatile String problem = "";

    /** Reading starts with the portal, so that the dashboards have a history when someone first opens them. */
    void onStart(
            @jakarta.enterprise.event.Observes @jakarta.enterprise.context.Initialized(ApplicationScoped.class)
                    Object context) {
        start();
    }

    /** Starts reading (idempotent). */
    public synchronized void start() {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::read, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Why the last reading failed, or empty. */
    public String problem() {
        return problem;
    }

    URI endpoint() {
        return config.getOptionalValue("thingstead.portal.metrics-url", String.class)
                .map(URI::create)
                .orElseGet(() -> URI.create("http://127.0.0.1:"
                        + (config.getOptionalValue("thingstead.management.port", Integer.class)
                                        .orElse(9990)
                                + Integer.getInteger("jboss.socket.binding.port-offset", 0))
                        + "/metrics"));
    }

    void read() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(endpoint())
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                problem = "the metrics endpoint answered " + response.statusCode();
                return;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            SERIES.forEach((name, metric) -> values.put(name, PrometheusText.sum(response.body(), metric)));
            synchronized (this) {
                samples.addLast(new Sample(Instant.now(), values));
                while (samples.size() > KEEP) {
                    samples.removeFirst();
                }
            }
            problem = "";
        } catch (Exception e) {
            problem = "could not read " + endpoint() + ": " + e.getMessage();
            LOG.debugf(e, "metrics reading failed");
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
