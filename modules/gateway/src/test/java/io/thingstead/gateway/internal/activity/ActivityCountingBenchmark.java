package io.thingstead.gateway.internal.activity;

import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.Connections;
import io.thingstead.gateway.internal.TestConnections;
import io.thingstead.gateway.internal.authorization.RateLimiter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * What Device Defender's cloud-side counting adds to a PUBLISH ({@code PublishGuard}): with counting off, the one
 * volatile read; with it on, the read and the connection's counters (message, bytes, smallest, largest). Run {@link
 * #main} with the test class path; JMH options as arguments.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ActivityCountingBenchmark {
    private Connections off;
    private Connections on;
    private Connection connection;
    private int size;

    @Setup
    public void setUp() {
        off = new Connections(1);
        on = new Connections(1);
        on.counting(true);
        connection = TestConnections.connection(
                "bench-1",
                TestConnections.permissions("bench-1", "{'Effect':'Allow','Action':'*','Resource':'*'}"),
                new RateLimiter(100, 1 << 20));
    }

    @Benchmark
    public boolean countingOff() {
        boolean counting = off.counting();
        if (counting) {
            connection.activity().published(size++ & 1023);
        }
        return counting;
    }

    @Benchmark
    public boolean countingOn() {
        boolean counting = on.counting();
        if (counting) {
            connection.activity().published(size++ & 1023);
        }
        return counting;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new CommandLineOptions(args)).run();
    }
}
