package io.thingstead.rules.internal.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The rules engine on {@code /metrics}: per rule {@code thingstead_rules_matched_total}, {@code
 * thingstead_rules_actions_total{outcome=succeeded|failed|retried}} (per action type), {@code
 * thingstead_rules_error_actions_total{outcome}}, {@code thingstead_rules_in_flight} (messages of the rule whose actions
 * are running) and {@code thingstead_rules_latency_seconds} (from the gateway's acceptance of the message to the last
 * action's success); for the engine {@code thingstead_rules_inbox_*}. Meters are registered through the registry's
 * convenience methods (docs/gateway.md, "Metrics": builders would stay in a private registry).
 */
@ApplicationScoped
public class RulesMetrics {
    @Inject
    MeterRegistry registry;

    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final List<Supplier<Number>> gaugeSources = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> inFlight = new ConcurrentHashMap<>();

    void inboxGauges(Supplier<Number> waiting, Supplier<Number> inFlightRows) {
        gauge("thingstead.rules.inbox.waiting", waiting);
        gauge("thingstead.rules.inbox.in.flight", inFlightRows);
    }

    void dispatchGauge(Supplier<Number> queued) {
        gauge("thingstead.rules.dispatch.queued", queued);
    }

    void inboxFull() {
        counter("thingstead.rules.inbox.refused", "reason", "full").increment();
    }

    void inboxWriteFailed(int messages) {
        counter("thingstead.rules.inbox.refused", "reason", "database").increment(messages);
    }

    void inboxBatch(int messages, long nanos) {
        counter("thingstead.rules.inbox.stored").increment(messages);
        timer("thingstead.rules.inbox.commit").record(nanos, TimeUnit.NANOSECONDS);
    }

    void readBack() {
        counter("thingstead.rules.inbox.read.back").increment();
    }

    void matched(String rule) {
        counter("thingstead.rules.matched", "rule", rule).increment();
    }

    void sqlFailed(String rule) {
        counter("thingstead.rules.sql.failed", "rule", rule).increment();
    }

    void action(String rule, String type, String outcome) {
        counter("thingstead.rules.actions", "rule", rule, "action", type, "outcome", outcome)
                .increment();
    }

    void errorAction(String rule, String outcome) {
        counter("thingstead.rules.error.actions", "rule", rule, "outcome", outcome)
                .increment();
    }

    void latency(String rule, long millis) {
        timer("thingstead.rules.latency", "rule", rule).record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    void started(String rule) {
        ruleInFlight(rule).incrementAndGet();
    }

    void finished(String rule) {
        ruleInFlight(rule).decrementAndGet();
    }

    private AtomicLong ruleInFlight(String rule) {
        return inFlight.computeIfAbsent(rule, name -> {
            AtomicLong value = new AtomicLong();
            registry.gauge("thingstead.rules.in.flight", Tags.of("rule", name), value, AtomicLong::doubleValue);
            Meter meter = registry.find("thingstead.rules.in.flight")
                    .tags("rule", name)
                    .gauge();
            if (meter != null) {
                meters.add(meter);
            }
            return value;
        });
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join("\u0000", tags);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> {
                Counter created = registry.counter(name, Tags.of(tags));
                meters.add(created);
                return created;
            });
        }
        return counter;
    }

    private Timer timer(String name, String... tags) {
        String key = name + String.join("\u0000", tags);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> {
                Timer created = registry.timer(name, Tags.of(tags));
                meters.add(created);
                return created;
            });
        }
        return timer;
    }

    private void gauge(String name, Supplier<Number> value) {
        gaugeSources.add(value); // gauges hold their source weakly
        registry.gauge(name, Tags.empty(), value, source -> source.get().doubleValue());
        Meter meter = registry.find(name).gauge();
        if (meter != null) {
            meters.add(meter);
        }
    }

    /** The registry outlives the application: remove what this deployment registered. */
    @PreDestroy
    void close() {
        meters.forEach(registry::remove);
        meters.clear();
        counters.clear();
        timers.clear();
    }
}
