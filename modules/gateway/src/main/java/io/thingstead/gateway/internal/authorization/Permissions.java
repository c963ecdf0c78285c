package io.thingstead.gateway.internal.authorization;

import io.thingstead.gateway.internal.Connection;
import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.BoundPolicies;
import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.IotAction;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one connection may do: its policies bound once per connection ({@code PolicyEvaluator.bind}) and asked for
 * every CONNECT, PUBLISH, SUBSCRIBE and delivery, without touching the database. Publish and receive decisions are
 * remembered per topic (a device uses few topics), so a repeated topic costs a map lookup; the memory is bounded and
 * starts over when full. A policy or attachment change replaces the whole object ({@link Connection#rebind}).
 */
public final class Permissions {
    public static final int MAX_REMEMBERED_TOPICS = 256;

    /** Operators (HTTPS data plane, plain development listener) may do everything, as the control plane allows. */
    public static Permissions allowAll(String arnPrefix) {
        return new Permissions(null, arnPrefix);
    }

    public static Permissions of(BoundPolicies policies, String arnPrefix) {
        return new Permissions(Objects.requireNonNull(policies, "policies"), arnPrefix);
    }

    private final BoundPolicies policies;
    /** {@code arn:aws:iot:<region>:<account>:} */
    private final String arnPrefix;

    private volatile Map<String, Boolean> publish;
    private volatile Map<String, Boolean> receive;

    private Permissions(BoundPolicies policies, String arnPrefix) {
        this.policies = policies;
        this.arnPrefix = Objects.requireNonNull(arnPrefix, "arnPrefix");
    }

    public boolean allowsEverything() {
        return policies == null;
    }

    /** The connection the policies were bound for; empty for operators. */
    public Optional<AuthorizationContext> context() {
        return policies == null ? Optional.empty() : Optional.of(policies.context());
    }

    public Decision connect(String clientId) {
        return decide(IotAction.CONNECT, "client/" + clientId);
    }

    public Decision subscribe(String filter) {
        return decide(IotAction.SUBSCRIBE, "topicfilter/" + filter);
    }

    public Decision retainPublish(String topic) {
        return decide(IotAction.RETAIN_PUBLISH, "topic/" + topic);
    }

    public Decision publishDecision(String topic) {
        return decide(IotAction.PUBLISH, "topic/" + topic);
    }

    public boolean canPublish(String topic) {
        if (policies == null) {
            return true;
        }
        Map<String, Boolean> cache = publish;
        if (cache == null) {
            cache = publish = new ConcurrentHashMap<>();
        }
        return remembered(cache, topic, IotAction.PUBLISH);
    }

    public boolean canReceive(String topic) {
        if (policies == null) {
            return true;
        }
        Map<String, Boolean> cache = receive;
        if (cache == null) {
            cache = receive = new ConcurrentHashMap<>();
        }
        return remembered(cache, topic, IotAction.RECEIVE);
    }

    /**
     * Whether every message a subscription to {@code filter} can bring may be received ({@code iot:Receive}), so that
     * deliveries through it need no check of their own. True when the filter has no wildcard and its one topic is
     * allowed, or when the policies allow Receive on every topic under the filter's literal part (the levels before
     * its first {@code +} or {@code #}) and can deny none of them ({@link BoundPolicies#allowsEveryResourceStartingWith});
     * false whenever that cannot be shown. A shared subscription ({@code $share/group/filter}) is judged by its filter.
     */
    public boolean receivesEverythingThrough(String filter) {
        if (policies == null) {
            return true;
        }
        String topics = filter;
        if (topics.startsWith("$share/")) {
            int slash = topics.indexOf('/', "$share/".length());
            if (slash < 0) {
                return false;
            }
            topics = topics.substring(slash + 1);
        }
        int plus = topics.indexOf('+');
        int hash = topics.indexOf('#');
        if (plus < 0 && hash < 0) {
            return decide(IotAction.RECEIVE, "topic/" + topics).allowed();
        }
        int wildcard = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
        if (hash >= 0 && hash == topics.length() - 1 && hash == wildcard && hash > 0) {
            // "a/b/#" also matches "a/b" itself
            if (!decide(IotAction.RECEIVE, "topic/" + topics.substring(0, hash - 1))
                    .allowed()) {
                return false;
            }
        }
        return policies.allowsEveryResourceStartingWith(
                IotAction.RECEIVE, arnPrefix + "topic/" + topics.substring(0, wildcard));
    }

    private boolean remembered(Map<String, Boolean> cache, String topic, IotAction action) {
        Boolean known = cache.get(topic);
        if (known != null) {
            return known;
        }
        boolean allowed = decide(action, "topic/" + topic).allowed();
        if (cache.size() >= MAX_REMEMBERED_TOPICS) {
            cache.clear();
        }
        cache.put(topic, allowed);
        return allowed;
    }

    private static final Decision OPERATOR = Decision.allow("operator", 0, null);

    private Decision decide(IotAction action, String resource) {
        if (policies == null) {
            return OPERATOR;
        }
        return policies.authorize(action, arnPrefix + resource);
    }

    /** Why a decision denied, for logs and MQTT 5 reason strings (names the deciding policy, never its content). */
    public static String explain(Decision decision, IotAction action, String resource) {
        return switch (decision.effect()) {
            case ALLOW -> action.actionName() + " on " + resource + " is allowed";
            case EXPLICIT_DENY ->
                action.actionName() + " on " + resource + " is explicitly denied by policy " + decision.policyName();
            case IMPLICIT_DENY -> "no policy allows " + action.actionName() + " on " + resource;
        };
    }
}
