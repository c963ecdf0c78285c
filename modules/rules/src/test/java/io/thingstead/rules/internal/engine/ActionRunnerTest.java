package io.thingstead.rules.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.rules.internal.action.ActionInput;
import io.thingstead.rules.internal.action.RuleAction;
import io.thingstead.rules.internal.engine.ActiveRule.BoundAction;
import io.thingstead.rules.internal.sql.SqlEngine;
import io.thingstead.rules.internal.sql.SqlEnvironment;
import io.thingstead.rules.internal.sql.SqlInput;
import io.thingstead.rules.internal.sql.SqlResult;
import io.thingstead.rules.internal.sql.SqlVersion;
import io.thingstead.rules.internal.sql.ThingShadowReader;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActionRunnerTest {
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RulesMetrics metrics = metrics(registry);
    private final ActionRunner runner = new ActionRunner(
            threads, timer, metrics, 3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2));
    private final SqlEngine engine = new SqlEngine(new SqlEnvironment("000000000000", ThingShadowReader.NONE));

    @AfterEach
    void stop() {
        threads.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aFailingActionIsRetriedThenItsMessageGoesToTheErrorActionInAwssEnvelope() throws Exception {
        Flaky flaky = new Flaky(Integer.MAX_VALUE);
        Recording errors = new Recording();
        ActiveRule rule = rule(List.of(new BoundAction("http", "HttpAction", flaky)), Optional.of(errors));

        run(rule, "{\"temp\": 35}");

        assertThat(flaky.calls.get()).isEqualTo(3);
        assertThat(errors.inputs).hasSize(1);
        JsonObject envelope = json(errors.inputs.peek().payload());
        assertThat(envelope.getString("ruleName")).isEqualTo("r1");
        assertThat(envelope.getString("topic")).isEqualTo("sensors/1/data");
        assertThat(envelope.getJsonArray("failures").getJsonObject(0).getString("failedAction"))
                .isEqualTo("HttpAction");
        assertThat(envelope.getJsonArray("failures").getJsonObject(0).getString("errorMessage"))
                .isEqualTo("attempt 3 failed");
        assertThat(registry.counter("thingstead.rules.actions", "rule", "r1", "action", "http", "outcome", "retried")
                        .count())
                .isEqualTo(2);
        assertThat(registry.counter("thingstead.rules.error.actions", "rule", "r1", "outcome", "succeeded")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anActionThatRecoversWithinItsTriesNeedsNoErrorAction() throws Exception {
        Flaky flaky = new Flaky(1);
        Recording errors = new Recording();
        Recording other = new Recording();
        ActiveRule rule = rule(
                List.of(
                        new BoundAction("http", "HttpAction", flaky),
                        new BoundAction("republish", "RepublishAction", other)),
                Optional.of(errors));

        run(rule, "{\"temp\": 35}");

        assertThat(flaky.calls.get()).isEqualTo(2);
        assertThat(other.inputs).hasSize(1);
        assertThat(new String(other.inputs.peek().payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"temp\":35}");
        assertThat(errors.inputs).isEmpty();
    }

    @Test
    void theBackoffDoublesUpToItsCapWithJitter() {
        ActionRunner slow = new ActionRunner(
                threads, timer, metrics, 10, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(slow.delayMillis(1)).isBetween(200L, 240L);
        assertThat(slow.delayMillis(2)).isBetween(400L, 480L);
        assertThat(slow.delayMillis(5)).isBetween(1000L, 1200L);
    }

    @Test
    void theInterestIsTheUnionOfTheEnabledRulesFromFilters() {
        RuleSet set = new RuleSet(List.of(
                new ActiveRule(
                        "a",
                        1,
                        engine.compile("SELECT * FROM 'sensors/+/data'", SqlVersion.V2016_03_23),
                        List.of(),
                        Optional.empty()),
                new ActiveRule(
                        "b",
                        1,
                        engine.compile("SELECT * FROM '$aws/things/+/shadow/update/accepted'", SqlVersion.V2016_03_23),
                        List.of(),
                        Optional.empty()),
                new ActiveRule(
                        "ingest", 1, engine.compile("SELECT *", SqlVersion.V2016_03_23), List.of(), Optional.empty())));
        assertThat(set.interest().matches("sensors/1/data")).isTrue();
        assertThat(set.interest().matches("$aws/things/lamp/shadow/update/accepted"))
                .isTrue();
        assertThat(set.interest().matches("other/1")).isFalse();
        assertThat(set.matching("sensors/1/data")).extracting(ActiveRule::name).containsExactly("a");
        assertThat(set.named("ingest")).isPresent();
        assertThat(RuleSet.EMPTY.interest().isEmpty()).isTrue();
    }

    private void run(ActiveRule rule, String payload) throws Exception {
        SqlInput input = new SqlInput(
                "sensors/1/data",
                payload.getBytes(StandardCharsets.UTF_8),
                Optional.of("client-1"),
                Optional.of("cert"),
                System.currentTimeMillis(),
                Optional.of("trace"),
                List.of());
        DeviceMessage device = new DeviceMessage(
                DeviceMessage.Origin.MQTT,
                Optional.of("client-1"),
                Optional.empty(),
                "cert",
                "sensors/1/data",
                input.payload(),
                1,
                false,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Instant.now());
        SqlResult.Matched matched = (SqlResult.Matched) rule.sql().evaluate(input);
        runner.run(rule, new InboxMessage(device, Optional.empty(), "trace-1"), input, matched.output())
                .get(10, TimeUnit.SECONDS);
    }

    private ActiveRule rule(List<BoundAction> actions, Optional<RuleAction> error) {
        return new ActiveRule(
                "r1",
                1,
                engine.compile("SELECT temp FROM 'sensors/+/data'", SqlVersion.V2016_03_23),
                actions,
                error.map(e -> new BoundAction("republish", "RepublishAction", e)));
    }

    static RulesMetrics metrics(SimpleMeterRegistry registry) {
        RulesMetrics metrics = new RulesMetrics();
        metrics.registry = registry;
        return metrics;
    }

    private static JsonObject json(byte[] bytes) {
        return Json.createReader(new ByteArrayInputStream(bytes)).readObject();
    }

    /** Fails its first {@code failures} runs. */
    private static final class Flaky implements RuleAction {
        final AtomicInteger calls = new AtomicInteger();
        final int failures;

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public String resource() {
            return "https://example.com/in";
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            int call = calls.incrementAndGet();
            return call <= failures
                    ? CompletableFuture.failedFuture(new IllegalStateException("attempt " + call + " failed"))
                    : CompletableFuture.completedFuture(null);
        }
    }

    private static final class Recording implements RuleAction {
        final ConcurrentLinkedQueue<ActionInput> inputs = new ConcurrentLinkedQueue<>();

        @Override
        public String resource() {
            return "errors";
        }

        @Override
        public CompletionStage<Void> run(ActionInput input) {
            inputs.add(input);
            return CompletableFuture.completedFuture(null);
        }
    }
}
