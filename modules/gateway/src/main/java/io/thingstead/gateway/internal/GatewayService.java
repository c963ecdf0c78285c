package io.thingstead.gateway.internal;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.gateway.api.Topics;
import io.thingstead.gateway.api.UserProperty;
import io.thingstead.gateway.internal.GatewayMetrics.PublishRefusal;
import io.thingstead.gateway.internal.authorization.PublishRules;
import io.thingstead.gateway.internal.config.BrokerConfig;
import io.thingstead.gateway.internal.routing.ServiceRouter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link Gateway}: every call into HiveMQ runs on HiveMQ's own executor. Called on a WildFly thread (a servlet, a
 * managed executor), HiveMQ and Netty would leave a Netty thread-local in that pooled thread, which keeps the whole
 * undeployed application in memory (ADR 0007).
 */
@ApplicationScoped
public class GatewayService implements Gateway {
    /** Who the platform's own messages are from, for taps. */
    public static final String PLATFORM_PRINCIPAL = "thingstead";

    @Inject
    GatewayBroker broker;

    /** A platform message may use any topic, reserved ones included, but must be a valid topic within the size limit. */
    private static void checkPlatformMessage(GatewayCore core, OutboundMessage message) {
        Optional<String> problem = Topics.topicNameProblem(message.topic());
        if (problem.isPresent()) {
            throw IotException.invalidRequest(problem.get());
        }
        if (message.payload().length > core.settings().payloadLimit()) {
            throw tooLarge(core, message);
        }
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        GatewayCore core = requireRunning();
        checkPlatformMessage(core, message);
        if (message.retain()) {
            core.retainedTimes()
                    .accepted(
                            message.topic(),
                            message.payload().length,
                            core.clock().instant());
        }
        ServiceRouter router = core.router();
        int taps = router.tapsFor(message.topic());
        if (taps != 0) {
            router.tap(taps, unconnected(core, DeviceMessage.Origin.PLATFORM, PLATFORM_PRINCIPAL, message), false);
        }
        return onBroker(core, () -> {
                    core.metrics().platformPublished();
                    return Services.publishService().publish(toPublish(message));
                })
                .thenApply(ignored -> null);
    }

    /** A message that did not come over MQTT (the platform's own, or the HTTPS data plane's), as services see it. */
    private static DeviceMessage unconnected(
            GatewayCore core, DeviceMessage.Origin origin, String principal, OutboundMessage message) {
        return new DeviceMessage(
                origin,
                Optional.empty(),
                Optional.empty(),
                principal,
                message.topic(),
                message.payload(),
                message.qos(),
                message.retain(),
                message.userProperties(),
                message.contentType(),
                message.responseTopic(),
                message.correlationData(),
                core.clock().instant());
    }

    @Override
    public CompletionStage<Boolean> publishToClient(OutboundMessage message, String clientId) {
        GatewayCore core = requireRunning();
        checkPlatformMessage(core, message);
        return onBroker(core, () -> {
                    core.metrics().platformPublished();
                    return Services.publishService().publishToClient(toPublish(message), clientId);
                })
                .thenApply(result -> result == PublishToClientResult.SUCCESSFUL);
    }

    @Override
    public CompletionStage<Void> publishFromDataPlane(OutboundMessage message, String principal) {
        GatewayCore core = requireRunning();
        Optional<PublishRules.Refuse> refusal =
                core.publishRules().checkContent(message.topic(), message.retain(), message.payload().length);
        if (refusal.isPresent()) {
            core.metrics().refused(refusal.get().refusal());
            if (refusal.get().refusal() == PublishRefusal.PAYLOAD_TOO_LARGE) {
                throw tooLarge(core, message);
            }
            if (refusal.get().refusal() == PublishRefusal.RESERVED_TOPIC) {
                throw new IotException(ErrorCode.UNAUTHORIZED, refusal.get().message());
            }
            throw IotException.invalidRequest(refusal.get().message());
        }
        core.metrics().published(message.payload().length);
        if (message.retain()) {
            core.retainedTimes()
                    .accepted(
                            message.topic(),
                            message.payload().length,
                            core.clock().instant());
        }
        ServiceRouter router = core.router();
        ServiceRouter.Match match = router.route(message.topic());
        int taps = router.tapsFor(message.topic());
        CompletionStage<Void> held = null;
        if (match != null || taps != 0) {
            DeviceMessage device = unconnected(core, DeviceMessage.Origin.HTTPS, principal, message);
            if (match != null) {
                match.lanes().offer(device, match.filter(), match.levels());
                if (match.consumes()) {
                    return CompletableFuture.completedFuture(null);
                }
            }
            if (taps != 0) {
                held = router.tap(taps, device, message.qos() > 0);
            }
        }
        if (held == null) {
            return onBroker(core, () -> Services.publishService().publish(toPublish(message)))
                    .thenApply(ignored -> null);
        }
        // a tap stores the message first: the caller's HTTP response (its acknowledgement) waits for it
        return held.toCompletableFuture()
                .orTimeout(PublishGuard.TAP_HOLD_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((ignored, failure) -> {
                    if (failure != null) {
                        throw new IotException(
                                ErrorCode.SERVICE_UNAVAILABLE, "The message could not be stored; publish it again.");
                    }
                    return null;
                })
                .thenCompose(ignored ->
                        onBroker(core, () -> Services.publishService().publish(toPublish(message))))
                .thenApply(ignored -> null);
    }

    @Override
    public boolean running() {
        return broker.core().isPresent();
    }

    @Override
    public boolean connected(String clientId) {
        return broker.core()
                .flatMap(core -> core.connections().byClient(clientId))
                .isPresent();
    }

    @Override
    public int connectionCount() {
        return broker.core().map(core -> core.connections().count()).orElse(0);
    }

    @Override
    public CompletionStage<Boolean> disconnect(String clientId, String reason) {
        GatewayCore core = requireRunning();
        core.connections().byClient(clientId).ifPresent(c -> c.closingBecause("SERVER_INITIATED_DISCONNECT"));
        return onBroker(
                core,
                () -> Services.clientService()
                        .disconnectClient(clientId, true, DisconnectReasonCode.ADMINISTRATIVE_ACTION, reason));
    }

    private GatewayCore requireRunning() {
        return broker.core()
                .orElseThrow(() -> new IotException(
                        ErrorCode.SERVICE_UNAVAILABLE, "The device gateway is not running; try again later."));
    }

    private static IotException tooLarge(GatewayCore core, OutboundMessage message) {
        return new IotException(
                ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                "The payload is " + message.payload().length + " bytes; at most "
                        + core.settings().payloadLimit() + " are allowed.");
    }

    /** Runs {@code call} on HiveMQ's executor and completes with what the stage it returns completes with. */
    public static <T> CompletableFuture<T> onBroker(GatewayCore core, Callable<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            core.broker().execute(() -> {
                try {
                    call.call().whenComplete((value, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(
                    new IotException(ErrorCode.SERVICE_UNAVAILABLE, "The device gateway is stopping."));
        }
        return result;
    }

    public static Publish toPublish(OutboundMessage message) {
        PublishBuilder builder = Builders.publish()
                .topic(message.topic())
                .qos(message.qos() == 1 ? Qos.AT_LEAST_ONCE : Qos.AT_MOST_ONCE)
                .retain(message.retain())
                .payload(ByteBuffer.wrap(message.payload()));
        for (UserProperty property : message.userProperties()) {
            builder.userProperty(property.name(), property.value());
        }
        message.contentType().ifPresent(builder::contentType);
        message.responseTopic().ifPresent(builder::responseTopic);
        message.correlationData().ifPresent(data -> builder.correlationData(ByteBuffer.wrap(data)));
        message.payloadIsUtf8()
                .ifPresent(utf8 -> builder.payloadFormatIndicator(
                        utf8 ? PayloadFormatIndicator.UTF_8 : PayloadFormatIndicator.UNSPECIFIED));
        message.messageExpirySeconds()
                .ifPresent(seconds ->
                        builder.messageExpiryInterval(Math.min(seconds, BrokerConfig.MESSAGE_EXPIRY_MAX_SECONDS)));
        return builder.build();
    }
}
