package io.thingstead.defender.internal.detect;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A device-side metrics report in AWS's document format (the Device Defender agents' and Device SDKs'): {@code
 * header}/{@code hed}, {@code metrics}/{@code met}, {@code custom_metrics}/{@code cmet}, long or short names, from
 * JSON or from CBOR decoded to the same tree. {@link #parse} validates it as AWS does and turns it into datapoints by
 * metric name.
 *
 * @param reportId the header's report id
 * @param numbers numeric datapoints by metric (bytes and packets deltas, totals, custom numbers)
 * @param sets set datapoints by metric (ports, destination addresses, custom lists)
 */
public record MetricsReport(long reportId, Map<String, Double> numbers, Map<String, Set<String>> sets) {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

    /** Why a report is refused: the message of the {@code /rejected} answer. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        public Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param customTypes the defined custom metrics and their types: a reported custom metric of another type is
     *     refused, an undefined one ignored
     */
    public static MetricsReport parse(JsonValue document, Map<String, String> customTypes) throws Malformed {
        if (!(document instanceof JsonObject report)) {
            throw new Malformed("the report must be an object");
        }
        JsonObject header = object(report, "header", "hed").orElseThrow(() -> new Malformed("header is required"));
        JsonValue id = member(header, "report_id", "rid");
        if (!(id instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0) {
            throw new Malformed("header.report_id must be a non-negative integer");
        }
        JsonValue version = member(header, "version", "v");
        if (!(version instanceof JsonString v)
                || !VERSION.matcher(v.getString()).matches()) {
            throw new Malformed("header.version must be a string Major.Minor, such as \"1.0\"");
        }
        Optional<JsonObject> metrics = object(report, "metrics", "met");
        Optional<JsonObject> custom = object(report, "custom_metrics", "cmet");
        if (metrics.isEmpty() && custom.isEmpty()) {
            throw new Malformed("a report needs a metrics or a custom_metrics block");
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        if (metrics.isPresent()) {
            JsonObject met = metrics.get();
            Optional<JsonObject> network = object(met, "network_stats", "ns");
            if (network.isPresent()) {
                count(network.get(), "bytes_in", "bi").ifPresent(n -> numbers.put(Metric.ALL_BYTES_IN.awsName(), n));
                count(network.get(), "bytes_out", "bo").ifPresent(n -> numbers.put(Metric.ALL_BYTES_OUT.awsName(), n));
                count(network.get(), "packets_in", "pi")
                        .ifPresent(n -> numbers.put(Metric.ALL_PACKETS_IN.awsName(), n));
                count(network.get(), "packets_out", "po")
                        .ifPresent(n -> numbers.put(Metric.ALL_PACKETS_OUT.awsName(), n));
            }
            ports(
                    met,
                    "listening_tcp_ports",
                    "tp",
                    Metric.LISTENING_TCP_PORTS,
                    Metric.NUM_LISTENING_TCP_PORTS,
                    numbers,
                    sets);
            ports(
                    met,
                    "listening_udp_ports",
                    "up",
                    Metric.LISTENING_UDP_PORTS,
                    Metric.NUM_LISTENING_UDP_PORTS,
                    numbers,
                    sets);
            Optional<JsonObject> tcp = object(met, "tcp_connections", "tc");
            if (tcp.isPresent()) {
                Optional<JsonObject> established = object(tcp.get(), "established_connections", "ec");
                if (established.isPresent()) {
                    Set<String> remotes = new LinkedHashSet<>();
                    JsonValue connections = member(established.get(), "connections", "cs");
                    if (connections != null) {
                        for (JsonValue connection :
                                array(connections, "tcp_connections.established_connections.connections")) {
                            if (!(connection instanceof JsonObject c)
                                    || !(member(c, "remote_addr", "rad") instanceof JsonString remote)) {
                                throw new Malformed("each established connection needs a remote_addr \"ip:port\"");
                            }
                            remotes.add(host(remote.getString()));
                            count(c, "local_port", "lp");
                        }
                    }
                    Optional<Double> total = count(established.get(), "total", "t");
                    numbers.put(
                            Metric.NUM_ESTABLISHED_TCP_CONNECTIONS.awsName(), total.orElse((double) remotes.size()));
                    sets.put(Metric.DESTINATION_IP_ADDRESSES.awsName(), remotes);
                }
            }
        }
        if (custom.isPresent()) {
            for (Map.Entry<String, JsonValue> entry : custom.get().entrySet()) {
                String name = entry.getKey();
                if (!(entry.getValue() instanceof JsonArray values)
                        || values.size() != 1
                        || !(values.get(0) instanceof JsonObject value)
                        || value.size() != 1) {
                    throw new Malformed(
                            "custom metric " + name + " must be a list of one object, such as" + " [{\"number\": 1}]");
                }
                String type = customTypes.get(name);
                String kind = value.keySet().iterator().next();
                String expected = switch (kind) {
                    case "number" -> "number";
                    case "number_list" -> "number-list";
                    case "string_list" -> "string-list";
                    case "ip_list" -> "ip-address-list";
                    default -> throw new Malformed("custom metric " + name + ": unknown value type " + kind);
                };
                if (type != null && !type.equals(expected)) {
                    throw new Malformed("custom metric " + name + " is of type " + type + ", not " + expected);
                }
                if (kind.equals("number")) {
                    if (!(value.get(kind) instanceof JsonNumber n)) {
                        throw new Malformed("custom metric " + name + ": number must be a number");
                    }
                    if (type != null) {
                        numbers.put(name, n.doubleValue());
                    }
                } else {
                    Set<String> items = new LinkedHashSet<>();
                    for (JsonValue item : array(value.get(kind), "custom metric " + name)) {
                        if (kind.equals("number_list")) {
                            if (!(item instanceof JsonNumber)) {
                                throw new Malformed("custom metric " + name + ": number_list holds numbers");
                            }
                            items.add(Behavior.canonicalNumber(item.toString()));
                        } else {
                            if (!(item instanceof JsonString s)) {
                                throw new Malformed("custom metric " + name + ": " + kind + " holds strings");
                            }
                            items.add(s.getString());
                        }
                    }
                    if (type != null) {
                        sets.put(name, items);
                    }
                }
            }
        }
        return new MetricsReport(number.longValue(), numbers, sets);
    }

    private static void ports(
            JsonObject met,
            String longName,
            String shortName,
            Metric set,
            Metric count,
            Map<String, Double> numbers,
            Map<String, Set<String>> sets)
            throws Malformed {
        Optional<JsonObject> block = object(met, longName, shortName);
        if (block.isEmpty()) {
            return;
        }
        Set<String> ports = new LinkedHashSet<>();
        JsonValue list = member(block.get(), "ports", "pts");
        if (list != null) {
            for (JsonValue port : array(list, longName + ".ports")) {
                if (!(port instanceof JsonObject p)
                        || !(member(p, "port", "pt") instanceof JsonNumber n)
                        || !n.isIntegral()
                        || n.intValue() < 1
                        || n.intValue() > 65535) {
                    throw new Malformed(longName + ": each port must be a number from 1 to 65535");
                }
                ports.add(Integer.toString(n.intValue()));
            }
        }
        Optional<Double> total = count(block.get(), "total", "t");
        numbers.put(count.awsName(), total.orElse((double) ports.size()));
        sets.put(set.awsName(), ports);
    }

    private static JsonValue member(JsonObject object, String longName, String shortName) {
        JsonValue value = object.get(longName);
        return value != null ? value : object.get(shortName);
    }

    private static Optional<JsonObject> object(JsonObject object, String longName, String shortName) throws Malformed {
        JsonValue value = member(object, longName, shortName);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonObject json)) {
            throw new Malformed(longName + " must be an object");
        }
        return Optional.of(json);
    }

    private static List<JsonValue> array(JsonValue value, String what) throws Malformed {
        if (!(value instanceof JsonArray array)) {
            throw new Malformed(what + " must be a list");
        }
        return new ArrayList<>(array);
    }

    private static Optional<Double> count(JsonObject object, String longName, String shortName) throws Malformed {
        JsonValue value = member(object, longName, shortName);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number) || number.doubleValue() < 0) {
            throw new Malformed(longName + " must be a non-negative number");
        }
        return Optional.of(number.doubleValue());
    }

    /** The address of "ip:port" or "[ipv6]:port". */
    static String host(String remote) throws Malformed {
        if (remote.startsWith("[")) {
            int end = remote.indexOf(']');
            if (end < 0) {
                throw new Malformed("remote_addr " + remote + " is not [ip]:port");
            }
            return remote.substring(1, end);
        }
        int colon = remote.lastIndexOf(':');
        if (colon < 0 || remote.indexOf(':') != colon) {
            return remote;
        }
        return remote.substring(0, colon);
    }
}
