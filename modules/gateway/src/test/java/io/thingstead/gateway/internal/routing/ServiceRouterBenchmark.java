package io.thingstead.gateway.internal.routing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.MessageTap;
import io.thingstead.gateway.api.ServiceOutput;
import io.thingstead.gateway.api.ServiceRequest;
import io.thingstead.gateway.api.ServiceRoute;
import io.thingstead.gateway.api.TapInput;
import io.thingstead.gateway.api.TapOutput;
import io.thingstead.gateway.api.TopicFilters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What routing costs the publish path per accepted PUBLISH ({@code PublishGuard.accepted}): {@link
 * ServiceRouter#route} and {@link ServiceRouter#tapsFor} for a device's telemetry topic, with the shadow and
 * provisioning services installed, and no tap, an idle tap ({@link TopicFilters#NONE}) or an active tap that sees
 * every message (the message built and shown, as the gateway does). Also a shadow request, which matches.
 *
 * <p>Run {@link #main} with the test classpath; JMH options given as arguments override the defaults (1 fork, 3
 * warm-up and 5 measurement iterations of one second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServiceRouterBenchmark {
    private static final String TELEMETRY = "bench/bench-c-1-17/data";
    private static final String SHADOW = "$aws/things/lamp-1/shadow/update";
    private static final byte[] PAYLOAD = new byte[64];

    private ServiceRouter withoutServices;
    private ServiceRouter noTap;
    private ServiceRouter idleTap;
    private ServiceRouter activeTap;
    private List<ServiceLanes> lanes;

    @Setup
    public void setUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        lanes = List.of(
                lanes(
                        registry,
                        ServiceRoute.builder("shadow")
                                .filter("$aws/things/+/shadow/get")
                                .filter("$aws/things/+/shadow/update")
                                .filter("$aws/things/+/shadow/delete")
                                .filter("$aws/things/+/shadow/name/+/get")
                                .filter("$aws/things/+/shadow/name/+/update")
                                .filter("$aws/things/+/shadow/name/+/delete")
                                .build()),
                lanes(
                        registry,
                        ServiceRoute.builder("provisioning")
                                .filter("$aws/certificates/create/json")
                                .filter("$aws/certificates/create-from-csr/json")
                                .filter("$aws/provisioning-templates/+/provision/json")
                                .build()));
        withoutServices = ServiceRouter.empty();
        noTap = new ServiceRouter(lanes, List.of(), List.of());
        idleTap = new ServiceRouter(
                lanes, List.of(new NoOpTap(TopicFilters.NONE)), List.of(ServiceMeters.forTap(registry, "idle")));
        activeTap = new ServiceRouter(
                lanes, List.of(new NoOpTap(TopicFilters.ALL)), List.of(ServiceMeters.forTap(registry, "active")));
    }

    @TearDown
    public void tearDown() {
        lanes.forEach(ServiceLanes::stop);
    }

    @Benchmark
    public void telemetryWithoutServicesOrTaps(Blackhole hole) {
        publishPath(withoutServices, TELEMETRY, hole);
    }

    @Benchmark
    public void telemetryNoTap(Blackhole hole) {
        publishPath(noTap, TELEMETRY, hole);
    }

    @Benchmark
    public void telemetryIdleTap(Blackhole hole) {
        publishPath(idleTap, TELEMETRY, hole);
    }

    @Benchmark
    public void telemetryActiveTap(Blackhole hole) {
        publishPath(activeTap, TELEMETRY, hole);
    }

    @Benchmark
    public void shadowRequestMatched(Blackhole hole) {
        hole.consume(noTap.route(SHADOW));
    }

    /** What {@code PublishGuard.accepted} does after counting the message, short of queueing it for a service. */
    private static void publishPath(ServiceRouter router, String topic, Blackhole hole) {
        ServiceRouter.Match match = router.route(topic);
        int taps = router.tapsFor(topic);
        if (match == null && taps == 0) {
            hole.consume(topic);
            return;
        }
        DeviceMessage message = new DeviceMessage(
                DeviceMessage.Origin.MQTT,
                Optional.of("bench-c-1-17"),
                Optional.empty(),
                "cert",
                topic,
                PAYLOAD.clone(),
                0,
                false,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Instant.EPOCH);
        hole.consume(match);
        hole.consume(router.tap(taps, message, false));
    }

    private static ServiceLanes lanes(SimpleMeterRegistry registry, ServiceRoute route) {
        DeviceService service = new DeviceService() {
            @Override
            public ServiceRoute route() {
                return route;
            }

            @Override
            public void serve(ServiceRequest request, ServiceOutput output) {}
        };
        return new ServiceLanes(
                service,
                route,
                Executors.newFixedThreadPool(route.lanes()),
                Runnable::run,
                new Messages.RecordingPublisher(),
                ServiceMeters.forService(registry, route.name(), () -> 0));
    }

    private record NoOpTap(TopicFilters interest) implements MessageTap {
        @Override
        public String name() {
            return "bench";
        }

        @Override
        public void onPublish(TapInput input, TapOutput output) {}
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions given = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(given);
        if (given.getIncludes().isEmpty()) {
            options.include(ServiceRouterBenchmark.class.getSimpleName());
        }
        if (!given.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!given.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!given.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!given.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!given.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        new Runner(options.build()).run();
    }
}
