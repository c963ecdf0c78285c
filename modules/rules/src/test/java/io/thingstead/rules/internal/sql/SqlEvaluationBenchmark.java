package io.thingstead.rules.internal.sql;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Evaluation of the typical rule, {@code SELECT temp, topic(2) AS id FROM 'sensors/+/data' WHERE temp > 30},
 * against a realistic 200-byte telemetry payload, matching and not matching, JSON parsing included; and the payload
 * parsers side by side (Jackson streaming into the IoT SQL value model, all keys or only the statement's, against
 * JSON-P/Parsson, which the project uses elsewhere).
 *
 * <p>Run {@link #main} with the test classpath (docs/rules.md, "Performance"); JMH options given as arguments override
 * the defaults (1 fork, 3 warm-up and 5 measurement iterations of one second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SqlEvaluationBenchmark {
    static final String SQL = "SELECT temp, topic(2) AS id FROM 'sensors/+/data' WHERE temp > 30";

    private static final String PAYLOAD = "{\"deviceId\":\"sensor-0042\",\"ts\":1733140000123,\"temp\":%s,"
            + "\"humidity\":48.2,\"pressure\":1013.25,\"battery\":87,\"firmware\":\"1.4.2\","
            + "\"location\":{\"lat\":52.520008,\"lon\":13.404954},\"status\":\"ok\",\"rssi\":-67}";

    private final CompiledSql rule = new SqlEngine(new SqlEnvironment("123456789012", ThingShadowReader.NONE))
            .compile(SQL, SqlVersion.V2016_03_23);
    private final CompiledSql selectAll = new SqlEngine(new SqlEnvironment("123456789012", ThingShadowReader.NONE))
            .compile("SELECT *, topic(2) AS id FROM 'sensors/+/data' WHERE temp > 30", SqlVersion.V2016_03_23);
    private final SqlInput hot = input("31.5");
    private final SqlInput cold = input("21.5");
    private final PayloadPlan tempOnly = new PayloadPlan();
    /** One factory, as a real user of JSON-P keeps it (Json.createReader looks the provider up on every call). */
    private final JsonReaderFactory parsson = Json.createReaderFactory(Map.of());

    {
        tempOnly.slotFor("temp");
    }

    private static SqlInput input(String temp) {
        byte[] payload = PAYLOAD.formatted(temp).getBytes(StandardCharsets.UTF_8);
        return SqlInput.of("sensors/sensor-0042/data", payload, 1_733_140_000_123L)
                .withClientId("sensor-0042");
    }

    @Benchmark
    public SqlResult matching() {
        return rule.evaluate(hot);
    }

    @Benchmark
    public SqlResult notMatching() {
        return rule.evaluate(cold);
    }

    /** {@code SELECT *, topic(2) AS id ... WHERE temp > 30}: the whole document parsed, merged and written. */
    @Benchmark
    public SqlResult matchingSelectStarMerged() {
        return selectAll.evaluate(hot);
    }

    @Benchmark
    public Object parseJacksonWholeDocument() {
        return Payloads.readDocument(hot.payload(), SqlVersion.V2016_03_23);
    }

    @Benchmark
    public Object[] parseJacksonOneKey() {
        Object[] slots = new Object[1];
        Payloads.readSlots(hot.payload(), SqlVersion.V2016_03_23, tempOnly, slots);
        return slots;
    }

    @Benchmark
    public JsonObject parseParssonWholeDocument() {
        try (JsonReader reader = parsson.createReader(new ByteArrayInputStream(hot.payload()))) {
            return reader.readObject();
        }
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(SqlEvaluationBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .parent(new CommandLineOptions(args));
        new Runner(options.build()).run();
    }
}
