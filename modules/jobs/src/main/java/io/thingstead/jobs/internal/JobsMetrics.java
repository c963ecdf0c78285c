package io.thingstead.jobs.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.jobs.api.JobStatus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
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

    @Inject
    @Any
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
            Gauge.builder("thingstead.jobs.jobs", value, AtomicLong::get)
                    .description("jobs by status")
                    .tag("status", status.name())
                    .register(registry);
        }
        for (JobExecutionStatus status : JobExecutionStatus.values()) {
            AtomicLong value = new AtomicLong();
            executions.put(status, value);
            Gauge.builder("thingstead.jobs.executions", value, AtomicLong::get)
                    .description("job executions (the newest of each thing and job) by status")
                    .tag("status", status.name())
                    .register(registry);
        }
        rolledOut = Counter.builder("thingstead.jobs.executions.rolled.out")
                .description("executions created by rollouts (notified things)")
                .register(registry);
        timedOut = Counter.builder("thingstead.jobs.executions.timed.out")
                .description("executions that timed out")
                .register(registry);
        aborted = Counter.builder("thingstead.jobs.aborted")
                .description("jobs canceled by their abort configuration")
                .register(registry);
        throttled = Counter.builder("thingstead.jobs.requests.throttled")
                .description("device requests answered RequestThrottled")
                .register(registry);
        started = Counter.builder("thingstead.jobs.executions.started")
                .description("executions started by StartNextPendingJobExecution")
                .register(registry);
        notifications = Counter.builder("thingstead.jobs.notifications")
                .description("notify and notify-next messages published")
                .register(registry);
        events = Counter.builder("thingstead.jobs.lifecycle.events")
                .description("$aws/events/job and jobExecution messages published")
                .register(registry);
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
                        status,
                        s -> Counter.builder("thingstead.jobs.execution.updates")
                                .description("device updates of job executions by the status they set")
                                .tag("status", s.name())
                                .register(registry))
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
