package io.thingstead.gateway.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.MessageTap;
import io.thingstead.gateway.api.ServiceRoute;
import io.thingstead.gateway.api.TapInput;
import io.thingstead.gateway.api.TopicFilter;
import io.thingstead.gateway.api.TopicFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceRouterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<ServiceLanes> created = new ArrayList<>();

    @AfterEach
    void stop() {
        created.forEach(ServiceLanes::stop);
    }

    private ServiceLanes lanes(ServiceRoute route) {
        DeviceService service = new DeviceService() {
            @Override
            public ServiceRoute route() {
                return route;
            }

            @Override
            public void serve(
                    io.thingstead.gateway.api.ServiceRequest request, io.thingstead.gateway.api.ServiceOutput output) {}
        };
        ServiceLanes lanes = new ServiceLanes(
                service,
                route,
                Executors.newFixedThreadPool(route.lanes()),
                Runnable::run,
                new Messages.RecordingPublisher(),
                ServiceMeters.forService(registry, route.name(), () -> 0));
        created.add(lanes);
        return lanes;
    }

    private static ServiceRoute route(String name, String... filters) {
        ServiceRoute.Builder builder = ServiceRoute.builder(name);
        for (String filter : filters) {
            builder.filter(filter);
        }
        return builder.build();
    }

    @Test
    void oneServicePerTopicWithWhatItsWildcardsMatched() {
        ServiceLanes shadow = lanes(route("shadow", "$aws/things/+/shadow/update", "$aws/things/+/shadow/name/+/get"));
        ServiceLanes jobs = lanes(route("jobs", "$aws/things/+/jobs/#"));
        ServiceLanes telemetry = lanes(route("telemetry", "+/telemetry"));
        ServiceRouter router = new ServiceRouter(List.of(shadow, jobs, telemetry), List.of(), List.of());

        ServiceRouter.Match update = router.route("$aws/things/lamp-1/shadow/update");
        assertThat(update.lanes()).isSameAs(shadow);
        assertThat(update.levels()).containsExactly("lamp-1");
        assertThat(router.route("$aws/things/lamp-1/shadow/name/cfg/get").levels())
                .containsExactly("lamp-1", "cfg");
        assertThat(router.route("$aws/things/lamp-1/jobs/j-7/get").lanes()).isSameAs(jobs);
        assertThat(router.route("$aws/things/lamp-1/jobs/j-7/get").levels()).containsExactly("lamp-1", "j-7/get");
        assertThat(router.route("factory/telemetry").lanes()).isSameAs(telemetry);
        assertThat(router.route("$aws/things/lamp-1/shadow/update/accepted")).isNull();
        assertThat(router.route("bench/dev-1/data")).isNull();
        // a wildcard first level matches no $ topic, as MQTT says
        assertThat(router.route("$aws/telemetry")).isNull();
    }

    @Test
    void overlappingServicesAreRefusedNamingBoth() {
        ServiceLanes shadow = lanes(route("shadow", "$aws/things/+/shadow/update"));
        ServiceLanes greedy = lanes(route("greedy", "$aws/things/#"));

        assertThatThrownBy(() -> new ServiceRouter(List.of(shadow, greedy), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shadow")
                .hasMessageContaining("greedy");
    }

    @Test
    void overlapFollowsTopicMatching() {
        assertThat(ServiceRouter.overlap("a/+/c", "a/b/+")).isTrue();
        assertThat(ServiceRouter.overlap("a/#", "a")).isTrue();
        assertThat(ServiceRouter.overlap("a/b", "a/c")).isFalse();
        assertThat(ServiceRouter.overlap("a/b", "a/b/c")).isFalse();
        assertThat(ServiceRouter.overlap("#", "$aws/rules/x")).isFalse();
        assertThat(ServiceRouter.overlap("$aws/rules/#", "$aws/things/+/shadow/get"))
                .isFalse();
        assertThat(ServiceRouter.overlap("$aws/things/+/jobs/get", "$aws/things/t/jobs/+"))
                .isTrue();
    }

    @Test
    void anIdleTapIsAskedOnlyForItsInterestAndSeesNothing() {
        List<String> seen = new ArrayList<>();
        RecordingTap idle = new RecordingTap("idle", TopicFilters.NONE, seen);
        ServiceRouter router =
                new ServiceRouter(List.of(), List.of(idle), List.of(ServiceMeters.forTap(registry, "idle")));

        assertThat(router.tapsFor("bench/dev-1/data")).isZero();
        assertThat(router.tapsFor("$aws/things/t/shadow/update")).isZero();
        assertThat(seen).isEmpty();
    }

    @Test
    void tapsSeeTheTopicsOfTheirInterestOnTheCallersThread() {
        List<String> rulesSaw = new ArrayList<>();
        List<String> allSaw = new ArrayList<>();
        RecordingTap rules = new RecordingTap("rules", TopicFilters.of(List.of(TopicFilter.of("sensors/#"))), rulesSaw);
        RecordingTap all = new RecordingTap("all", TopicFilters.ALL, allSaw);
        ServiceRouter router = new ServiceRouter(
                List.of(),
                List.of(rules, all),
                List.of(ServiceMeters.forTap(registry, "rules"), ServiceMeters.forTap(registry, "all")));

        int mask = router.tapsFor("sensors/t1/temp");
        assertThat(mask).isEqualTo(0b11);
        assertThat(router.tap(mask, Messages.mqtt("d1", "sensors/t1/temp", "21", 0), false))
                .isNull();
        int reserved = router.tapsFor("$aws/things/t/shadow/update/accepted");
        router.tap(reserved, Messages.mqtt("d1", "$aws/things/t/shadow/update/accepted", "{}", 0), false);

        assertThat(rulesSaw).containsExactly("sensors/t1/temp");
        assertThat(allSaw).containsExactly("sensors/t1/temp", "$aws/things/t/shadow/update/accepted");
    }

    @Test
    void aTapHoldsTheAcknowledgementOfAcknowledgedMessagesOnly() {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        MessageTap durable = new MessageTap() {
            @Override
            public String name() {
                return "durable";
            }

            @Override
            public TopicFilters interest() {
                return TopicFilters.ALL;
            }

            @Override
            public void onPublish(TapInput input, io.thingstead.gateway.api.TapOutput output) {
                output.acknowledgeAfter(stored);
            }
        };
        ServiceRouter router =
                new ServiceRouter(List.of(), List.of(durable), List.of(ServiceMeters.forTap(registry, "durable")));

        assertThat(router.tap(1, Messages.mqtt("d1", "t", "x", 0), false)).isNull();
        CompletionStage<Void> held = router.tap(1, Messages.mqtt("d1", "t", "x", 1), true);
        assertThat(held.toCompletableFuture()).isNotDone();
        stored.complete(null);
        assertThat(held.toCompletableFuture()).isCompleted();
    }

    @Test
    void aFailingTapIsCountedAndDoesNotStopTheOthers() {
        List<String> seen = new ArrayList<>();
        MessageTap failing = new MessageTap() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public TopicFilters interest() {
                return TopicFilters.ALL;
            }

            @Override
            public void onPublish(TapInput input, io.thingstead.gateway.api.TapOutput output) {
                throw new IllegalStateException("boom");
            }
        };
        ServiceMeters failingMeters = ServiceMeters.forTap(registry, "failing");
        ServiceRouter router = new ServiceRouter(
                List.of(),
                List.of(failing, new RecordingTap("ok", TopicFilters.ALL, seen)),
                List.of(failingMeters, ServiceMeters.forTap(registry, "ok")));

        router.tap(router.tapsFor("t"), Messages.mqtt("d1", "t", "x", 0), false);

        assertThat(seen).containsExactly("t");
        assertThat(failingMeters.failures()).isEqualTo(1);
    }

    private record RecordingTap(String name, TopicFilters interest, List<String> seen) implements MessageTap {
        @Override
        public void onPublish(TapInput input, io.thingstead.gateway.api.TapOutput output) {
            seen.add(input.message().topic());
        }
    }
}
