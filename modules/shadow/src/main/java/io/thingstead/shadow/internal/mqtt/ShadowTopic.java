package io.thingstead.shadow.internal.mqtt;

import io.thingstead.shadow.api.ShadowNames;
import java.util.Optional;

/**
 * A Device Shadow request topic: {@code $aws/things/{thing}/shadow/{get|update|delete}} (classic shadow) or {@code
 * $aws/things/{thing}/shadow/name/{shadow}/{get|update|delete}} (named shadow). The names are only split off here;
 * whether they are valid names is checked when the request is served (an invalid one is answered on {@code
 * /rejected}).
 *
 * @param thingName the thing, as it appears in the topic
 * @param shadowName the shadow's name for a named shadow, empty for the classic one
 */
public record ShadowTopic(String topic, String thingName, Optional<String> shadowName, Operation operation) {
    private static final String START = "$aws/things/";

    /** The three requests a device can publish. */
    public enum Operation {
        GET("get"),
        UPDATE("update"),
        DELETE("delete");

        private final String level;

        Operation(String level) {
            this.level = level;
        }

        public String level() {
            return level;
        }

        static Optional<Operation> of(String level) {
            return switch (level) {
                case "get" -> Optional.of(GET);
                case "update" -> Optional.of(UPDATE);
                case "delete" -> Optional.of(DELETE);
                default -> Optional.empty();
            };
        }
    }

    /** The request in {@code topic}, or empty when it is not a shadow request topic (including response topics). */
    public static Optional<ShadowTopic> parse(String topic) {
        if (!topic.startsWith(START)) {
            return Optional.empty();
        }
        String[] levels = topic.substring(START.length()).split("/", -1);
        // thing/shadow/op or thing/shadow/name/shadowName/op
        if (levels.length == 3 && levels[1].equals("shadow")) {
            return Operation.of(levels[2])
                    .filter(op -> !levels[0].isEmpty())
                    .map(op -> new ShadowTopic(topic, levels[0], Optional.empty(), op));
        }
        if (levels.length == 5 && levels[1].equals("shadow") && levels[2].equals("name")) {
            return Operation.of(levels[4])
                    .filter(op -> !levels[0].isEmpty() && !levels[3].isEmpty())
                    .map(op -> new ShadowTopic(topic, levels[0], Optional.of(levels[3]), op));
        }
        return Optional.empty();
    }

    /** Why the names in the topic are not valid thing and shadow names, or empty when they are. */
    public Optional<String> nameProblem() {
        return ShadowNames.thingNameProblem(thingName).or(() -> shadowName.flatMap(ShadowNames::shadowNameProblem));
    }

    /** {@code <request topic>/accepted} */
    public String accepted() {
        return topic + "/accepted";
    }

    /** {@code <request topic>/rejected} */
    public String rejected() {
        return topic + "/rejected";
    }
}
