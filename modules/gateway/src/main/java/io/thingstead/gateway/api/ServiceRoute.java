package io.thingstead.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which topics a {@link DeviceService} serves and how the gateway queues them for it. Immutable; build it with {@link
 * #builder(String)}:
 *
 * <pre>{@code
 * ServiceRoute.builder("jobs")
 *         .filter("$aws/things/+/jobs/get")
 *         .filter("$aws/things/+/jobs/+/update")
 *         .key(ServiceRoute.Key.THING_IN_TOPIC)
 *         .whenBusy((request, reason, output) -> output.publish(tooManyRequests(request)))
 *         .build();
 * }</pre>
 *
 * @param name the service's name in metrics and logs: lower-case letters, digits and dashes
 * @param filters the topic filters served; no two services' filters may overlap
 * @param key what orders requests: requests with the same key are served one at a time, in order
 * @param lanes how many threads serve this service (requests of one key always use the same one)
 * @param queueCapacity how many requests may wait for this service in all, beyond which it is busy
 * @param inFlightPerKey how many requests of one key may be in flight, beyond which it is busy (AWS: 10 shadow
 *     requests per connection)
 * @param consumes whether the gateway keeps the messages from the broker: {@code true} for topics that reach only
 *     their service and never MQTT subscribers, such as basic ingest ({@code $aws/rules/...}); {@link MessageTap}s do
 *     not see them either
 * @param busyReply the answer to a request that was not queued
 */
public record ServiceRoute(
        String name,
        List<TopicFilter> filters,
        Key key,
        int lanes,
        int queueCapacity,
        int inFlightPerKey,
        boolean consumes,
        BusyReply busyReply) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public ServiceRoute {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a service name is 1-40 lower-case letters, digits and dashes: " + name);
        }
        filters = List.copyOf(filters);
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("the service " + name + " serves no topic filter");
        }
        Objects.requireNonNull(key, "key");
        if (lanes < 1 || lanes > 256) {
            throw new IllegalArgumentException("lanes must be 1 to 256, not " + lanes);
        }
        if (queueCapacity < lanes) {
            throw new IllegalArgumentException("the queue needs at least one place per lane");
        }
        if (inFlightPerKey < 1) {
            throw new IllegalArgumentException("inFlightPerKey must be at least 1");
        }
        Objects.requireNonNull(busyReply, "busyReply");
    }

    /** A route with 4 lanes, 10,000 queued requests, 10 in flight per key, keyed by client, not consuming. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** What orders a service's requests. */
    @FunctionalInterface
    public interface Key {
        /** The publishing client's id; the principal for messages from the HTTPS data plane. */
        Key CLIENT = message -> message.clientId().orElse(message.principal());

        /** The thing name of {@code $aws/things/<thing>/...} topics (the client's otherwise). */
        Key THING_IN_TOPIC = message -> {
            String topic = message.topic();
            if (topic.startsWith("$aws/things/")) {
                int end = topic.indexOf('/', "$aws/things/".length());
                return end < 0 ? topic : topic.substring(0, end);
            }
            return CLIENT.of(message);
        };

        String of(DeviceMessage message);

        static Key of(Function<DeviceMessage, String> key) {
            return key::apply;
        }
    }

    /** Builds a {@link ServiceRoute}. */
    public static final class Builder {
        private final String name;
        private final List<TopicFilter> filters = new ArrayList<>();
        private Key key = Key.CLIENT;
        private int lanes = 4;
        private int queueCapacity = 10_000;
        private int inFlightPerKey = 10;
        private boolean consumes;
        private BusyReply busyReply = BusyReply.NONE;

        private Builder(String name) {
            this.name = name;
        }

        /** @throws IllegalArgumentException for an invalid topic filter */
        public Builder filter(String filter) {
            filters.add(TopicFilter.of(filter));
            return this;
        }

        public Builder key(Key key) {
            this.key = key;
            return this;
        }

        public Builder lanes(int lanes) {
            this.lanes = lanes;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder inFlightPerKey(int inFlightPerKey) {
            this.inFlightPerKey = inFlightPerKey;
            return this;
        }

        /** The messages reach this service only, never MQTT subscribers nor taps (basic ingest). */
        public Builder consumes() {
            this.consumes = true;
            return this;
        }

        public Builder whenBusy(BusyReply busyReply) {
            this.busyReply = busyReply;
            return this;
        }

        public ServiceRoute build() {
            return new ServiceRoute(name, filters, key, lanes, queueCapacity, inFlightPerKey, consumes, busyReply);
        }
    }
}
