package io.thingstead.gateway.internal.routing;

import io.thingstead.gateway.api.OutboundMessage;
import java.util.concurrent.CompletionStage;

/** How routed services publish: the gateway's own {@code publish} and {@code publishToClient}. */
public interface Publisher {
    public CompletionStage<Void> publish(OutboundMessage message);

    public CompletionStage<Boolean> publishToClient(OutboundMessage message, String clientId);
}
