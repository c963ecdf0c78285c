package io.thingstead.defender.internal.audit;

import io.thingstead.gateway.api.ClientTakenOver;
import io.thingstead.gateway.api.LifecycleEvent;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * What the audit knows of connections: every MQTT connection's principal, client id and address with its connect and
 * disconnect times ({@code defender_connection}, DEVICE_CERTIFICATE_SHARED_CHECK), and every client-id takeover
 * ({@code defender_takeover}, CONFLICTING_CLIENT_IDS_CHECK). The gateway's events are queued (bounded: a full queue drops
 * and counts rather than slowing the gateway's event threads) and written in batches by {@link #flush()}, which the
 * module's scheduler calls every second.
 */
@ApplicationScoped
public class ConnectionHistory {
    private static final Logger LOG = Logger.getLogger(ConnectionHistory.class);
    static final int QUEUE = 100_000;

    /** One row to write. */
    sealed interface Entry {}

    record Connected(String session, String clientId, String principal, String ip, Instant at) implements Entry {}

    record Disconnected(String session, Instant at) implements Entry {}

    record TakenOver(String clientId, String previous, String principal, String ip, Instant at) implements Entry {}

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();

    void onLifecycle(@Observes LifecycleEvent event) {
        Instant at = Instant.ofEpochMilli(event.timestamp());
        switch (event.type()) {
            case CONNECTED ->
                offer(new Connected(
                        event.sessionIdentifier(),
                        event.clientId(),
                        event.principalIdentifier(),
                        event.ipAddress().orElse(null),
                        at));
            case DISCONNECTED -> offer(new Disconnected(event.sessionIdentifier(), at));
            default -> {}
        }
    }

    void onTakeover(@Observes ClientTakenOver event) {
        offer(new TakenOver(
                event.clientId(),
                event.previousPrincipal(),
                event.principal(),
                event.ipAddress().orElse(null),
                event.at()));
    }

    private void offer(Entry entry) {
        if (!queue.offer(entry) && dropped.incrementAndGet() % 1000 == 1) {
            LOG.warnf("the Device Defender connection history is behind: %d events dropped", dropped.get());
        }
    }

    /** Writes what is queued; returns how many entries were written. */
    public synchronized int flush() {
        List<Entry> batch = new ArrayList<>();
        queue.drainTo(batch, 5_000);
        if (batch.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement connected = connection.prepareStatement(
                        "INSERT INTO defender_connection (session_id, client_id, principal, ip_address, connected_at)"
                                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING");
                PreparedStatement disconnected = connection.prepareStatement(
                        "UPDATE defender_connection SET disconnected_at = ? WHERE session_id = ?");
                PreparedStatement takeover = connection.prepareStatement(
                        "INSERT INTO defender_takeover (client_id, previous_principal, principal, ip_address, taken_at)"
                                + " VALUES (?, ?, ?, ?, ?)")) {
            // connections first: a disconnect in the same batch must find its row
            for (Entry entry : batch) {
                if (entry instanceof Connected c) {
                    connected.setString(1, c.session());
                    connected.setString(2, c.clientId());
                    connected.setString(3, c.principal());
                    connected.setString(4, c.ip());
                    connected.setTimestamp(5, Timestamp.from(c.at()));
                    connected.addBatch();
                } else if (entry instanceof TakenOver t) {
                    takeover.setString(1, t.clientId());
                    takeover.setString(2, t.previous());
                    takeover.setString(3, t.principal());
                    takeover.setString(4, t.ip());
                    takeover.setTimestamp(5, Timestamp.from(t.at()));
                    takeover.addBatch();
                }
            }
            connected.executeBatch();
            takeover.executeBatch();
            for (Entry entry : batch) {
                if (entry instanceof Disconnected d) {
                    disconnected.setTimestamp(1, Timestamp.from(d.at()));
                    disconnected.setString(2, d.session());
                    disconnected.addBatch();
                }
            }
            disconnected.executeBatch();
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(e, "could not record %d connection events for Device Defender", batch.size());
        }
        return batch.size();
    }

    /** Forgets connections and takeovers older than {@code before} (the audit looks back 31 days). */
    public void forgetBefore(Instant before) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement connections = connection.prepareStatement(
                        "DELETE FROM defender_connection WHERE connected_at < ? AND disconnected_at IS NOT NULL");
                PreparedStatement takeovers =
                        connection.prepareStatement("DELETE FROM defender_takeover WHERE taken_at < ?")) {
            connections.setTimestamp(1, Timestamp.from(before));
            connections.executeUpdate();
            takeovers.setTimestamp(1, Timestamp.from(before));
            takeovers.executeUpdate();
        } catch (SQLException e) {
            LOG.errorf(e, "could not forget old connection history");
        }
    }
}
