package io.thingstead.gateway.internal.lifecycle;

import io.thingstead.gateway.api.ClientTakenOver;
import io.thingstead.gateway.api.ConnectionRefused;
import io.thingstead.gateway.api.LifecycleEvent;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.Connections;
import io.thingstead.gateway.internal.GatewayMetrics;
import io.thingstead.gateway.internal.routing.MessageDispatcher;
import io.thingstead.gateway.internal.routing.Publisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * What happens when connections open, close and subscribe: AWS IoT's lifecycle events on {@code $aws/events/...}
 * (published to MQTT subscribers at once) and, off the broker's threads and in order per client id, the same events
 * as CDI events, the registry's connectivity and the takeover record. Also the single place that maps how a
 * connection ended to AWS's {@code disconnectReason}.
 */
public final class Lifecycle {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    /** How HiveMQ reported the end of a connection. */
    public enum Ending {
        CLIENT_DISCONNECT,
        CONNECTION_LOST,
        SERVER_DISCONNECT,
        AUTHENTICATION_FAILED
    }

    /** Where lifecycle changes go besides MQTT; implemented by the CDI side. */
    public interface Sink {
        void lifecycle(LifecycleEvent event);

        void takenOver(ClientTakenOver event);

        void refused(ConnectionRefused event);

        /** The registry's connectivity for the thing named {@code clientId}, if there is one. */
        void connectivity(String clientId, boolean connected, long timestamp, Optional<String> disconnectReason);
    }

    /** Publishes a platform message on MQTT; implemented with HiveMQ's publish service. */
    public interface Publisher {
        void publish(String topic, byte[] payload);
    }

    private final Connections connections;
    private final GatewayMetrics metrics;
    private final Publisher publisher;
    private final MessageDispatcher<Runnable> events;
    private final Sink sink;
    private final Clock clock;
    /** Connections closed by a takeover whose successor was not accepted yet. */
    private final Map<String, Connection> takenOver = new ConcurrentHashMap<>();

    public Lifecycle(
            Connections connections,
            GatewayMetrics metrics,
            Publisher publisher,
            MessageDispatcher<Runnable> events,
            Sink sink,
            Clock clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.events = Objects.requireNonNull(events, "events");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A dispatcher whose messages are the work itself. */
    public static Consumer<Runnable> runner() {
        return Runnable::run;
    }

    /** The broker accepted a connection (CONNACK sent). */
    public void connected(Connection connection) {
        Optional<Connection> replaced = connections.accepted(connection);
        metrics.connected();
        long now = clock.millis();
        LifecycleEvent event = new LifecycleEvent(
                LifecycleEvent.Type.CONNECTED,
                connection.clientId(),
                now,
                connection.sessionId(),
                connection.principalId(),
                connection.ipAddress(),
                connection.versionNumber(),
                Optional.empty(),
                Optional.empty(),
                List.of());
        publish(event);
        Connection previous = replaced.orElseGet(() -> takenOver.remove(connection.clientId()));
        if (previous != null) {
            reportTakeover(previous, connection);
        }
        later(connection.clientId(), () -> {
            sink.lifecycle(event);
            sink.connectivity(connection.clientId(), true, now, Optional.empty());
        });
    }

    /** A connection ended; {@code reasonCode} is HiveMQ's disconnect reason code name, when there was one. */
    public void disconnected(Connection connection, Ending ending, Optional<String> reasonCode) {
        connections.closed(connection);
        if (ending == Ending.AUTHENTICATION_FAILED) {
            return;
        }
        boolean takeover = reasonCode.filter("SESSION_TAKEN_OVER"::equals).isPresent();
        String reason = takeover ? "DUPLICATE_CLIENTID" : awsReason(connection, ending, reasonCode);
        metrics.disconnected(reason);
        long now = clock.millis();
        LifecycleEvent event = new LifecycleEvent(
                LifecycleEvent.Type.DISCONNECTED,
                connection.clientId(),
                now,
                connection.sessionId(),
                connection.principalId(),
                connection.ipAddress(),
                connection.versionNumber(),
                Optional.of(ending == Ending.CLIENT_DISCONNECT),
                Optional.of(reason),
                List.of());
        publish(event);
        if (takeover) {
            Optional<Connection> successor = connections.byClient(connection.clientId());
            if (successor.isPresent() && successor.get() != connection) {
                reportTakeover(connection, successor.get());
            } else {
                takenOver.put(connection.clientId(), connection);
            }
        }
        later(connection.clientId(), () -> {
            sink.lifecycle(event);
            if (!takeover) {
                sink.connectivity(connection.clientId(), false, now, Optional.of(reason));
            }
        });
    }

    /** Topic filters were granted ({@code subscribed}) or removed ({@code unsubscribed}). */
    public void subscriptions(Connection connection, LifecycleEvent.Type type, List<String> filters) {
        if (filters.isEmpty()) {
            return;
        }
        LifecycleEvent event = new LifecycleEvent(
                type,
                connection.clientId(),
                clock.millis(),
                connection.sessionId(),
                connection.principalId(),
                Optional.empty(),
                connection.versionNumber(),
                Optional.empty(),
                Optional.empty(),
                filters);
        publish(event);
        later(connection.clientId(), () -> sink.lifecycle(event));
    }

    /** A CONNECT was refused: logged with its reason, counted, and fired as {@code ConnectionRefused}. */
    public void refused(
            String clientId, String reason, String detail, Optional<String> certificateId, Optional<String> ip) {
        metrics.authFailure(reason);
        LOG.infof(
                "refused MQTT connection of client %s from %s (certificate %s): %s - %s",
                clientId, ip.orElse("?"), certificateId.orElse("none"), reason, detail);
        ConnectionRefused event = new ConnectionRefused(clientId, reason, detail, certificateId, ip, clock.instant());
        later(clientId, () -> sink.refused(event));
    }

    private void reportTakeover(Connection previous, Connection successor) {
        if (!previous.firstTakeoverReport()) {
            return;
        }
        LOG.infof(
                "client id %s taken over: session %s (%s) closed by session %s (%s) from %s",
                successor.clientId(),
                previous.sessionId(),
                previous.principalId(),
                successor.sessionId(),
                successor.principalId(),
                successor.ipAddress().orElse("?"));
        ClientTakenOver event = new ClientTakenOver(
                successor.clientId(),
                previous.sessionId(),
                previous.principalId(),
                successor.sessionId(),
                successor.principalId(),
                successor.ipAddress(),
                clock.instant());
        later(successor.clientId(), () -> sink.takenOver(event));
    }

    private void publish(LifecycleEvent event) {
        try {
            publisher.publish(event.topic(), event.toJson().toString().getBytes(StandardCharsets.UTF_8));
            metrics.platformPublished();
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not publish the lifecycle event on %s", event.topic());
        }
    }

    private void later(String clientId, Runnable work) {
        events.dispatch(clientId, work);
    }

    /** AWS's disconnectReason for how a connection ended. */
    public static String awsReason(Connection connection, Ending ending, Optional<String> reasonCode) {
        Optional<String> ours = connection.closingReason();
        if (ours.isPresent()) {
            return ours.get();
        }
        return switch (ending) {
            case CLIENT_DISCONNECT -> "CLIENT_INITIATED_DISCONNECT";
            case CONNECTION_LOST -> reasonCode.map(Lifecycle::serverReason).orElse("CONNECTION_LOST");
            case SERVER_DISCONNECT -> reasonCode.map(Lifecycle::serverReason).orElse("SERVER_INITIATED_DISCONNECT");
            case AUTHENTICATION_FAILED -> "AUTH_ERROR";
        };
    }

    private static String serverReason(String code) {
        return switch (code) {
            case "SESSION_TAKEN_OVER" -> "DUPLICATE_CLIENTID";
            case "KEEP_ALIVE_TIMEOUT" -> "MQTT_KEEP_ALIVE_TIMEOUT";
            case "NOT_AUTHORIZED", "BAD_AUTHENTICATION_METHOD" -> "AUTH_ERROR";
            case "MALFORMED_PACKET",
                    "PROTOCOL_ERROR",
                    "PACKET_TOO_LARGE",
                    "TOPIC_NAME_INVALID",
                    "TOPIC_FILTER_INVALID",
                    "TOPIC_ALIAS_INVALID",
                    "RECEIVE_MAXIMUM_EXCEEDED",
                    "QOS_NOT_SUPPORTED",
                    "RETAIN_NOT_SUPPORTED",
                    "PAYLOAD_FORMAT_INVALID" -> "CLIENT_ERROR";
            case "MESSAGE_RATE_TOO_HIGH", "QUOTA_EXCEEDED" -> "THROTTLED";
            case "UNSPECIFIED_ERROR", "IMPLEMENTATION_SPECIFIC_ERROR", "SERVER_BUSY" -> "SERVER_ERROR";
            default -> "SERVER_INITIATED_DISCONNECT";
        };
    }
}
