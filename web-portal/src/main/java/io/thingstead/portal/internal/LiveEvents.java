package io.thingstead.portal.internal;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import io.thingstead.gateway.api.LifecycleEvent;
import io.thingstead.shadow.api.ShadowChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The platform's events for operators' live pages (server push): committed shadow changes and connection lifecycle
 * events of a thing, handed to the pages showing it inside {@code UI.access}. Also keeps each thing's recent
 * connection history (the last {@value #HISTORY_PER_THING} connects and disconnects of up to {@value #MAX_THINGS}
 * things since the server started; the registry keeps only the current state).
 */
@ApplicationScoped
public class LiveEvents {
    static final int HISTORY_PER_THING = 50;
    static final int MAX_THINGS = 10_000;

    /** One connect or disconnect. */
    public record Connection(Instant at, boolean connected, String ipAddress, String detail) {}

    private final Map<String, Set<Consumer<Object>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, Deque<Connection>> history =
            java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Deque<Connection>> eldest) {
                    return size() > MAX_THINGS;
                }
            });

    void onShadow(@Observes(during = TransactionPhase.AFTER_SUCCESS) ShadowChanged change) {
        dispatch(change.id().thingName(), change);
    }

    void onLifecycle(@Observes LifecycleEvent event) {
        if (event.type() == LifecycleEvent.Type.CONNECTED || event.type() == LifecycleEvent.Type.DISCONNECTED) {
            boolean connected = event.type() == LifecycleEvent.Type.CONNECTED;
            Connection entry = new Connection(
                    Instant.ofEpochMilli(event.timestamp()),
                    connected,
                    event.ipAddress().orElse(""),
                    connected
                            ? "session " + event.sessionIdentifier()
                            : event.disconnectReason().orElse(""));
            synchronized (history) {
                Deque<Connection> list = history.computeIfAbsent(event.clientId(), key -> new ArrayDeque<>());
                list.addFirst(entry);
                while (list.size() > HISTORY_PER_THING) {
                    list.removeLast();
                }
            }
            dispatch(event.clientId(), event);
        }
    }

    /** The thing's connects and disconnects seen since the server started, newest first. */
    public List<Connection> history(String thingName) {
        synchronized (history) {
            Deque<Connection> list = history.get(thingName);
            return list == null ? List.of() : new ArrayList<>(list);
        }
    }

    /**
     * Calls {@code listener} (in the component's UI, with its session locked) for every event of the thing while the
     * component is attached.
     */
    public Registration listen(Component component, String thingName, Consumer<Object> listener) {
        UI ui = component.getUI().orElseThrow(() -> new IllegalStateException("the component is not attached"));
        Consumer<Object> pushed = event -> ui.access(() -> listener.accept(event));
        listeners
                .computeIfAbsent(thingName, key -> ConcurrentHashMap.newKeySet())
                .add(pushed);
        return () -> listeners.computeIfPresent(thingName, (key, set) -> {
            set.remove(pushed);
            return set.isEmpty() ? null : set;
        });
    }

    private void dispatch(String thingName, Object event) {
        Set<Consumer<Object>> set = listeners.get(thingName);
        if (set != null) {
            set.forEach(listener -> {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    // a closed UI; its registration goes when it detaches
                }
            });
        }
    }
}
