package io.thingstead.gateway.internal.lifecycle;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.GatewayCore;
import java.util.Optional;

/** The broker's connection events, turned into {@link Lifecycle} calls for the connection they concern. */
public final class LifecycleListener implements ClientLifecycleEventListener {
    private final GatewayCore core;

    public LifecycleListener(GatewayCore core) {
        this.core = core;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // nothing is known about the client before it authenticates
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        connection(input).ifPresent(core.lifecycle()::connected);
    }

    @Override
    public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {
        ended(input, Lifecycle.Ending.AUTHENTICATION_FAILED);
    }

    @Override
    public void onConnectionLost(ConnectionLostInput input) {
        ended(input, Lifecycle.Ending.CONNECTION_LOST);
    }

    @Override
    public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
        ended(input, Lifecycle.Ending.CLIENT_DISCONNECT);
    }

    @Override
    public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
        ended(input, Lifecycle.Ending.SERVER_DISCONNECT);
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        ended(input, Lifecycle.Ending.CONNECTION_LOST);
    }

    private void ended(DisconnectEventInput input, Lifecycle.Ending ending) {
        Optional<String> reason = input.getReasonCode().map(Enum::name);
        connection(input).ifPresent(connection -> core.lifecycle().disconnected(connection, ending, reason));
    }

    private Optional<Connection> connection(ClientBasedInput input) {
        return input.getConnectionInformation()
                .getConnectionAttributeStore()
                .getAsString(Connection.SESSION_ATTRIBUTE)
                .flatMap(core.connections()::bySession);
    }
}
