package io.thingstead.defender.internal.detect;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.gateway.api.ActivityCounts;
import io.thingstead.gateway.api.DeviceActivity;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * What one Detect tick costs on the scheduler thread: {@code devices} devices that each published in the tick (their
 * counts drained from the gateway), one profile of five cloud-side behaviors attached to their group, every window
 * closing (duration = tick) so every behavior is judged every tick — the worst case. Membership comes from the
 * engine's cache (filled in setup) as it does between its 30 s refreshes; no datapoint violates, so nothing is written
 * (violations are rare and cost one INSERT each). Cost per device per minute = score / devices × ticks per minute.
 * Run {@link #main} with the test class path; JMH options as arguments.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DetectEvaluationBenchmark {
    @Param({"10000", "100000"})
    public int devices;

    private DetectEngine engine;

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readObject();
        }
    }

    @Setup
    public void setUp() {
        String group = "arn:aws:iot:us-east-1:000000000000:thinggroup/sensors";
        List<Behavior> behaviors = new ArrayList<>();
        for (String metric : List.of(
                "aws:num-messages-sent",
                "aws:num-authorization-failures",
                "aws:num-connection-attempts",
                "aws:num-disconnects")) {
            behaviors.add(Behavior.parse(
                    json("{'name':'" + metric.substring(4) + "','metric':'" + metric + "','criteria':{"
                            + "'comparisonOperator':'less-than','value':{'count':1000000},'durationSeconds':10}}"),
                    Map.of(),
                    10));
        }
        behaviors.add(Behavior.parse(
                json("{'name':'size','metric':'aws:message-byte-size','criteria':{"
                        + "'comparisonOperator':'less-than','value':{'count':100000}}}"),
                Map.of(),
                10));
        List<DetectEngine.Profile> evaluated =
                List.of(new DetectEngine.Profile("sensors", behaviors, List.of(group), Optional.empty()));
        List<ActivityCounts> counts = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            counts.add(new ActivityCounts(
                    "sensor-" + i,
                    Optional.of("sensor-" + i),
                    "c".repeat(64),
                    Optional.of("10.0.0.1"),
                    10,
                    1000,
                    50,
                    150,
                    0));
        }
        engine = new DetectEngine() {
            @Override
            List<Profile> loadProfiles() {
                return evaluated;
            }

            @Override
            Membership lookUp(String device) {
                return new Membership(true, Set.of(group), Long.MAX_VALUE);
            }
        };
        engine.platform = new PlatformIdentity("us-east-1", "000000000000");
        engine.clock = Clock.systemUTC();
        engine.store = new DetectStore() {
            @Override
            public List<Active> active() {
                return List.of();
            }
        };
        engine.activity = new DeviceActivity() {
            @Override
            public void counting(boolean on) {}

            @Override
            public boolean counting() {
                return true;
            }

            @Override
            public List<ActivityCounts> drain() {
                return counts;
            }
        };
        engine.tick(); // resumes active violations once: none here
    }

    @Benchmark
    public long tick() {
        engine.tick();
        return engine.lastTickNanos();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new CommandLineOptions(args)).run();
    }
}
