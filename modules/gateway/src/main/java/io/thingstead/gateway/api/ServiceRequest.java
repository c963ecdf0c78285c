package io.thingstead.gateway.api;

import java.util.List;
import java.util.Objects;

/**
 * A message a {@link DeviceService} is asked to serve.
 *
 * @param message the accepted PUBLISH, with who sent it
 * @param filter the route's filter the topic matched
 * @param levels the topic levels the filter's wildcards matched ({@link TopicFilter#match}): for {@code
 *     $aws/things/+/shadow/update} the thing name
 */
public record ServiceRequest(DeviceMessage message, TopicFilter filter, List<String> levels) {
    public ServiceRequest {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(filter, "filter");
        levels = List.copyOf(levels);
    }

    public String topic() {
        return message.topic();
    }

    public byte[] payload() {
        return message.payload();
    }
}
