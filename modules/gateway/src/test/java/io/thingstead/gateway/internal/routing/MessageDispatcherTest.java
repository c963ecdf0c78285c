package io.thingstead.gateway.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageDispatcherTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void keepsEachKeysOrderAndDeliversEverything() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(2000);
        MessageDispatcher<int[]> dispatcher = new MessageDispatcher<>(
                4,
                10_000,
                executor,
                m -> {
                    seen.computeIfAbsent("k" + m[0], k -> new CopyOnWriteArrayList<>())
                            .add(m[1]);
                    done.countDown();
                },
                () -> {});

        for (int i = 0; i < 200; i++) {
            for (int key = 0; key < 10; key++) {
                assertThat(dispatcher.dispatch("k" + key, new int[] {key, i})).isTrue();
            }
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i);
        }
        seen.values().forEach(list -> assertThat(list).isEqualTo(expected));
        assertThat(dispatcher.backlog()).isZero();
    }

    @Test
    void aFullLaneDropsAndCountsInsteadOfGrowing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger dropped = new AtomicInteger();
        MessageDispatcher<String> dispatcher = new MessageDispatcher<>(
                1,
                2,
                executor,
                m -> {
                    started.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                dropped::incrementAndGet);

        dispatcher.dispatch("k", "first");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(dispatcher.dispatch("k", "second")).isTrue();
        assertThat(dispatcher.dispatch("k", "third")).isTrue();
        assertThat(dispatcher.dispatch("k", "fourth")).isFalse();
        assertThat(dropped).hasValue(1);
        assertThat(dispatcher.backlog()).isEqualTo(2);
        release.countDown();
    }

    @Test
    void aFailingHandlerDoesNotStopTheLane() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        MessageDispatcher<String> dispatcher = new MessageDispatcher<>(
                1,
                10,
                executor,
                m -> {
                    if (m.equals("bad")) {
                        throw new IllegalStateException("boom");
                    }
                    done.countDown();
                },
                () -> {});

        dispatcher.dispatch("k", "bad");
        dispatcher.dispatch("k", "good");

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void needsOnePlacePerLane() {
        assertThatThrownBy(() -> new MessageDispatcher<String>(0, 10, executor, m -> {}, () -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageDispatcher<String>(4, 3, executor, m -> {}, () -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
