package io.thingstead.gateway.internal.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.gateway.api.ActivityCounts;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.Connections;
import io.thingstead.gateway.internal.TestConnections;
import io.thingstead.gateway.internal.authorization.RateLimiter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActivityRecorderTest {
    private final Connections connections = new Connections(1000);
    private final ActivityRecorder recorder = new ActivityRecorder();

    private Connection connect(String clientId) {
        Connection connection = TestConnections.connection(
                clientId,
                TestConnections.permissions(clientId, "{'Effect':'Allow','Action':'*','Resource':'*'}"),
                new RateLimiter(100, 1 << 20));
        connections.authenticated(connection);
        connections.accepted(connection);
        return connection;
    }

    @Test
    void countsAreTakenPerConnectionAndResetWhenRead() {
        recorder.attach(connections);
        recorder.counting(true);
        Connection lamp = connect("lamp-1");
        lamp.activity().published(10);
        lamp.activity().published(300);
        lamp.activity().published(42);
        lamp.activity().authorizationFailure();
        connect("idle-1");

        List<ActivityCounts> first = recorder.drain();

        assertThat(first).singleElement().satisfies(counts -> {
            assertThat(counts.deviceName()).isEqualTo("lamp-1");
            assertThat(counts.messagesSent()).isEqualTo(3);
            assertThat(counts.bytesSent()).isEqualTo(352);
            assertThat(counts.smallestMessage()).isEqualTo(10);
            assertThat(counts.largestMessage()).isEqualTo(300);
            assertThat(counts.authorizationFailures()).isEqualTo(1);
            assertThat(counts.ipAddress()).contains("127.0.0.1");
        });
        assertThat(recorder.drain()).isEmpty();
    }

    @Test
    void aClosedConnectionsLastCountsAreReadOnce() {
        recorder.attach(connections);
        recorder.counting(true);
        Connection lamp = connect("lamp-2");
        lamp.activity().published(5);
        connections.closed(lamp);

        assertThat(recorder.drain())
                .singleElement()
                .satisfies(c -> assertThat(c.messagesSent()).isEqualTo(1));
        assertThat(recorder.drain()).isEmpty();
    }

    @Test
    void theSwitchSurvivesARestartOfTheBroker() {
        recorder.counting(true);
        recorder.attach(connections);
        assertThat(connections.counting()).isTrue();
        recorder.counting(false);
        assertThat(connections.counting()).isFalse();
        recorder.detach(connections);
        assertThat(recorder.drain()).isEmpty();
    }

    @Test
    void concurrentPublishesAreNeitherLostNorCountedTwice() throws Exception {
        recorder.attach(connections);
        recorder.counting(true);
        Connection lamp = connect("lamp-3");
        int threads = 4;
        int each = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = 0; i < each; i++) {
                    lamp.activity().published(1);
                }
                done.countDown();
            });
        }
        long total = 0;
        while (!done.await(1, TimeUnit.MILLISECONDS)) {
            total += recorder.drain().stream()
                    .mapToLong(ActivityCounts::messagesSent)
                    .sum();
        }
        total += recorder.drain().stream()
                .mapToLong(ActivityCounts::messagesSent)
                .sum();
        pool.shutdown();
        assertThat(total).isEqualTo((long) threads * each);
    }
}
