package io.thingstead.gateway.internal.authorization;

import io.thingstead.gateway.api.Topics;
import io.thingstead.gateway.internal.Connection;
import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.IotAction;
import java.util.Optional;

/**
 * The checks of every topic filter of a SUBSCRIBE: filter syntax and AWS's topic limits, shared subscriptions
 * ({@code $share/<group>/<filter>}), reserved topics, {@code iot:Subscribe} on {@code topicfilter/<filter>} (the whole
 * filter, {@code $share/...} included, as AWS checks it) and the subscriptions-per-connection quota. A refused filter
 * gets its own failure code in the SUBACK (MQTT 5: the reason below; MQTT 3.1.1: 0x80); the others are granted.
 */
public final class SubscribeRules {
    private static final String SHARE = "$share/";

    /** Why a filter is refused, with the MQTT 5 SUBACK reason it maps to. */
    public enum Code {
        TOPIC_FILTER_INVALID,
        NOT_AUTHORIZED,
        QUOTA_EXCEEDED
    }

    public record Refusal(Code code, String message) {}

    private final int subscriptionLimit;

    public SubscribeRules(int subscriptionLimit) {
        this.subscriptionLimit = subscriptionLimit;
    }

    /** Checks a filter and, when it passes, counts it as one of the connection's subscriptions. */
    public Optional<Refusal> check(Connection connection, String filter) {
        Optional<Refusal> syntax = checkFilter(filter);
        if (syntax.isPresent()) {
            return syntax;
        }
        Permissions permissions = connection.permissions();
        Decision decision = permissions.subscribe(filter);
        if (!decision.allowed()) {
            return Optional.of(new Refusal(
                    Code.NOT_AUTHORIZED, Permissions.explain(decision, IotAction.SUBSCRIBE, "topicfilter/" + filter)));
        }
        if (!connection.addSubscription(filter, subscriptionLimit)) {
            return Optional.of(new Refusal(
                    Code.QUOTA_EXCEEDED,
                    "the connection has " + subscriptionLimit + " subscriptions already, the most allowed"));
        }
        return Optional.empty();
    }

    /** Syntax, topic limits and reserved topics; shared subscriptions are checked by their inner filter. */
    public static Optional<Refusal> checkFilter(String filter) {
        String inner = filter;
        if (filter.startsWith(SHARE)) {
            int slash = filter.indexOf('/', SHARE.length());
            if (slash < 0 || slash == SHARE.length()) {
                return Optional.of(
                        new Refusal(Code.TOPIC_FILTER_INVALID, "a shared subscription is $share/<group>/<filter>"));
            }
            String group = filter.substring(SHARE.length(), slash);
            if (group.contains("+") || group.contains("#")) {
                return Optional.of(new Refusal(
                        Code.TOPIC_FILTER_INVALID, "the share name of a shared subscription has no wildcards"));
            }
            inner = filter.substring(slash + 1);
        }
        Optional<String> problem = Topics.topicFilterProblem(inner);
        if (problem.isPresent()) {
            return Optional.of(new Refusal(Code.TOPIC_FILTER_INVALID, problem.get()));
        }
        Optional<String> reserved = ReservedTopics.subscribeProblem(inner);
        if (reserved.isPresent()) {
            return Optional.of(new Refusal(Code.NOT_AUTHORIZED, reserved.get()));
        }
        return Optional.empty();
    }
}
