package io.thingstead.jobs.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.api.JobStatus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The Jobs service's meters on {@code /metrics}: jobs and job executions by state (gauges refreshed by the ticker,
 * {@code thingstead_jobs_jobs{status=...}}, {@code thingstead_jobs_executions{status=...}}), executions rolled out
 * ({@code thingstead_jobs_executions_rolled_out_total}: its rate is the rollout rate), device updates by status,
 * timeouts, aborts, throttled requests and notifications published.
 */
@ApplicationScoped
public class JobsMetrics {
    private static final Logger LOG = Logger.getLogger(JobsMetrics.class);

    /** The deployment's registry (the default qualifier; {@code @Any} also offers registries nobody scrapes). */
    @Inject
    Instance<MeterRegistry> registries;

    private MeterRegistry registry;
    private final Map<JobStatus, AtomicLong> jobs = new EnumMap<>(JobStatus.class);
    private final Map<JobExecutionStatus, AtomicLong> executions = new EnumMap<>(JobExecutionStatus.class);
    private final Map<JobExecutionStatus, Counter> updates = new ConcurrentHashMap<>();
    private Counter rolledOut;
    private Counter timedOut;
    private Counter aborted;
    private Counter throttled;
    private Counter started;
    private Counter notifications;
    private Counter events;

    /**
     * Meters through {@code registry.counter/gauge(...)}, not {@code Counter.builder(...).register(registry)}: WildFly's
     * per-deployment registry forwards only its convenience methods to the server's (Prometheus) registry, builders'
     * meters stayed in a private registry and never reached {@code /metrics} (see GatewayMetrics).
     */
    @PostConstruct
    void init() {
        registry = registries.isResolvable()
                ? registries.get()
                : registries.stream().findFirst().orElse(null);
        if (registry == null) {
            LOG.warn("no Micrometer registry: jobs metrics are not exported");
            registry = new SimpleMeterRegistry();
        }
        for (JobStatus status : JobStatus.values()) {
            AtomicLong value = new AtomicLong();
            jobs.put(status, value);
            registry.gauge("thingstead.jobs.jobs", Tags.of("status", status.name()), value, AtomicLong::doubleValue);
        }
        for (JobExecutionStatus status : JobExecutionStatus.values()) {
            AtomicLong value = new AtomicLong();
            executions.put(status, value);
            // the newest execution of each thing and job
            registry.gauge(
                    "thingstead.jobs.executions", Tags.of("status", status.name()), value, AtomicLong::doubleValue);
        }
        // executions created by rollouts (notified things)
        rolledOut = registry.counter("thingstead.jobs.executions.rolled.out");
        // executions that timed out
        timedOut = registry.counter("thingstead.jobs.executions.timed.out");
        // jobs canceled by their abort configuration
        aborted = registry.counter("thingstead.jobs.aborted");
        // device requests answered RequestThrottled
        throttled = registry.counter("thingstead.jobs.requests.throttled");
        // executions started by StartNextPendingJobExecution
        started = registry.counter("thingstead.jobs.executions.started");
        // notify and notify-next messages published
        notifications = registry.counter("thingstead.jobs.notifications");
        // $aws/events/job and jobExecution messages published
        events = registry.counter("thingstead.jobs.lifecycle.events");
    }

    void refresh(Map<JobStatus, Long> jobCounts, Map<JobExecutionStatus, Long> executionCounts) {
        jobs.forEach((status, value) -> value.set(jobCounts.getOrDefault(status, 0L)));
        executions.forEach((status, value) -> value.set(executionCounts.getOrDefault(status, 0L)));
    }

    void rolledOut(int count) {
        rolledOut.increment(count);
    }

    void updated(JobExecutionStatus status) {
        updates.computeIfAbsent(
                        status, s -> registry.counter("thingstead.jobs.execution.updates", Tags.of("status", s.name())))
                .increment();
    }

    void timedOut() {
        timedOut.increment();
    }

    void aborted() {
        aborted.increment();
    }

    void throttled() {
        throttled.increment();
    }

    void started() {
        started.increment();
    }

    void published(String topic) {
        (topic.startsWith("$aws/events/") ? events : notifications).increment();
    }
}
