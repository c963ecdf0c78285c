package io.thingstead.defender.internal.detect;

import io.thingstead.defender.internal.Docs;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One behavior of a security profile, parsed and validated: what is normal for a metric. A datapoint that does not
 * satisfy the criteria is a violating one; {@code consecutiveDatapointsToAlarm} of them raise an alarm,
 * {@code consecutiveDatapointsToClear} normal ones clear it.
 *
 * @param metricName the AWS name, or a custom metric's name
 * @param metric the built-in metric, or empty for a custom metric
 * @param customType the custom metric's type when {@code metric} is empty
 * @param durationSeconds the window of a datapoint; for metrics without duration, the evaluation tick
 * @param statistic a percentile ("p90") instead of a value: the threshold is that percentile of every targeted device's
 *     datapoints of the previous window
 */
public record Behavior(
        String name,
        String metricName,
        Optional<Metric> metric,
        Optional<String> customType,
        String operator,
        Optional<Double> number,
        Set<Integer> ports,
        List<Cidr> cidrs,
        Set<String> strings,
        Optional<String> statistic,
        int durationSeconds,
        int toAlarm,
        int toClear,
        boolean suppressAlerts,
        JsonObject document) {

    static final List<String> STATISTICS =
            List.of("p0", "p0.1", "p0.01", "p1", "p10", "p50", "p90", "p99", "p99.9", "p99.99", "p100");

    /** Why a behavior is invalid. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a behavior document.
     *
     * @param customMetrics the defined custom metrics and their types
     * @param tickSeconds the evaluation tick: durations are multiples of it
     * @throws Invalid saying what is wrong
     */
    public static Behavior parse(JsonObject json, Map<String, String> customMetrics, int tickSeconds) {
        String name = string(json, "name").orElseThrow(() -> new Invalid("Behavior name is required."));
        if (!name.matches("[a-zA-Z0-9:_-]{1,128}")) {
            throw new Invalid("Behavior name " + Docs.cut(name) + " must be 1-128 of [a-zA-Z0-9:_-].");
        }
        Optional<String> metricName = string(json, "metric");
        if (json.containsKey("metricDimension")) {
            throw new Invalid("Behavior " + name + ": metric dimensions are not supported by Thingstead.");
        }
        JsonObject criteria = json.containsKey("criteria") ? json.getJsonObject("criteria") : null;
        if (metricName.isEmpty() || criteria == null) {
            throw new Invalid("Behavior " + name + ": metric and criteria are required.");
        }
        if (criteria.containsKey("mlDetectionConfig")) {
            throw new Invalid("Behavior " + name + ": ML Detect (mlDetectionConfig) is not supported by Thingstead.");
        }
        Optional<Metric> metric = Metric.named(metricName.get());
        Optional<String> customType = Optional.ofNullable(customMetrics.get(metricName.get()));
        if (metric.isEmpty() && customType.isEmpty()) {
            throw new Invalid("Behavior " + name + ": unknown metric " + Docs.cut(metricName.get())
                    + " (neither a Device Defender metric Thingstead measures nor a custom metric).");
        }
        List<String> operators = metric.map(Metric::operators).orElseGet(() -> customOperators(customType.get()));
        String operator = string(criteria, "comparisonOperator")
                .orElseThrow(() -> new Invalid("Behavior " + name + ": comparisonOperator is required."));
        if (!operators.contains(operator)) {
            throw new Invalid("Behavior " + name + ": " + operator + " does not apply to " + metricName.get()
                    + " (use one of " + operators + ").");
        }
        JsonObject value = criteria.containsKey("value") ? criteria.getJsonObject("value") : null;
        Optional<String> statistic = criteria.containsKey("statisticalThreshold")
                ? string(criteria.getJsonObject("statisticalThreshold"), "statistic")
                : Optional.empty();
        if (statistic.isPresent() && !STATISTICS.contains(statistic.get())) {
            throw new Invalid("Behavior " + name + ": statistic must be one of " + STATISTICS + ".");
        }
        if ((value == null) == statistic.isEmpty()) {
            throw new Invalid("Behavior " + name + ": give exactly one of value and statisticalThreshold.");
        }
        Optional<Double> number = Optional.empty();
        Set<Integer> ports = Set.of();
        List<Cidr> cidrs = List.of();
        Set<String> strings = Set.of();
        boolean comparison = Metric.COMPARISONS.contains(operator);
        if (statistic.isPresent() && !comparison) {
            throw new Invalid("Behavior " + name + ": a statistical threshold needs a comparison operator.");
        }
        if (value != null) {
            if (comparison) {
                JsonValue count = value.get("count");
                JsonValue num = value.get("number");
                JsonValue chosen = count != null ? count : num;
                if (!(chosen instanceof JsonNumber n) || n.doubleValue() < 0 && count != null) {
                    throw new Invalid("Behavior " + name + ": value.count (or value.number for a custom metric) is"
                            + " required and must not be negative.");
                }
                number = Optional.of(n.doubleValue());
            } else if (operator.endsWith("port-set")) {
                ports = new LinkedHashSet<>();
                for (JsonValue port : array(value, "ports", name)) {
                    if (!(port instanceof JsonNumber n)
                            || !n.isIntegral()
                            || n.intValue() < 0
                            || n.intValue() > 65535) {
                        throw new Invalid("Behavior " + name + ": ports must be 0 to 65535.");
                    }
                    ports.add(n.intValue());
                }
            } else if (operator.endsWith("cidr-set")) {
                cidrs = new ArrayList<>();
                for (JsonValue cidr : array(value, "cidrs", name)) {
                    if (!(cidr instanceof JsonString s)) {
                        throw new Invalid("Behavior " + name + ": cidrs must be strings.");
                    }
                    cidrs.add(Cidr.parse(s.getString()));
                }
            } else {
                strings = new LinkedHashSet<>();
                JsonArray list = value.containsKey("strings")
                        ? value.getJsonArray("strings")
                        : value.containsKey("numbers") ? value.getJsonArray("numbers") : null;
                if (list == null) {
                    throw new Invalid("Behavior " + name + ": value.strings or value.numbers is required.");
                }
                for (JsonValue item : list) {
                    strings.add(item instanceof JsonString s ? s.getString() : canonicalNumber(item.toString()));
                }
            }
        }
        int tick = Math.max(1, tickSeconds);
        int duration;
        boolean hasDuration = metric.map(Metric::hasDuration).orElse(false);
        if (criteria.containsKey("durationSeconds")) {
            duration = criteria.getJsonNumber("durationSeconds").intValue();
            if (duration < tick || duration > 3600 || duration % tick != 0) {
                throw new Invalid("Behavior " + name + ": durationSeconds must be a multiple of " + tick + " from "
                        + tick + " to 3600 (AWS: 300, 600, 900, 1800 or 3600).");
            }
        } else if (hasDuration || statistic.isPresent()) {
            throw new Invalid("Behavior " + name + ": durationSeconds is required for " + metricName.get() + ".");
        } else {
            duration = tick;
        }
        int toAlarm = criteria.containsKey("consecutiveDatapointsToAlarm")
                ? criteria.getJsonNumber("consecutiveDatapointsToAlarm").intValue()
                : 1;
        int toClear = criteria.containsKey("consecutiveDatapointsToClear")
                ? criteria.getJsonNumber("consecutiveDatapointsToClear").intValue()
                : 1;
        if (toAlarm < 1 || toAlarm > 10 || toClear < 1 || toClear > 10) {
            throw new Invalid("Behavior " + name + ": consecutiveDatapointsToAlarm and ToClear must be 1 to 10.");
        }
        boolean suppress = json.containsKey("suppressAlerts") && json.getBoolean("suppressAlerts");
        return new Behavior(
                name,
                metricName.get(),
                metric,
                customType,
                operator,
                number,
                Set.copyOf(ports),
                List.copyOf(cidrs),
                Set.copyOf(strings),
                statistic,
                duration,
                toAlarm,
                toClear,
                suppress,
                json);
    }

    private static List<String> customOperators(String type) {
        return switch (type) {
            case "number" -> Metric.COMPARISONS;
            case "ip-address-list" -> List.of("in-cidr-set", "not-in-cidr-set");
            default -> List.of("in-set", "not-in-set");
        };
    }

    private static JsonArray array(JsonObject value, String member, String name) {
        if (!(value.get(member) instanceof JsonArray array)) {
            throw new Invalid("Behavior " + name + ": value." + member + " is required.");
        }
        return array;
    }

    private static Optional<String> string(JsonObject json, String member) {
        return json.get(member) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    static String canonicalNumber(String text) {
        try {
            return Double.toString(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** The kind of datapoint this behavior judges. */
    public Metric.Kind kind() {
        return metric.map(Metric::kind)
                .orElseGet(
                        () -> customType.get().equals("number") ? Metric.Kind.CUSTOM_NUMBER : Metric.Kind.CUSTOM_LIST);
    }

    /**
     * Whether a numeric datapoint is normal against {@code threshold} (the value, or the statistic's percentile).
     */
    public boolean normal(double datapoint, double threshold) {
        return switch (operator) {
            case "less-than" -> datapoint < threshold;
            case "less-than-equals" -> datapoint <= threshold;
            case "greater-than" -> datapoint > threshold;
            default -> datapoint >= threshold;
        };
    }

    /** Whether a set datapoint is normal: all inside the set ({@code in-*}), or none inside ({@code not-in-*}). */
    public boolean normal(Collection<String> datapoint) {
        boolean in = operator.startsWith("in-");
        for (String item : datapoint) {
            boolean member = switch (operator) {
                case "in-port-set", "not-in-port-set" -> ports.contains(parsePort(item));
                case "in-cidr-set", "not-in-cidr-set" -> cidrs.stream().anyMatch(c -> c.contains(item));
                default -> strings.contains(item) || strings.contains(canonicalNumber(item));
            };
            if (in != member) {
                return false;
            }
        }
        return true;
    }

    private static int parsePort(String item) {
        try {
            return Integer.parseInt(item);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An IPv4 or IPv6 CIDR block. */
    public record Cidr(byte[] network, int prefix, String text) {
        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
                int bits = address.getAddress().length * 8;
                int prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > bits) {
                    throw new NumberFormatException();
                }
                return new Cidr(address.getAddress(), prefix, text);
            } catch (IllegalArgumentException e) {
                throw new Invalid("Not a CIDR block: " + Docs.cut(text));
            }
        }

        public boolean contains(String ip) {
            byte[] address;
            try {
                String host = ip;
                if (host.startsWith("[")) {
                    host = host.substring(1, host.indexOf(']'));
                }
                address = literal(host).getAddress();
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                return false;
            }
            if (address.length != network.length) {
                return false;
            }
            BigInteger mask = BigInteger.ONE
                    .shiftLeft(network.length * 8)
                    .subtract(BigInteger.ONE)
                    .shiftRight(prefix)
                    .not();
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    /** An IP address literal (no name lookup: anything but digits, dots, colons and hex is refused first). */
    static InetAddress literal(String text) {
        boolean v4 = text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+");
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("not an IP address literal");
                }
            }
        }
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not an IP address literal");
        }
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal", e);
        }
    }
}
