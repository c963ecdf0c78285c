package io.thingstead.gateway.internal;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import java.nio.ByteBuffer;

/**
 * {@code iot:Receive}: asked before every PUBLISH the broker sends to this connection, whoever published it. A denied
 * delivery is dropped for this subscriber only (and counted); other subscribers are not affected, as in AWS IoT.
 */
final class DeliveryGuard implements PublishOutboundInterceptor {
    private final Connection connection;
    private final GatewayCore core;

    DeliveryGuard(Connection connection, GatewayCore core) {
        this.connection = connection;
        this.core = core;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        PublishPacket packet = input.getPublishPacket();
        if (!connection.permissions().canReceive(packet.getTopic())) {
            core.metrics().deliveryDenied();
            output.preventPublishDelivery();
            return;
        }
        core.metrics().delivered(packet.getPayload().map(ByteBuffer::remaining).orElse(0));
    }
}
