package io.thingstead.console.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What happens to things, as the operator console follows it: committed shadow changes and connects/disconnects,
 * delivered to listeners of one thing, and each thing's recent connection history (what this server saw since it
 * started: the last {@value #HISTORY_PER_THING} per thing, for up to {@value #MAX_THINGS} things).
 */
public interface ThingActivity {
    int HISTORY_PER_THING = 50;
    int MAX_THINGS = 10_000;

    /** Something that happened to a thing. */
    sealed interface Event permits ShadowUpdated, ConnectionChanged {
        String thingName();
    }

    /** A shadow of the thing changed (committed); {@code shadowName} empty for the classic shadow. */
    record ShadowUpdated(String thingName, String shadowName, long version) implements Event {}

    /** The thing (its MQTT client id) connected or disconnected. */
    record ConnectionChanged(String thingName, Connection connection) implements Event {}

    /** One connect or disconnect. */
    record Connection(Instant at, boolean connected, String ipAddress, String detail) {
        public Connection {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(ipAddress, "ipAddress");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The thing's connects and disconnects seen since the server started, newest first. */
    List<Connection> history(String thingName);

    /**
     * Calls {@code listener} for every event of the thing until the returned handle is closed. Listeners are called
     * on the thread that reports the event (the gateway's, or the one committing a shadow change): they must hand the
     * event on (e.g. to {@code UI.access}) and return.
     */
    AutoCloseable listen(String thingName, Consumer<Event> listener);
}
