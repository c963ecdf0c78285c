package io.thingstead.gateway.internal.admission;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.gateway.api.TokenAuthenticator;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.Connections;
import io.thingstead.gateway.internal.authorization.Permissions;
import io.thingstead.gateway.internal.authorization.RateLimiter;
import io.thingstead.gateway.internal.config.GatewaySettings;
import io.thingstead.identity.api.AccessKeys;
import io.thingstead.identity.api.ActiveAccessKey;
import io.thingstead.pki.api.AuthenticationResult;
import io.thingstead.pki.api.DeviceAuthenticator;
import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.BoundPolicies;
import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.ConnectedThing;
import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.IotAction;
import io.thingstead.policy.api.PolicyEvaluator;
import io.thingstead.policy.api.PrincipalPolicies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether a CONNECT may proceed and, when it may, builds its {@link Connection}: the PKI authenticates the
 * client certificate (known, ACTIVE, under an ACTIVE CA, not revoked, not expired), the principal's policies are bound
 * to the connection's variables (client id, the thing, the certificate's fields, source address, domain name) and
 * must allow {@code iot:Connect} on {@code client/<clientId>}. On the plain development listener, an operator access
 * key (user name = key id, password = secret) authenticates instead, with the operators' full permissions.
 *
 * <p>Runs on the gateway's worker threads, never the broker's: a first connection may need the database.
 */
@ApplicationScoped
public class Admission {
    @Inject
    DeviceAuthenticator authenticator;

    @Inject
    PrincipalPolicies principalPolicies;

    @Inject
    PolicyEvaluator evaluator;

    @Inject
    ThingLookup things;

    @Inject
    AccessKeys accessKeys;

    @Inject
    TokenAuthenticator tokens;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    /** What the broker knows about a CONNECT. */
    public record Attempt(
            String clientId,
            boolean tls,
            boolean websocket,
            X509Certificate[] chain,
            Optional<String> ipAddress,
            boolean mqtt5,
            Optional<String> username,
            Optional<byte[]> password,
            Optional<String> serverName) {
        public Attempt {
            Objects.requireNonNull(clientId, "clientId");
            chain = chain == null ? new X509Certificate[0] : chain;
            Objects.requireNonNull(ipAddress, "ipAddress");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(serverName, "serverName");
        }
    }

    public sealed interface Outcome {}

    public record Admitted(Connection connection) implements Outcome {}

    /**
     * @param reason a stable code for metrics and the {@code ConnectionRefused} event
     * @param detail a sentence for the log and the MQTT 5 reason string; names no secret
     */
    public record Refused(String reason, String detail, Optional<String> certificateId) implements Outcome {}

    public String arnPrefix() {
        return "arn:aws:iot:" + platform.region() + ":" + platform.accountId() + ":";
    }

    public Outcome admit(Attempt attempt, Connections connections, GatewaySettings settings) {
        if (attempt.websocket()) {
            return admitToken(attempt, connections, settings);
        }
        return attempt.tls()
                ? admitCertificate(attempt, connections, settings)
                : admitAccessKey(attempt, connections, settings);
    }

    private Outcome admitCertificate(Attempt attempt, Connections connections, GatewaySettings settings) {
        if (attempt.chain().length == 0) {
            return new Refused("NO_CERTIFICATE", "no client certificate was presented", Optional.empty());
        }
        AuthenticationResult result = authenticator.authenticate(attempt.chain());
        if (result instanceof AuthenticationResult.Refused refused) {
            return new Refused(refused.reason().name(), refused.detail(), refused.certificateId());
        }
        AuthenticationResult.Accepted accepted = (AuthenticationResult.Accepted) result;
        Optional<ConnectedThing> thing = things.attachedThing(accepted.certificateArn(), attempt.clientId());
        Permissions permissions = bind(
                accepted.certificateArn(),
                accepted.id(),
                accepted.certificateFields(),
                attempt.clientId(),
                thing,
                attempt.ipAddress(),
                attempt.serverName());
        Decision connect = permissions.connect(attempt.clientId());
        if (!connect.allowed()) {
            return new Refused(
                    "CONNECT_DENIED",
                    Permissions.explain(connect, IotAction.CONNECT, "client/" + attempt.clientId()),
                    Optional.of(accepted.id()));
        }
        return new Admitted(new Connection(
                newSessionId(),
                attempt.clientId(),
                Connection.Kind.CERTIFICATE,
                accepted.id(),
                Optional.of(accepted.certificateArn()),
                accepted.caCertificateId(),
                attempt.chain(),
                attempt.ipAddress(),
                attempt.mqtt5(),
                connections.nextVersion(),
                clock.instant(),
                new RateLimiter(settings.publishRate(), settings.publishBytesRate()),
                thing,
                permissions));
    }

    /**
     * MQTT over WebSocket: the CONNECT password is a bearer token; the policies attached to the identity it names
     * must allow {@code iot:Connect}, like a device's. The connection is closed when the token expires (or after
     * {@link #TOKEN_CONNECTION_TTL}), by {@link ConnectionWatch#expire}.
     */
    /** AWS closes every MQTT over WebSocket connection after 24 hours, whatever its credentials' lifetime. */
    static final Duration TOKEN_CONNECTION_TTL = Duration.ofHours(24);

    private Outcome admitToken(Attempt attempt, Connections connections, GatewaySettings settings) {
        if (attempt.password().isEmpty() || attempt.password().get().length == 0) {
            return new Refused(
                    "NO_TOKEN", "MQTT over WebSocket needs a bearer token as the CONNECT password", Optional.empty());
        }
        String token = new String(attempt.password().get(), StandardCharsets.UTF_8).strip();
        Optional<TokenAuthenticator.TokenIdentity> identity = tokens.authenticate(token, attempt.clientId());
        if (identity.isEmpty()) {
            return new Refused(
                    "BAD_TOKEN", "the token is not valid (signature, expiry, issuer or audience)", Optional.empty());
        }
        if (identity.get()
                .expiresAt()
                .filter(at -> !at.isAfter(clock.instant()))
                .isPresent()) {
            // the verifier allows some clock skew; a connection made now would be closed at once by the expiry watch
            return new Refused("BAD_TOKEN", "the token has expired", Optional.empty());
        }
        String identityId = identity.get().identityId();
        Permissions permissions = bind(
                identityId,
                identityId,
                Map.of(),
                attempt.clientId(),
                Optional.empty(),
                attempt.ipAddress(),
                Optional.empty());
        Decision connect = permissions.connect(attempt.clientId());
        if (!connect.allowed()) {
            return new Refused(
                    "CONNECT_DENIED",
                    Permissions.explain(connect, IotAction.CONNECT, "client/" + attempt.clientId()),
                    Optional.of(identityId));
        }
        Connection connection = new Connection(
                newSessionId(),
                attempt.clientId(),
                Connection.Kind.TOKEN,
                identityId,
                Optional.of(identityId),
                Optional.empty(),
                null,
                attempt.ipAddress(),
                attempt.mqtt5(),
                connections.nextVersion(),
                clock.instant(),
                new RateLimiter(settings.publishRate(), settings.publishBytesRate()),
                Optional.empty(),
                permissions);
        Instant ttl = connection.connectedAt().plus(TOKEN_CONNECTION_TTL);
        Optional<Instant> expiresAt = identity.get().expiresAt();
        if (expiresAt.isPresent() && expiresAt.get().isBefore(ttl)) {
            connection.expiresAt(expiresAt.get(), "CUSTOMAUTH_TTL_EXPIRATION");
        } else {
            connection.expiresAt(ttl, "WEBSOCKET_TTL_EXPIRATION");
        }
        return new Admitted(connection);
    }

    private Outcome admitAccessKey(Attempt attempt, Connections connections, GatewaySettings settings) {
        if (attempt.username().isEmpty() || attempt.password().isEmpty()) {
            return new Refused(
                    "BAD_CREDENTIALS",
                    "the plain listener needs an operator access key id as user name and its secret as password",
                    Optional.empty());
        }
        Optional<ActiveAccessKey> key = accessKeys.findActive(attempt.username().get());
        if (key.isEmpty()
                || !MessageDigest.isEqual(
                        key.get().secret(),
                        new String(attempt.password().get(), StandardCharsets.UTF_8)
                                .strip()
                                .getBytes(StandardCharsets.UTF_8))) {
            return new Refused("BAD_CREDENTIALS", "unknown access key or wrong secret", Optional.empty());
        }
        return new Admitted(new Connection(
                newSessionId(),
                attempt.clientId(),
                Connection.Kind.ACCESS_KEY,
                key.get().accessKeyId(),
                Optional.empty(),
                Optional.empty(),
                null,
                attempt.ipAddress(),
                attempt.mqtt5(),
                connections.nextVersion(),
                clock.instant(),
                new RateLimiter(settings.publishRate(), settings.publishBytesRate()),
                Optional.empty(),
                Permissions.allowAll(arnPrefix())));
    }

    /** Binds the principal's current policies for a connection (also after policy and attachment changes). */
    public Permissions bind(
            String principalArn,
            String certificateId,
            Map<String, List<String>> certificateFields,
            String clientId,
            Optional<ConnectedThing> thing,
            Optional<String> ipAddress,
            Optional<String> serverName) {
        List<CompiledPolicy> policies = principalPolicies.forPrincipal(principalArn);
        AuthorizationContext context = new AuthorizationContext(
                clientId,
                thing.orElse(null),
                certificateId,
                certificateFields,
                ipAddress.orElse(null),
                serverName.orElse(null),
                // a token connection's principal is its identity id (cognito-identity.amazonaws.com:sub)
                principalArn.startsWith("arn:") ? null : principalArn);
        BoundPolicies bound = evaluator.bind(policies, context);
        return Permissions.of(bound, arnPrefix());
    }

    /** Re-binds a connection's policies, and re-resolves its thing, after a policy or attachment change. */
    public void rebind(Connection connection, boolean refreshThing) {
        if (connection.kind() == Connection.Kind.ACCESS_KEY
                || connection.principalArn().isEmpty()) {
            return;
        }
        String arn = connection.principalArn().get();
        Optional<ConnectedThing> thing = refreshThing && connection.kind() == Connection.Kind.CERTIFICATE
                ? things.attachedThing(arn, connection.clientId())
                : connection.thing();
        Optional<AuthorizationContext> old = connection.permissions().context();
        Permissions permissions = bind(
                arn,
                connection.principalId(),
                old.map(AuthorizationContext::certificate).orElse(Map.of()),
                connection.clientId(),
                thing,
                connection.ipAddress(),
                old.map(AuthorizationContext::domainName));
        connection.rebind(thing, permissions);
    }

    /** AWS's session identifiers are 32 hex digits. */
    public static String newSessionId() {
        UUID uuid = UUID.randomUUID();
        return HexFormat.of().toHexDigits(uuid.getMostSignificantBits())
                + HexFormat.of().toHexDigits(uuid.getLeastSignificantBits());
    }
}
