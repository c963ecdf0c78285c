package io.thingstead.gateway.internal.authorization;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS IoT's reserved topics: everything starting with {@code $} belongs to the platform. Devices may publish only to
 * the request topics of the services AWS lets them use (Device Shadow, Jobs, fleet provisioning, Device Defender
 * metrics, Rules basic ingest); {@code $aws/events/...} and every response topic are published by the platform alone.
 * Subscriptions to reserved topics are allowed (policies decide who), except to basic ingest, which has no
 * subscribers.
 */
public final class ReservedTopics {
    private static final String NAME = "[a-zA-Z0-9:_-]+";
    private static final String SHADOW = "[$a-zA-Z0-9:_-]+";
    private static final List<Pattern> DEVICE_PUBLISHABLE = List.of(
            Pattern.compile("\\$aws/things/" + NAME + "/shadow/(get|update|delete)"),
            Pattern.compile("\\$aws/things/" + NAME + "/shadow/name/" + SHADOW + "/(get|update|delete)"),
            Pattern.compile("\\$aws/things/" + NAME + "/jobs/(get|start-next)"),
            Pattern.compile("\\$aws/things/" + NAME + "/jobs/[a-zA-Z0-9_-]+/(get|update)"),
            Pattern.compile("\\$aws/certificates/create/(json|cbor)"),
            Pattern.compile("\\$aws/certificates/create-from-csr/(json|cbor)"),
            Pattern.compile("\\$aws/provisioning-templates/[0-9A-Za-z_-]+/provision/(json|cbor)"),
            Pattern.compile("\\$aws/things/" + NAME + "/defender/metrics/(json|cbor)"),
            Pattern.compile("\\$aws/rules/[a-zA-Z0-9_]+(/.*)?"));

    private ReservedTopics() {}

    public static boolean isReserved(String topicOrFilter) {
        return topicOrFilter.startsWith("$");
    }

    /** Why a client may not publish to {@code topic}, or empty when it may (subject to its policies). */
    public static Optional<String> publishProblem(String topic) {
        if (!isReserved(topic)) {
            return Optional.empty();
        }
        for (Pattern allowed : DEVICE_PUBLISHABLE) {
            if (allowed.matcher(topic).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of("clients cannot publish to the reserved topic " + topic);
    }

    /** Why a client may not subscribe to {@code filter}, or empty when it may (subject to its policies). */
    public static Optional<String> subscribeProblem(String filter) {
        if (!isReserved(filter)) {
            return Optional.empty();
        }
        if (!filter.startsWith("$aws/")) {
            return Optional.of("topics starting with $ are reserved; only $aws/ topics exist");
        }
        if (filter.startsWith("$aws/rules/") || filter.equals("$aws/rules")) {
            return Optional.of("basic ingest topics ($aws/rules/...) cannot be subscribed to");
        }
        return Optional.empty();
    }

    /** Whether a topic is a basic ingest topic: delivered to the named rule only, never to subscribers. */
    public static Optional<String> basicIngestRule(String topic) {
        if (!topic.startsWith("$aws/rules/")) {
            return Optional.empty();
        }
        String rest = topic.substring("$aws/rules/".length());
        int slash = rest.indexOf('/');
        String rule = slash < 0 ? rest : rest.substring(0, slash);
        return rule.isEmpty() ? Optional.empty() : Optional.of(rule);
    }
}
