package io.thingstead.gateway.internal.activity;

import io.thingstead.gateway.api.ActivityCounts;
import io.thingstead.gateway.api.DeviceActivity;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.Connections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link DeviceActivity} over the live connections of the running broker ({@link Connections}): the switch is kept here
 * so that it survives a restart of the broker, which makes a new {@link Connections} and asks {@link #attach}.
 */
@ApplicationScoped
public class ActivityRecorder implements DeviceActivity {
    private volatile boolean on;
    private final AtomicReference<Connections> connections = new AtomicReference<>();

    /** The broker started with these connections; they count from now on if counting is on. */
    public void attach(Connections live) {
        live.counting(on);
        connections.set(live);
    }

    /** The broker stopped. */
    public void detach(Connections stopped) {
        connections.compareAndSet(stopped, null);
    }

    @Override
    public void counting(boolean counting) {
        on = counting;
        Connections live = connections.get();
        if (live != null) {
            live.counting(counting);
        }
    }

    @Override
    public boolean counting() {
        return on;
    }

    @Override
    public List<ActivityCounts> drain() {
        Connections live = connections.get();
        if (live == null) {
            return List.of();
        }
        List<ActivityCounts> counts = new ArrayList<>();
        for (Connection connection : live.all()) {
            take(connection, counts);
        }
        for (Connection closed : live.drainRetired()) {
            take(closed, counts);
        }
        return counts;
    }

    private static void take(Connection connection, List<ActivityCounts> into) {
        connection
                .activity()
                .take(connection.clientId(), connection.thingName(), connection.principalId(), connection.ipAddress())
                .ifPresent(into::add);
    }
}
