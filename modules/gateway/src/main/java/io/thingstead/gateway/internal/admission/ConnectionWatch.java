package io.thingstead.gateway.internal.admission;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.GatewayBroker;
import io.thingstead.gateway.internal.GatewayCore;
import io.thingstead.gateway.internal.GatewayService;
import io.thingstead.pki.api.AuthenticationResult;
import io.thingstead.pki.api.CaCertificateChanged;
import io.thingstead.pki.api.CertificateChanged;
import io.thingstead.pki.api.DeviceAuthenticator;
import io.thingstead.policy.api.PolicyChanged;
import io.thingstead.registry.api.AttachmentsChanged;
import io.thingstead.registry.api.ThingChanged;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Keeps live connections in step with the registry, the policies and the PKI, off every hot path:
 *
 * <ul>
 *   <li>a policy, attachment or thing change re-binds the affected connections' policies (and their thing), so the
 *       next PUBLISH is judged by the new policies;
 *   <li>a certificate or CA change, and a sweep of every connection each {@code
 *       thingstead.gateway.revocation-check-interval} (30 s), asks the PKI again about each connection's certificate:
 *       a certificate that became INACTIVE or REVOKED, expired, or whose CA became INACTIVE, is disconnected (MQTT 5:
 *       DISCONNECT {@code 0x87} Not authorized) well within AWS IoT's minute;
 *   <li>a CA change rewrites the listener's trust store;
 *   <li>a token connection (MQTT over WebSocket) is closed when its token expires, or after 24 hours ({@link
 *       #expire}, every few seconds), so a connection never outlives its credentials and a user disabled in the
 *       identity provider loses access when the access token they hold runs out.
 * </ul>
 */
@ApplicationScoped
public class ConnectionWatch {
    private static final Logger LOG = Logger.getLogger(ConnectionWatch.class);
    /** Later than the policy and PKI caches, which empty themselves after the same transactions. */
    private static final int AFTER_CACHES = Interceptor.Priority.APPLICATION + 1000;

    @Inject
    GatewayBroker broker;

    @Inject
    Admission admission;

    @Inject
    DeviceAuthenticator authenticator;

    @Inject
    Clock clock;

    public void onPolicyChanged(
            @Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(AFTER_CACHES) PolicyChanged change) {
        rebind(c -> true, c -> false);
    }

    public void onAttachmentsChanged(
            @Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(AFTER_CACHES) AttachmentsChanged change) {
        rebind(c -> true, c -> c.clientId().equals(change.thingName()));
    }

    public void onThingChanged(
            @Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(AFTER_CACHES) ThingChanged change) {
        Predicate<Connection> named = c -> c.clientId().equals(change.thingName());
        rebind(named, named);
    }

    public void onCertificateChanged(
            @Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(AFTER_CACHES) CertificateChanged change) {
        recheck(c -> c.principalId().equals(change.certificateId()));
    }

    public void onCaCertificateChanged(
            @Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(AFTER_CACHES) CaCertificateChanged change) {
        broker.core().ifPresent(core -> core.workers().execute(broker::refreshTrustQuietly));
        recheck(c ->
                c.caCertificateId().filter(change.caCertificateId()::equals).isPresent());
    }

    /** Checks every connection's certificate; the broker runs it every {@code revocation-check-interval}. */
    public void sweep() {
        try {
            broker.core().ifPresent(core -> check(core, core.connections().all()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "checking the certificates of connected devices failed");
        }
    }

    /**
     * Closes every connection whose credentials have expired (MQTT 5: DISCONNECT {@code 0x87} Not authorized;
     * lifecycle {@code disconnectReason} as admission chose it). The broker runs it every few seconds.
     */
    public void expire() {
        try {
            broker.core().ifPresent(core -> {
                Instant now = clock.instant();
                for (Connection connection : core.connections()
                        .matching(c ->
                                c.expiry().filter(e -> !e.at().isAfter(now)).isPresent())) {
                    if (core.connections().isCurrent(connection)) {
                        Connection.Expiry expiry = connection.expiry().orElseThrow();
                        LOG.infof(
                                "disconnecting client %s: its credentials expired at %s (%s)",
                                connection.clientId(), expiry.at(), expiry.awsReason());
                        close(core, connection, expiry.awsReason(), "credentials expired");
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "closing connections with expired credentials failed");
        }
    }

    private void rebind(Predicate<Connection> which, Predicate<Connection> refreshThing) {
        broker.core()
                .ifPresent(core -> core.workers().execute(() -> {
                    List<Connection> affected = core.connections().matching(which);
                    for (Connection connection : affected) {
                        try {
                            admission.rebind(connection, refreshThing.test(connection));
                        } catch (RuntimeException e) {
                            LOG.errorf(
                                    e, "could not re-bind the policies of %s; it keeps its previous ones", connection);
                        }
                    }
                    LOG.debugf("re-bound the policies of %d connections", affected.size());
                }));
    }

    private void recheck(Predicate<Connection> which) {
        broker.core()
                .ifPresent(core -> core.workers()
                        .execute(() -> check(core, core.connections().matching(which))));
    }

    /** Asks the PKI about each connection's certificate again and disconnects those it refuses now. */
    public void check(GatewayCore core, List<Connection> connections) {
        for (Connection connection : connections) {
            if (connection.kind() != Connection.Kind.CERTIFICATE || connection.chain() == null) {
                continue;
            }
            AuthenticationResult result;
            try {
                result = authenticator.authenticate(connection.chain());
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not check the certificate of %s", connection);
                continue;
            }
            if (result instanceof AuthenticationResult.Refused refused
                    && core.connections().isCurrent(connection)) {
                disconnect(core, connection, refused);
            }
        }
    }

    private void disconnect(GatewayCore core, Connection connection, AuthenticationResult.Refused refused) {
        LOG.infof(
                "disconnecting client %s: its certificate %s is refused now (%s: %s)",
                connection.clientId(), connection.principalId(), refused.reason(), refused.detail());
        close(core, connection, "AUTH_ERROR", "certificate " + refused.reason().name());
    }

    private void close(GatewayCore core, Connection connection, String awsReason, String mqttReasonString) {
        connection.closingBecause(awsReason);
        String clientId = connection.clientId();
        GatewayService.onBroker(
                        core,
                        () -> Services.clientService()
                                .disconnectClient(
                                        clientId, false, DisconnectReasonCode.NOT_AUTHORIZED, mqttReasonString))
                .exceptionally(failure -> {
                    LOG.warnf(failure, "could not disconnect %s", clientId);
                    return false;
                });
    }
}
