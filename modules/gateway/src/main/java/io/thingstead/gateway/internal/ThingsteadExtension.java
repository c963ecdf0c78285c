package io.thingstead.gateway.internal;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.Authorizer;
import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import io.thingstead.gateway.internal.admission.MqttAuthenticator;
import io.thingstead.gateway.internal.lifecycle.LifecycleListener;
import io.thingstead.gateway.internal.lifecycle.SubscriptionTracker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The embedded extension: registers the gateway's authenticator, the per-connection authorizers and interceptors, the
 * keep-alive bounds and the lifecycle listener with HiveMQ. Every object registered here is loaded by the EAR's
 * {@code lib/} class loader (HiveMQ ties interceptors to their extension by class loader).
 */
public final class ThingsteadExtension implements ExtensionMain {
    private static final Logger LOG = Logger.getLogger(ThingsteadExtension.class);

    private final Function<ScheduledExecutorService, GatewayCore> coreFactory;
    private final Consumer<GatewayCore> started;

    /**
     * @param coreFactory builds the gateway's runtime once HiveMQ's services (its executor) exist
     * @param started receives it when every service is registered
     */
    public ThingsteadExtension(
            Function<ScheduledExecutorService, GatewayCore> coreFactory, Consumer<GatewayCore> started) {
        this.coreFactory = coreFactory;
        this.started = started;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        GatewayCore core = coreFactory.apply(Services.extensionExecutorService());
        MqttAuthenticator authenticator = new MqttAuthenticator(core);
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizerFor(core, providerInput));
        int keepAliveMinimum = core.settings().keepAliveMinimum();
        ConnectInboundInterceptor keepAlive = (connectInput, connectOutput) -> {
            int requested = connectInput.getConnectPacket().getKeepAlive();
            if (requested > 0 && requested < keepAliveMinimum) {
                connectOutput.getConnectPacket().setKeepAlive(keepAliveMinimum);
            }
        };
        Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> keepAlive);
        Services.initializerRegistry()
                .setClientInitializer((initializerInput, context) -> initialize(core, initializerInput, context));
        LifecycleListener lifecycle = new LifecycleListener(core);
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> lifecycle);
        started.accept(core);
        LOG.debug("Thingstead's broker extension started");
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        LOG.debug("Thingstead's broker extension stopped");
    }

    private static Authorizer authorizerFor(GatewayCore core, ClientBasedInput input) {
        Optional<Connection> connection = connection(core, input);
        if (connection.isEmpty()) {
            return new ConnectionAuthorizer.DenyAll();
        }
        return new ConnectionAuthorizer(connection.get(), core);
    }

    /** Called for every accepted connection before its CONNACK: its own guards, bound to its {@link Connection}. */
    private static void initialize(GatewayCore core, ClientBasedInput input, ClientContext context) {
        Optional<Connection> found = connection(core, input);
        if (found.isEmpty()) {
            LOG.warnf(
                    "no authenticated connection for client %s; its publishes are held to no permissions",
                    input.getClientInformation().getClientId());
            return;
        }
        Connection connection = found.get();
        context.addPublishInboundInterceptor(new PublishGuard(connection, core));
        DeliveryGuard guard = new DeliveryGuard(connection, core, context);
        guard.install();
        connection.deliveryGuard(guard);
        SubscriptionTracker tracker = new SubscriptionTracker(connection, core);
        context.addSubscribeInboundInterceptor(tracker);
        context.addSubackOutboundInterceptor(tracker);
        context.addUnsubscribeInboundInterceptor(tracker);
        // a resumed persistent session keeps its subscriptions: they count towards the connection's quota, and decide
        // whether its deliveries need iot:Receive checked one by one
        Services.subscriptionStore().getSubscriptions(connection.clientId()).whenComplete((existing, failure) -> {
            if (failure != null) {
                LOG.warnf(
                        failure,
                        "could not read the subscriptions of %s: every delivery to it is checked",
                        connection.clientId());
                guard.require();
                return;
            }
            List<String> filters =
                    existing.stream().map(TopicSubscription::getTopicFilter).toList();
            connection.addSubscriptions(filters);
            guard.sessionKnown(connection.subscriptions());
        });
    }

    private static Optional<Connection> connection(GatewayCore core, ClientBasedInput input) {
        return input.getConnectionInformation()
                .getConnectionAttributeStore()
                .getAsString(Connection.SESSION_ATTRIBUTE)
                .flatMap(core.connections()::bySession);
    }
}
