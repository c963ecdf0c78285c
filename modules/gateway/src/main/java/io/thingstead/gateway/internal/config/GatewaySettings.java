package io.thingstead.gateway.internal.config;

import io.thingstead.gateway.internal.routing.InboundOverload;
import io.thingstead.gateway.internal.routing.ReadGovernor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The gateway's settings, read from MicroProfile Config ({@code thingstead.gateway.*} system properties, or the
 * environment variables {@code THINGSTEAD_GATEWAY_*}); docs/configuration.md lists them. Ports are the base ports;
 * WildFly's {@code jboss.socket.binding.port-offset} is added to them, as to every other port of the server. Every
 * value is checked before the broker is configured (HiveMQ calls {@code System.exit} on some configuration errors):
 * an invalid one fails with a message naming the setting.
 *
 * @param payloadLimit bytes of payload per PUBLISH (AWS: 128 KB)
 * @param publishRate PUBLISH packets per second per connection (AWS: 100)
 * @param publishBytesRate payload bytes per second per connection (AWS: 512 KB)
 * @param throttleMaxWait how long a QoS 1 PUBLISH over the rate is held back (its PUBACK delayed, which slows the
 *     client down) before it is refused instead
 * @param inflightMaximum unacknowledged QoS 1 messages per client, in each direction (AWS: 100)
 * @param websocketEnabled whether MQTT over WebSocket (TLS, no client certificate, a bearer token as the CONNECT
 *     password) is served
 * @param websocketPort its port (HiveMQ's own listener: WildFly's HTTPS port belongs to Undertow)
 * @param websocketPath the HTTP path of the WebSocket upgrade, {@code /mqtt} as AWS
 * @param queuedMessagesMaximum QoS 1 messages queued per client (offline persistent session, or a slow reader)
 * @param overloadQos0MaxWait how long a QoS 0 PUBLISH may wait in the broker for the gateway's checks before it is
 *     dropped unchecked ({@link InboundOverload}: the bound on the broker's inbound queue when devices together send
 *     more than the node can take)
 * @param tlsNativeCrypto whether the gateway installs the native crypto provider for its TLS handshakes ({@link
 *     NativeCrypto}; JVM-wide)
 * @param overloadQueueHigh messages queued in the broker (HiveMQ's extension executor and event loops) above which
 *     reading from devices is paused ({@link ReadGovernor}); it resumes under a tenth of this
 * @param filePersistence {@code thingstead.gateway.persistence=file} (the default): HiveMQ keeps persistent sessions,
 *     their subscriptions and queued messages, and retained messages in files under {@code dataFolder} (Xodus and
 *     RocksDB), so they survive a restart and a kill -9 (ADR 0012); {@code in-memory}: they are lost with the process
 * @param dataFolder {@code thingstead.gateway.data-dir}: where those files live; empty means
 *     {@code ${jboss.server.data.dir}/thingstead/gateway/data}
 */
public record GatewaySettings(
        boolean enabled,
        String bindAddress,
        int port,
        boolean plainEnabled,
        int plainPort,
        boolean websocketEnabled,
        int websocketPort,
        String websocketPath,
        List<String> tlsProtocols,
        List<String> cipherSuites,
        boolean tlsNativeCrypto,
        int payloadLimit,
        int clientIdLimit,
        int subscriptionsPerConnection,
        int publishRate,
        int publishBytesRate,
        Duration throttleMaxWait,
        int keepAliveMinimum,
        int keepAliveMaximum,
        int inflightMaximum,
        int queuedMessagesMaximum,
        Duration sessionExpiry,
        long maxConnections,
        Duration revocationCheckInterval,
        Duration trustRefreshInterval,
        int dispatchLanes,
        int dispatchQueue,
        Duration overloadQos0MaxWait,
        int overloadQueueHigh,
        boolean filePersistence,
        Optional<String> dataFolder) {

    public static final String PREFIX = "thingstead.gateway.";
    public static final List<String> MODERN_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    /**
     * Reads and checks every setting.
     *
     * @param config a MicroProfile Config lookup: the value of a property name, or empty
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public static GatewaySettings from(Function<String, Optional<String>> config) {
        Reader r = new Reader(config);
        int offset = r.integer("jboss.socket.binding.port-offset", 0, 0, 65535);
        boolean enabled = r.bool("enabled", true);
        String bind = r.raw(PREFIX + "bind-address")
                .or(() -> r.raw("thingstead.bind.address"))
                .orElse("0.0.0.0")
                .strip();
        checkAddress(bind);
        int port = r.integer("port", 8883, 1, 65535) + offset;
        boolean plain = r.bool("plain.enabled", false);
        int plainPort = r.integer("plain.port", 1883, 1, 65535) + offset;
        if (port > 65535 || plainPort > 65535) {
            throw new IllegalArgumentException(
                    "thingstead.gateway.port (or plain.port) plus the port offset " + offset + " is above 65535");
        }
        boolean websocket = r.bool("websocket.enabled", true);
        int websocketPort = r.integer("websocket.port", 8884, 1, 65535) + offset;
        if (websocketPort > 65535) {
            throw new IllegalArgumentException(
                    "thingstead.gateway.websocket.port plus the port offset " + offset + " is above 65535");
        }
        if (websocket && (websocketPort == port || (plain && websocketPort == plainPort))) {
            throw new IllegalArgumentException(
                    "thingstead.gateway.websocket.port must differ from the other gateway ports");
        }
        String websocketPath = r.raw(PREFIX + "websocket.path").orElse("/mqtt");
        if (!websocketPath.matches("/[A-Za-z0-9._~/-]*")) {
            throw new IllegalArgumentException(
                    "thingstead.gateway.websocket.path must be an absolute URL path such as /mqtt, not "
                            + websocketPath);
        }
        if (plain && plainPort == port) {
            throw new IllegalArgumentException(
                    "thingstead.gateway.plain.port must differ from thingstead.gateway.port");
        }
        List<String> protocols = r.list("tls.protocols", List.of("TLSv1.3", "TLSv1.2"));
        for (String protocol : protocols) {
            if (!PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException(
                        "thingstead.gateway.tls.protocols may name TLSv1.3 and TLSv1.2 only, not " + protocol);
            }
        }
        List<String> ciphers = r.list("tls.cipher-suites", MODERN_CIPHER_SUITES);
        for (String cipher : ciphers) {
            if (!cipher.matches("TLS_[A-Z0-9_]+")) {
                throw new IllegalArgumentException(
                        "thingstead.gateway.tls.cipher-suites: not an IANA cipher suite name: " + cipher);
            }
        }
        int keepAliveMin = r.integer("keep-alive.min", 30, 0, 65535);
        int keepAliveMax = r.integer("keep-alive.max", 1200, 1, 65535);
        if (keepAliveMin > keepAliveMax) {
            throw new IllegalArgumentException(
                    "thingstead.gateway.keep-alive.min must not be above thingstead.gateway.keep-alive.max");
        }
        int payloadLimit = r.integer("max-payload-bytes", 128 * 1024, 1, 256 * 1024 * 1024 - 1024);
        int bytesRate = r.integer("publish-bytes-rate", 512 * 1024, 1024, Integer.MAX_VALUE);
        if (bytesRate < payloadLimit) {
            throw new IllegalArgumentException("thingstead.gateway.publish-bytes-rate must be at least"
                    + " thingstead.gateway.max-payload-bytes, or a largest message could never be sent");
        }
        return new GatewaySettings(
                enabled,
                bind,
                port,
                plain,
                plainPort,
                websocket,
                websocketPort,
                websocketPath,
                List.copyOf(protocols),
                List.copyOf(ciphers),
                r.bool("tls.native-crypto", true),
                payloadLimit,
                r.integer("max-client-id-bytes", 128, 1, 65535),
                r.integer("max-subscriptions-per-connection", 50, 1, 100_000),
                r.integer("publish-rate", 100, 1, 10_000_000),
                bytesRate,
                r.duration("throttle-max-wait", Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(60)),
                keepAliveMin,
                keepAliveMax,
                r.integer("inflight-max", 100, 1, 65535),
                r.integer("queued-messages-max", 1000, 1, 10_000_000),
                r.duration("session-expiry", Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofDays(7)),
                r.longValue("max-connections", -1, -1, Long.MAX_VALUE),
                r.duration(
                        "revocation-check-interval",
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(50)),
                r.duration("trust-refresh-interval", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1)),
                r.integer("dispatch.lanes", 4, 1, 64),
                r.integer("dispatch.queue", 10_000, 10, 10_000_000),
                r.duration(
                        "overload.qos0-max-wait", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofSeconds(60)),
                r.integer("overload.queue-high", 20_000, 100, 10_000_000),
                persistence(r),
                r.raw(PREFIX + "data-dir"));
    }

    private static boolean persistence(Reader r) {
        String mode = r.raw(PREFIX + "persistence").orElse("file").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "file" -> true;
            case "in-memory" -> false;
            default ->
                throw new IllegalArgumentException(
                        "thingstead.gateway.persistence must be file or in-memory, not " + mode);
        };
    }

    private static void checkAddress(String bind) {
        if (bind.isEmpty() || !bind.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException(
                    "thingstead.gateway.bind-address must be an IP address (0.0.0.0 for every interface), not '" + bind
                            + "'");
        }
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("thingstead.gateway.bind-address is not an IP address: " + bind, e);
        }
    }

    /** Reads typed values with the setting's name in every error. */
    private record Reader(Function<String, Optional<String>> config) {
        Optional<String> raw(String name) {
            return config.apply(name).map(String::strip).filter(v -> !v.isEmpty());
        }

        boolean bool(String key, boolean fallback) {
            Optional<String> value = raw(PREFIX + key);
            if (value.isEmpty()) {
                return fallback;
            }
            return switch (value.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default ->
                    throw new IllegalArgumentException(PREFIX + key + " must be true or false, not " + value.get());
            };
        }

        int integer(String key, int fallback, int min, int max) {
            return (int) longValue(key, fallback, min, max);
        }

        /** {@code key} is below {@code thingstead.gateway.}, except WildFly's own {@code jboss.*} properties. */
        long longValue(String key, long fallback, long min, long max) {
            String name = key.startsWith("jboss.") ? key : PREFIX + key;
            Optional<String> value = raw(name);
            if (value.isEmpty()) {
                return fallback;
            }
            long parsed;
            try {
                parsed = Long.parseLong(value.get());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, not " + value.get(), e);
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(
                        name + " must be between " + min + " and " + max + ", not " + value.get());
            }
            return parsed;
        }

        Duration duration(String key, Duration fallback, Duration min, Duration max) {
            Optional<String> value = raw(PREFIX + key);
            if (value.isEmpty()) {
                return fallback;
            }
            Duration parsed;
            try {
                parsed = Duration.parse(value.get());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        PREFIX + key + " must be an ISO-8601 duration such as PT30S, not " + value.get(), e);
            }
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                throw new IllegalArgumentException(
                        PREFIX + key + " must be between " + min + " and " + max + ", not " + value.get());
            }
            return parsed;
        }

        List<String> list(String key, List<String> fallback) {
            Optional<String> value = raw(PREFIX + key);
            if (value.isEmpty()) {
                return fallback;
            }
            List<String> items = Arrays.stream(value.get().split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            if (items.isEmpty()) {
                throw new IllegalArgumentException(PREFIX + key + " must name at least one value");
            }
            return items;
        }
    }
}
