package io.thingstead.gateway.internal.lifecycle;

import com.hivemq.extension.sdk.api.interceptor.suback.SubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.subscribe.ModifiableSubscription;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.thingstead.gateway.api.LifecycleEvent;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.GatewayCore;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE of one connection: QoS 2 requests are granted QoS 1 (AWS IoT has no QoS 2), the filters
 * of a SUBSCRIBE are remembered until its SUBACK says which were granted, and the granted (or removed) ones are
 * announced as AWS's subscribed and unsubscribed lifecycle events.
 */
public final class SubscriptionTracker
        implements SubscribeInboundInterceptor, SubackOutboundInterceptor, UnsubscribeInboundInterceptor {
    private final Connection connection;
    private final GatewayCore core;

    public SubscriptionTracker(Connection connection, GatewayCore core) {
        this.connection = connection;
        this.core = core;
    }

    @Override
    public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
        List<String> filters = new ArrayList<>();
        for (ModifiableSubscription subscription : output.getSubscribePacket().getSubscriptions()) {
            if (subscription.getQos() == Qos.EXACTLY_ONCE) {
                subscription.setQos(Qos.AT_LEAST_ONCE);
            }
            filters.add(subscription.getTopicFilter());
        }
        connection.subscribing(output.getSubscribePacket().getPacketId(), filters);
        // before the broker adds the subscriptions (and sends their retained messages)
        connection.deliveryGuard().ifPresent(guard -> guard.requireUnlessCovered(filters));
    }

    @Override
    public void onOutboundSuback(SubackOutboundInput input, SubackOutboundOutput output) {
        List<String> filters = connection.subscribed(input.getSubackPacket().getPacketIdentifier());
        List<SubackReasonCode> codes = input.getSubackPacket().getReasonCodes();
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < Math.min(filters.size(), codes.size()); i++) {
            SubackReasonCode code = codes.get(i);
            if (code == SubackReasonCode.GRANTED_QOS_0
                    || code == SubackReasonCode.GRANTED_QOS_1
                    || code == SubackReasonCode.GRANTED_QOS_2) {
                granted.add(filters.get(i));
            }
        }
        core.lifecycle().subscriptions(connection, LifecycleEvent.Type.SUBSCRIBED, granted);
    }

    @Override
    public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
        List<String> filters = input.getUnsubscribePacket().getTopicFilters();
        filters.forEach(connection::removeSubscription);
        core.lifecycle().subscriptions(connection, LifecycleEvent.Type.UNSUBSCRIBED, List.copyOf(filters));
    }
}
