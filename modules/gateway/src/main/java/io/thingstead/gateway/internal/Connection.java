package io.thingstead.gateway.internal;

import io.thingstead.gateway.internal.activity.ActivityCounters;
import io.thingstead.gateway.internal.authorization.Permissions;
import io.thingstead.gateway.internal.authorization.RateLimiter;
import io.thingstead.policy.api.ConnectedThing;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One authenticated MQTT connection and everything the gateway keeps about it in memory: who it is, its bound
 * permissions, its publish budget and its subscriptions. Created by the authenticator, found by the interceptors
 * that were made for it, replaced (never changed) when another connection takes its client id over.
 */
public final class Connection {
    /** How the connection authenticated. */
    public enum Kind {
        /** A device certificate, MQTT over TLS. */
        CERTIFICATE,
        /** An operator access key on the plain development listener. */
        ACCESS_KEY,
        /** A bearer token, MQTT over WebSocket ({@link io.thingstead.gateway.api.TokenAuthenticator}). */
        TOKEN
    }

    /** The connection attribute under which HiveMQ keeps our session identifier. */
    public static final String SESSION_ATTRIBUTE = "thingstead.session";

    private final String sessionId;
    private final String clientId;
    private final Kind kind;
    private final String principalId;
    private final Optional<String> principalArn;
    private final Optional<String> caCertificateId;
    private final X509Certificate[] chain;
    private final Optional<String> ipAddress;
    private final boolean mqtt5;
    private final long versionNumber;
    private final Instant connectedAt;
    private final RateLimiter rateLimiter;
    private volatile Optional<ConnectedThing> thing;
    private volatile Permissions permissions;
    private volatile String disconnectReason;
    private volatile Expiry expiry;
    private final AtomicBoolean takeoverReported = new AtomicBoolean();
    private final Set<String> subscriptions = new LinkedHashSet<>();
    private final Map<Integer, List<String>> pendingSubscribes = new HashMap<>();
    private volatile DeliveryGuard deliveryGuard;
    private final ActivityCounters activity = new ActivityCounters();

    public Connection(
            String sessionId,
            String clientId,
            Kind kind,
            String principalId,
            Optional<String> principalArn,
            Optional<String> caCertificateId,
            X509Certificate[] chain,
            Optional<String> ipAddress,
            boolean mqtt5,
            long versionNumber,
            Instant connectedAt,
            RateLimiter rateLimiter,
            Optional<ConnectedThing> thing,
            Permissions permissions) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.principalId = Objects.requireNonNull(principalId, "principalId");
        this.principalArn = Objects.requireNonNull(principalArn, "principalArn");
        this.caCertificateId = Objects.requireNonNull(caCertificateId, "caCertificateId");
        this.chain = chain;
        this.ipAddress = Objects.requireNonNull(ipAddress, "ipAddress");
        this.mqtt5 = mqtt5;
        this.versionNumber = versionNumber;
        this.connectedAt = Objects.requireNonNull(connectedAt, "connectedAt");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.thing = Objects.requireNonNull(thing, "thing");
        this.permissions = Objects.requireNonNull(permissions, "permissions");
    }

    public String sessionId() {
        return sessionId;
    }

    public String clientId() {
        return clientId;
    }

    public Kind kind() {
        return kind;
    }

    /** The certificate id, or the access key id. */
    public String principalId() {
        return principalId;
    }

    /** The certificate ARN policies are attached to; empty for access keys. */
    public Optional<String> principalArn() {
        return principalArn;
    }

    public Optional<String> caCertificateId() {
        return caCertificateId;
    }

    /** The chain the client presented (the same objects HiveMQ keeps for the connection), leaf first. */
    public X509Certificate[] chain() {
        return chain;
    }

    public Optional<String> ipAddress() {
        return ipAddress;
    }

    public boolean mqtt5() {
        return mqtt5;
    }

    public long versionNumber() {
        return versionNumber;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public Optional<ConnectedThing> thing() {
        return thing;
    }

    public Optional<String> thingName() {
        Optional<ConnectedThing> current = thing;
        return current.map(ConnectedThing::thingName);
    }

    public Permissions permissions() {
        return permissions;
    }

    /** Replaces the bound policies (and the thing they were bound for) after a policy or attachment change. */
    public void rebind(Optional<ConnectedThing> newThing, Permissions newPermissions) {
        this.thing = Objects.requireNonNull(newThing, "newThing");
        this.permissions = Objects.requireNonNull(newPermissions, "newPermissions");
        DeliveryGuard guard = deliveryGuard;
        if (guard != null) {
            guard.requireUnlessCovered(subscriptions());
        }
    }

    /** The {@code iot:Receive} guard of this connection (set when the broker initializes the connection). */
    public void deliveryGuard(DeliveryGuard guard) {
        this.deliveryGuard = guard;
    }

    public Optional<DeliveryGuard> deliveryGuard() {
        return Optional.ofNullable(deliveryGuard);
    }

    /** What this connection did, for Device Defender ({@link io.thingstead.gateway.api.DeviceActivity}). */
    public ActivityCounters activity() {
        return activity;
    }

    /**
     * When the connection's credentials stop being valid and the gateway closes it, with AWS's {@code
     * disconnectReason} for that moment. Set once by admission, before the connection is registered; token
     * connections only.
     */
    public void expiresAt(Instant at, String awsReason) {
        this.expiry = new Expiry(Objects.requireNonNull(at, "at"), Objects.requireNonNull(awsReason, "awsReason"));
    }

    public Optional<Expiry> expiry() {
        return Optional.ofNullable(expiry);
    }

    /** When a connection must be closed, and the lifecycle event's reason for it. */
    public record Expiry(Instant at, String awsReason) {}

    /** Why the gateway itself closed the connection (AWS's disconnectReason), set before it closes it. */
    public void closingBecause(String awsReason) {
        this.disconnectReason = awsReason;
    }

    public Optional<String> closingReason() {
        return Optional.ofNullable(disconnectReason);
    }

    /** True the first time only: a takeover of this connection is reported once. */
    public boolean firstTakeoverReport() {
        return takeoverReported.compareAndSet(false, true);
    }

    // --- subscriptions -------------------------------------------------------------------------------------------

    /**
     * Adds a subscription unless that would exceed {@code limit} distinct filters; re-subscribing to a filter the
     * connection has is always allowed.
     */
    public synchronized boolean addSubscription(String filter, int limit) {
        if (subscriptions.contains(filter)) {
            return true;
        }
        if (subscriptions.size() >= limit) {
            return false;
        }
        subscriptions.add(filter);
        return true;
    }

    public synchronized void addSubscriptions(Iterable<String> filters) {
        filters.forEach(subscriptions::add);
    }

    public synchronized void removeSubscription(String filter) {
        subscriptions.remove(filter);
    }

    public synchronized List<String> subscriptions() {
        return List.copyOf(subscriptions);
    }

    public synchronized int subscriptionCount() {
        return subscriptions.size();
    }

    /** Remembers the filters of a SUBSCRIBE until its SUBACK says which were granted. */
    public synchronized void subscribing(int packetId, List<String> filters) {
        if (pendingSubscribes.size() > 1000) {
            pendingSubscribes.clear();
        }
        pendingSubscribes.put(packetId, List.copyOf(filters));
    }

    public synchronized List<String> subscribed(int packetId) {
        List<String> filters = pendingSubscribes.remove(packetId);
        return filters == null ? List.of() : filters;
    }

    @Override
    public String toString() {
        return "Connection[" + clientId + ", session " + sessionId + ", " + kind + " " + principalId + "]";
    }
}
