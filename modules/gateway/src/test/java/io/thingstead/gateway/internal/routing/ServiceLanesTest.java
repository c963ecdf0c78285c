package io.thingstead.gateway.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thingstead.gateway.api.BusyReply;
import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.gateway.api.ServiceOutput;
import io.thingstead.gateway.api.ServiceRequest;
import io.thingstead.gateway.api.ServiceRoute;
import io.thingstead.gateway.api.TopicFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceLanesTest {
    private static final TopicFilter FILTER = TopicFilter.of("svc/#");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<ServiceLanes> created = new ArrayList<>();
    private final Messages.RecordingPublisher publisher = new Messages.RecordingPublisher();
    private final List<String> busy = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        created.forEach(ServiceLanes::stop);
    }

    private ServiceLanes lanes(ServiceRoute.Builder builder, BiConsumer<ServiceRequest, ServiceOutput> serve) {
        ServiceRoute route = builder.filter("svc/#")
                .whenBusy((request, reason, output) -> busy.add(reason + " " + request.topic()))
                .build();
        DeviceService service = new DeviceService() {
            @Override
            public ServiceRoute route() {
                return route;
            }

            @Override
            public void serve(ServiceRequest request, ServiceOutput output) {
                serve.accept(request, output);
            }
        };
        ServiceLanes lanes = new ServiceLanes(
                service,
                route,
                Executors.newFixedThreadPool(route.lanes()),
                Runnable::run,
                publisher,
                ServiceMeters.forService(registry, route.name(), () -> 0));
        created.add(lanes);
        return lanes;
    }

    private static void offer(ServiceLanes lanes, DeviceMessage message) {
        lanes.offer(message, FILTER, FILTER.match(message.topic()).orElseThrow());
    }

    @Test
    void aClientsRequestsAreServedInOrderAndClientsInParallel() throws Exception {
        Map<String, List<String>> served = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(400);
        ServiceLanes lanes = lanes(ServiceRoute.builder("ordered").lanes(4).inFlightPerKey(100), (request, output) -> {
            served.computeIfAbsent(request.message().clientId().orElseThrow(), k -> new CopyOnWriteArrayList<>())
                    .add(request.levels().get(0));
            done.countDown();
        });

        for (int i = 0; i < 100; i++) {
            for (String client : List.of("a", "b", "c", "d")) {
                offer(lanes, Messages.mqtt(client, "svc/" + i, "", 1));
            }
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(served).containsOnlyKeys("a", "b", "c", "d");
        served.values().forEach(list -> assertThat(list).isEqualTo(expected));
        assertThat(lanes.meters().requests()).isEqualTo(400);
    }

    @Test
    void aStalledServiceAnswersBusyAndNeverBlocksTheCallerNorAnotherService() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch serving = new CountDownLatch(1);
        ServiceLanes stalled = lanes(
                ServiceRoute.builder("stalled").lanes(1).queueCapacity(3).inFlightPerKey(2), (request, output) -> {
                    serving.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        CountDownLatch otherServed = new CountDownLatch(1);
        ServiceLanes other =
                lanes(ServiceRoute.builder("other").lanes(1), (request, output) -> otherServed.countDown());

        offer(stalled, Messages.mqtt("a", "svc/1", "", 1)); // being served, stalls
        assertThat(serving.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        offer(stalled, Messages.mqtt("a", "svc/2", "", 1)); // queued
        offer(stalled, Messages.mqtt("a", "svc/3", "", 1)); // a has 2 in flight: busy
        offer(stalled, Messages.mqtt("b", "svc/4", "", 1)); // queued
        offer(stalled, Messages.mqtt("c", "svc/5", "", 1)); // queued: the queue holds 3
        offer(stalled, Messages.mqtt("d", "svc/6", "", 1)); // the queue is full: busy
        offer(other, Messages.mqtt("a", "svc/7", "", 1));
        long offeringMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(otherServed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(offeringMillis).as("offer never waits for a lane").isLessThan(2_000);
        try {
            assertThat(busy).containsExactlyInAnyOrder("IN_FLIGHT svc/3", "QUEUE_FULL svc/6");
        } finally {
            release.countDown();
        }
        assertThat(stalled.meters().busy(BusyReply.Reason.IN_FLIGHT)).isEqualTo(1);
        assertThat(stalled.meters().busy(BusyReply.Reason.QUEUE_FULL)).isEqualTo(1);
    }

    @Test
    void aFailureIsCountedAndTheNextRequestServed() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        ServiceLanes lanes = lanes(ServiceRoute.builder("fragile").lanes(1), (request, output) -> {
            if (request.topic().equals("svc/bad")) {
                throw new IllegalStateException("boom");
            }
            second.countDown();
        });

        offer(lanes, Messages.mqtt("a", "svc/bad", "", 1));
        offer(lanes, Messages.mqtt("a", "svc/good", "", 1));

        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lanes.meters().failures()).isEqualTo(1);
    }

    @Test
    void repliesGoToTheRequesterOrToSubscribersAndAreCounted() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        ServiceLanes lanes = lanes(ServiceRoute.builder("replies"), (request, output) -> {
            output.replyToRequester(OutboundMessage.builder(request.topic() + "/accepted")
                            .build())
                    .thenAccept(delivered -> {
                        if (delivered) {
                            output.publish(
                                    OutboundMessage.builder("svc/announced").build());
                        } else {
                            output.rejected("no client to answer");
                        }
                        done.countDown();
                    });
        });

        offer(lanes, Messages.mqtt("dev-1", "svc/req", "", 1));
        offer(
                lanes,
                new DeviceMessage(
                        DeviceMessage.Origin.HTTPS,
                        Optional.empty(),
                        Optional.empty(),
                        "AKIA",
                        "svc/http",
                        new byte[0],
                        0,
                        false,
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Instant.EPOCH));

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(publisher.toClient).containsExactly("dev-1 svc/req/accepted");
        assertThat(publisher.published).containsExactly("svc/announced");
        assertThat(lanes.meters().replies()).isEqualTo(2);
        assertThat(lanes.meters().rejectedByServiceCount()).isEqualTo(1);
    }

    @Test
    void afterStopEveryRequestIsAnsweredBusy() {
        ServiceLanes lanes = lanes(ServiceRoute.builder("stopping"), (request, output) -> {});
        lanes.stop();
        created.remove(lanes);

        offer(lanes, Messages.mqtt("a", "svc/late", "", 1));

        assertThat(busy).containsExactly("STOPPED svc/late");
    }
}
