package io.thingstead.gateway.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The live connections of this node, by session and by client id. A connection is known by its session from
 * authentication on, and becomes the client id's connection once HiveMQ has accepted it; a takeover replaces the older
 * one, whose late disconnect then cannot remove the newer.
 */
public final class Connections {
    private final ConcurrentMap<String, Connection> bySession = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Connection> byClient = new ConcurrentHashMap<>();
    private final AtomicLong versions;
    /** Closed connections whose last activity counts were not read yet (only while counting is on). */
    private final ConcurrentLinkedQueue<Connection> retired = new ConcurrentLinkedQueue<>();

    private volatile boolean counting;

    /**
     * @param firstVersion where connection numbers start: the start time in milliseconds times 1000, so that numbers
     *     keep growing across restarts of the node
     */
    public Connections(long firstVersion) {
        this.versions = new AtomicLong(firstVersion);
    }

    public long nextVersion() {
        return versions.incrementAndGet();
    }

    /** An authenticated connection, not yet accepted by the broker. */
    public void authenticated(Connection connection) {
        bySession.put(connection.sessionId(), connection);
    }

    public Optional<Connection> bySession(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    /**
     * The broker accepted the connection: it is now the client id's connection.
     *
     * @return the connection it replaced (a takeover), if any
     */
    public Optional<Connection> accepted(Connection connection) {
        Connection previous = byClient.put(connection.clientId(), connection);
        return previous == null || previous == connection ? Optional.empty() : Optional.of(previous);
    }

    /** The connection closed: forget it, unless a newer connection has its client id already. */
    public void closed(Connection connection) {
        bySession.remove(connection.sessionId(), connection);
        byClient.remove(connection.clientId(), connection);
        if (counting && !connection.activity().isEmpty()) {
            retired.add(connection);
        }
    }

    /**
     * Whether PUBLISHes and refusals are counted per connection ({@link io.thingstead.gateway.api.DeviceActivity}):
     * one volatile read on the publish path when off.
     */
    public boolean counting() {
        return counting;
    }

    public void counting(boolean on) {
        this.counting = on;
        if (!on) {
            retired.clear();
        }
    }

    /** The closed connections whose counts were not read yet, each once. */
    public List<Connection> drainRetired() {
        List<Connection> drained = new ArrayList<>();
        for (Connection connection; (connection = retired.poll()) != null; ) {
            drained.add(connection);
        }
        return drained;
    }

    public Optional<Connection> byClient(String clientId) {
        return Optional.ofNullable(byClient.get(clientId));
    }

    public boolean isCurrent(Connection connection) {
        return byClient.get(connection.clientId()) == connection;
    }

    public int count() {
        return byClient.size();
    }

    public List<Connection> matching(Predicate<Connection> filter) {
        List<Connection> found = new ArrayList<>();
        for (Connection connection : byClient.values()) {
            if (filter.test(connection)) {
                found.add(connection);
            }
        }
        return found;
    }

    public List<Connection> all() {
        return new ArrayList<>(byClient.values());
    }

    public void clear() {
        bySession.clear();
        byClient.clear();
    }
}
