package io.thingstead.gateway.internal;

import com.hivemq.extension.sdk.api.packets.general.UserProperty;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.publish.RetainedPublish;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.gateway.api.RetainedMessages;
import io.thingstead.gateway.api.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@link RetainedMessages} over HiveMQ's {@code RetainedMessageStore} (extension SDK): a read is one store lookup, a
 * listing one iteration of the store keeping one page ({@link TopicWindow}). Every call into HiveMQ runs on its own
 * executor, as {@link GatewayService} explains.
 */
@ApplicationScoped
public class RetainedMessageService implements RetainedMessages {
    @Inject
    GatewayBroker broker;

    @Override
    public CompletionStage<Optional<Message>> get(String topic) {
        GatewayCore core = requireRunning();
        Optional<String> problem = Topics.topicNameProblem(topic);
        if (problem.isPresent()) {
            throw IotException.invalidRequest(problem.get());
        }
        return GatewayService.onBroker(
                        core, () -> Services.retainedMessageStore().getRetainedMessage(topic))
                .thenApply(found -> found.map(publish -> message(core, publish)));
    }

    @Override
    public CompletionStage<Page> list(Optional<String> afterTopic, int limit) {
        GatewayCore core = requireRunning();
        TopicWindow<Summary> window = new TopicWindow<>(afterTopic, limit);
        return GatewayService.onBroker(
                        core,
                        () -> Services.retainedMessageStore()
                                .iterateAllRetainedMessages((context, publish) -> window.offer(
                                        publish.getTopic(),
                                        new Summary(
                                                publish.getTopic(),
                                                publish.getPayload()
                                                        .map(ByteBuffer::remaining)
                                                        .orElse(0),
                                                publish.getQos().getQosNumber(),
                                                core.retainedTimes().lastModified(publish.getTopic())))))
                .thenApply(done -> new Page(window.page(), window.more()));
    }

    private static Message message(GatewayCore core, RetainedPublish publish) {
        byte[] payload = publish.getPayload()
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.duplicate().get(bytes);
                    return bytes;
                })
                .orElse(new byte[0]);
        List<io.thingstead.gateway.api.UserProperty> properties = new ArrayList<>();
        for (UserProperty property : publish.getUserProperties().asList()) {
            properties.add(new io.thingstead.gateway.api.UserProperty(property.getName(), property.getValue()));
        }
        return new Message(
                publish.getTopic(),
                payload,
                publish.getQos().getQosNumber(),
                core.retainedTimes().lastModified(publish.getTopic()),
                properties);
    }

    private GatewayCore requireRunning() {
        return broker.core()
                .orElseThrow(() -> new IotException(
                        ErrorCode.SERVICE_UNAVAILABLE, "The device gateway is not running; try again later."));
    }
}
