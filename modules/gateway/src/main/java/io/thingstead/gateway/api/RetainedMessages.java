package io.thingstead.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The broker's retained messages as the platform reads them (a CDI bean): what AWS IoT's data plane offers as {@code
 * ListRetainedMessages} and {@code GetRetainedMessage}. The messages live in the broker's own retained-message store;
 * a device sets one with a retained PUBLISH, the HTTPS data plane with {@code POST /topics/{topic}?retain=true}, and
 * clears it with an empty retained payload.
 *
 * <p>Both calls return at once; the work runs on the broker's threads. A call while the broker is not running throws
 * {@link io.thingstead.common.api.error.IotException} {@code ServiceUnavailableException}.
 */
public interface RetainedMessages {
    /** The retained message on exactly this topic (no wildcards), or empty. */
    CompletionStage<Optional<Message>> get(String topic);

    /**
     * Up to {@code limit} retained messages' summaries in topic order (by UTF-16 code unit), the first one after {@code
     * afterTopic} when given.
     */
    CompletionStage<Page> list(Optional<String> afterTopic, int limit);

    /**
     * A retained message.
     *
     * @param qos 0 or 1 (the QoS it was published with, at most the broker's maximum)
     * @param lastModified when the gateway accepted it
     */
    record Message(String topic, byte[] payload, int qos, Instant lastModified, List<UserProperty> userProperties) {
        public Message {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(lastModified, "lastModified");
            userProperties = List.copyOf(userProperties);
        }
    }

    /** What a listing tells of one retained message. */
    record Summary(String topic, long payloadSize, int qos, Instant lastModified) {
        public Summary {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(lastModified, "lastModified");
        }
    }

    /**
     * One page of a listing.
     *
     * @param more whether retained messages follow the last one of this page
     */
    record Page(List<Summary> messages, boolean more) {
        public Page {
            messages = List.copyOf(messages);
        }
    }
}
