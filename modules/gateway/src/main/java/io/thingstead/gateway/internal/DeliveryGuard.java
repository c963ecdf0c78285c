package io.thingstead.gateway.internal;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.thingstead.gateway.internal.authorization.Permissions;
import java.util.Collection;

/**
 * {@code iot:Receive} for one connection. A denied delivery is dropped for this subscriber only (and counted); other
 * subscribers are not affected, as in AWS IoT.
 *
 * <p>Asking per delivery is expensive in HiveMQ: every outbound interceptor call is a task on the extension executor,
 * queued behind the subscriber's other tasks, and for a subscriber that receives from many devices that queue is the
 * bottleneck of the whole fan-in. Most policies decide Receive the same way for every topic a subscription can match
 * ({@code topic/things/${iot:ClientId}/*} for a filter {@code things/lamp-1/#}), so the decision is made once per
 * subscription ({@link Permissions#receivesEverythingThrough}) and this guard is put on the connection only while it
 * has a subscription that needs per-message decisions. It starts on every connection (a resumed session's
 * subscriptions and queued messages are not known yet) and comes off once the session's existing subscriptions are
 * known to be covered; a SUBSCRIBE whose filter is not covered, or a policy change that leaves one uncovered, puts it
 * back on before any message of that subscription is delivered. Once needed, it stays for the rest of the connection.
 */
public final class DeliveryGuard implements PublishOutboundInterceptor {
    private final Connection connection;
    private final GatewayCore core;
    private final ClientContext context;
    /** Whether this guard is among the connection's interceptors. */
    private boolean installed;
    /** Whether some subscription needs per-message decisions: the guard may not come off any more. */
    private boolean required;

    public DeliveryGuard(Connection connection, GatewayCore core, ClientContext context) {
        this.connection = connection;
        this.core = core;
        this.context = context;
    }

    /** Puts the guard on the connection, provisionally: the session's subscriptions are not known yet. */
    public synchronized void install() {
        if (!installed) {
            context.addPublishOutboundInterceptor(this);
            installed = true;
        }
    }

    /** Puts the guard on the connection for good, unless every one of {@code filters} is covered. */
    public void requireUnlessCovered(Collection<String> filters) {
        Permissions permissions = connection.permissions();
        for (String filter : filters) {
            if (!permissions.receivesEverythingThrough(filter)) {
                require();
                return;
            }
        }
    }

    /** The session's existing subscriptions are known: the guard comes off if they are all covered. */
    public void sessionKnown(Collection<String> filters) {
        requireUnlessCovered(filters);
        synchronized (this) {
            if (installed && !required) {
                context.removePublishOutboundInterceptor(this);
                installed = false;
            }
        }
    }

    /** Puts the guard on the connection for good. */
    public synchronized void require() {
        required = true;
        install();
    }

    public synchronized boolean active() {
        return installed;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        PublishPacket packet = input.getPublishPacket();
        if (!connection.permissions().canReceive(packet.getTopic())) {
            core.metrics().deliveryDenied();
            output.preventPublishDelivery();
        }
    }
}
