package io.thingstead.console.internal;

import io.thingstead.console.api.ThingActivity;
import io.thingstead.gateway.api.LifecycleEvent;
import io.thingstead.shadow.api.ShadowChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/** {@link ThingActivity} from the gateway's lifecycle events and the shadow's committed changes. */
@ApplicationScoped
public class ActivityRecorder implements ThingActivity {
    private static final Logger LOG = Logger.getLogger(ActivityRecorder.class);

    private final Map<String, Set<Consumer<Event>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, Deque<Connection>> history =
            Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Deque<Connection>> eldest) {
                    return size() > MAX_THINGS;
                }
            });

    void onShadow(@Observes(during = TransactionPhase.AFTER_SUCCESS) ShadowChanged change) {
        if (listeners.containsKey(change.id().thingName())) {
            dispatch(new ShadowUpdated(
                    change.id().thingName(), change.id().shadowName().orElse(""), change.version()));
        }
    }

    void onLifecycle(@Observes LifecycleEvent event) {
        if (event.type() != LifecycleEvent.Type.CONNECTED && event.type() != LifecycleEvent.Type.DISCONNECTED) {
            return;
        }
        boolean connected = event.type() == LifecycleEvent.Type.CONNECTED;
        Connection entry = new Connection(
                Instant.ofEpochMilli(event.timestamp()),
                connected,
                event.ipAddress().orElse(""),
                connected ? "" : event.disconnectReason().orElse(""));
        record(event.clientId(), entry);
        dispatch(new ConnectionChanged(event.clientId(), entry));
    }

    void record(String thingName, Connection entry) {
        synchronized (history) {
            Deque<Connection> list = history.computeIfAbsent(thingName, key -> new ArrayDeque<>());
            list.addFirst(entry);
            while (list.size() > HISTORY_PER_THING) {
                list.removeLast();
            }
        }
    }

    @Override
    public List<Connection> history(String thingName) {
        synchronized (history) {
            Deque<Connection> list = history.get(thingName);
            return list == null ? List.of() : new ArrayList<>(list);
        }
    }

    @Override
    public AutoCloseable listen(String thingName, Consumer<Event> listener) {
        listeners
                .computeIfAbsent(thingName, key -> ConcurrentHashMap.newKeySet())
                .add(listener);
        return () -> listeners.computeIfPresent(thingName, (key, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    void dispatch(Event event) {
        Set<Consumer<Event>> set = listeners.get(event.thingName());
        if (set == null) {
            return;
        }
        for (Consumer<Event> listener : set) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.debugf(e, "a listener of %s failed", event.thingName());
            }
        }
    }
}
