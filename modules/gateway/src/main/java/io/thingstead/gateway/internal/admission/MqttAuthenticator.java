package io.thingstead.gateway.internal.admission;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.GatewayCore;
import io.thingstead.gateway.internal.config.BrokerConfig;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Every CONNECT: the TLS listener has verified that the client certificate chains to a CA in the trust store and that
 * the client holds its key; {@link Admission} decides the rest on the gateway's worker threads (the PKI and the
 * policies may need the database), while the broker's thread goes on with other clients. A refusal is CONNACK {@code
 * 0x87} Not authorized (MQTT 5, with the reason as reason string) or {@code 5} (MQTT 3.1.1).
 */
public final class MqttAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = Logger.getLogger(MqttAuthenticator.class);
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final GatewayCore core;

    public MqttAuthenticator(GatewayCore core) {
        this.core = core;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectionInformation info = input.getConnectionInformation();
        ConnectPacket connect = input.getConnectPacket();
        String clientId = input.getClientInformation().getClientId();
        Optional<ClientTlsInformation> tls = info.getClientTlsInformation();
        Optional<String> listener = info.getListener().map(Listener::getName);
        boolean tlsListener = listener.map(BrokerConfig.TLS_LISTENER::equals).orElse(false);
        boolean websocketListener =
                listener.map(BrokerConfig.WEBSOCKET_LISTENER::equals).orElse(false);
        Optional<String> ip = info.getInetAddress().map(InetAddress::getHostAddress);
        Admission.Attempt attempt = new Admission.Attempt(
                clientId,
                tlsListener,
                websocketListener,
                tls.flatMap(ClientTlsInformation::getClientCertificateChain).orElse(null),
                ip,
                info.getMqttVersion() == MqttVersion.V_5,
                connect.getUserName(),
                connect.getPassword().map(MqttAuthenticator::bytes),
                tls.flatMap(ClientTlsInformation::getHostname));
        if (tlsListener && tls.isEmpty()) {
            refuse(
                    output,
                    attempt,
                    "NO_CERTIFICATE",
                    "the TLS listener received no client certificate",
                    Optional.empty());
            return;
        }
        Async<SimpleAuthOutput> async = output.async(
                TIMEOUT, TimeoutFallback.FAILURE, ConnackReasonCode.SERVER_BUSY, "authentication timed out");
        try {
            core.workers().execute(() -> {
                try {
                    decide(attempt, info, output);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "authenticating client %s failed", clientId);
                    refuse(output, attempt, "INTERNAL_ERROR", "the gateway could not decide", Optional.empty());
                } finally {
                    async.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            refuse(output, attempt, "INTERNAL_ERROR", "the gateway is overloaded", Optional.empty());
            async.resume();
        }
    }

    private void decide(Admission.Attempt attempt, ConnectionInformation info, SimpleAuthOutput output) {
        Admission.Outcome outcome = core.admission().admit(attempt, core.connections(), core.settings());
        switch (outcome) {
            case Admission.Refused refused ->
                refuse(output, attempt, refused.reason(), refused.detail(), refused.certificateId());
            case Admission.Admitted admitted -> {
                Connection connection = admitted.connection();
                core.connections().authenticated(connection);
                info.getConnectionAttributeStore().putAsString(Connection.SESSION_ATTRIBUTE, connection.sessionId());
                output.getClientSettings()
                        .setClientReceiveMaximum(core.settings().inflightMaximum());
                output.getClientSettings()
                        .setClientQueueSizeMaximum(core.settings().queuedMessagesMaximum());
                output.authenticateSuccessfully(true);
            }
        }
    }

    private void refuse(
            SimpleAuthOutput output,
            Admission.Attempt attempt,
            String reason,
            String detail,
            Optional<String> certificateId) {
        core.lifecycle().refused(attempt.clientId(), reason, detail, certificateId, attempt.ipAddress());
        output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "Not authorized: " + reason);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
