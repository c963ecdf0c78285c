package io.thingstead.defender.internal.detect;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Detect metrics Thingstead measures, with how a window's datapoint is formed and which operators apply. Cloud-side
 * metrics come from the gateway ({@link io.thingstead.gateway.api.DeviceActivity} and lifecycle events), device-side
 * ones from the devices' metrics reports.
 */
public enum Metric {
    MESSAGES_SENT("aws:num-messages-sent", Kind.SUM, true),
    MESSAGE_BYTE_SIZE("aws:message-byte-size", Kind.SIZE, true),
    AUTHORIZATION_FAILURES("aws:num-authorization-failures", Kind.SUM, true),
    CONNECTION_ATTEMPTS("aws:num-connection-attempts", Kind.SUM, true),
    DISCONNECTS("aws:num-disconnects", Kind.SUM, true),
    SOURCE_IP_ADDRESS("aws:source-ip-address", Kind.IP_SET, true),
    ALL_BYTES_OUT("aws:all-bytes-out", Kind.SUM, false),
    ALL_BYTES_IN("aws:all-bytes-in", Kind.SUM, false),
    ALL_PACKETS_OUT("aws:all-packets-out", Kind.SUM, false),
    ALL_PACKETS_IN("aws:all-packets-in", Kind.SUM, false),
    NUM_LISTENING_TCP_PORTS("aws:num-listening-tcp-ports", Kind.GAUGE, false),
    NUM_LISTENING_UDP_PORTS("aws:num-listening-udp-ports", Kind.GAUGE, false),
    NUM_ESTABLISHED_TCP_CONNECTIONS("aws:num-established-tcp-connections", Kind.GAUGE, false),
    LISTENING_TCP_PORTS("aws:listening-tcp-ports", Kind.PORT_SET, false),
    LISTENING_UDP_PORTS("aws:listening-udp-ports", Kind.PORT_SET, false),
    DESTINATION_IP_ADDRESSES("aws:destination-ip-addresses", Kind.IP_SET, false);

    /** How a window's datapoint is formed. */
    public enum Kind {
        /** The sum over the window (a count of 0 when nothing happened). */
        SUM,
        /** Each message's size: the largest and the smallest of the window (no datapoint without messages). */
        SIZE,
        /** The last value reported in the window. */
        GAUGE,
        /** The set of ports seen in the window. */
        PORT_SET,
        /** The set of IP addresses seen in the window. */
        IP_SET,
        /** A custom metric of type number: the last value. */
        CUSTOM_NUMBER,
        /** A custom metric of type number-list, string-list or ip-address-list: the last list. */
        CUSTOM_LIST
    }

    static final List<String> COMPARISONS =
            List.of("less-than", "less-than-equals", "greater-than", "greater-than-equals");

    private final String awsName;
    private final Kind kind;
    private final boolean cloudSide;

    Metric(String awsName, Kind kind, boolean cloudSide) {
        this.awsName = awsName;
        this.kind = kind;
        this.cloudSide = cloudSide;
    }

    public String awsName() {
        return awsName;
    }

    public Kind kind() {
        return kind;
    }

    public boolean cloudSide() {
        return cloudSide;
    }

    /** Whether the metric has a duration (counts over a window) rather than being judged each evaluation. */
    public boolean hasDuration() {
        return kind == Kind.SUM;
    }

    public List<String> operators() {
        return switch (kind) {
            case SUM, SIZE, GAUGE, CUSTOM_NUMBER -> COMPARISONS;
            case PORT_SET -> List.of("in-port-set", "not-in-port-set");
            case IP_SET -> List.of("in-cidr-set", "not-in-cidr-set");
            case CUSTOM_LIST -> List.of("in-set", "not-in-set", "in-cidr-set", "not-in-cidr-set");
        };
    }

    public static Optional<Metric> named(String name) {
        return Arrays.stream(values()).filter(m -> m.awsName.equals(name)).findFirst();
    }
}
