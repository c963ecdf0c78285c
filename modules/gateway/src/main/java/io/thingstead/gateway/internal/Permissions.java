package io.thingstead.gateway.internal;

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
final class Permissions {
    static final int MAX_REMEMBERED_TOPICS = 256;

    /** Operators (HTTPS data plane, plain development listener) may do everything, as the control plane allows. */
    static Permissions allowAll(String arnPrefix) {
        return new Permissions(null, arnPrefix);
    }

    static Permissions of(BoundPolicies policies, String arnPrefix) {
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

    boolean allowsEverything() {
        return policies == null;
    }

    /** The connection the policies were bound for; empty for operators. */
    Optional<AuthorizationContext> context() {
        return policies == null ? Optional.empty() : Optional.of(policies.context());
    }

    Decision connect(String clientId) {
        return decide(IotAction.CONNECT, "client/" + clientId);
    }

    Decision subscribe(String filter) {
        return decide(IotAction.SUBSCRIBE, "topicfilter/" + filter);
    }

    Decision retainPublish(String topic) {
        return decide(IotAction.RETAIN_PUBLISH, "topic/" + topic);
    }

    Decision publishDecision(String topic) {
        return decide(IotAction.PUBLISH, "topic/" + topic);
    }

    boolean canPublish(String topic) {
        if (policies == null) {
            return true;
        }
        Map<String, Boolean> cache = publish;
        if (cache == null) {
            cache = publish = new ConcurrentHashMap<>();
        }
        return remembered(cache, topic, IotAction.PUBLISH);
    }

    boolean canReceive(String topic) {
        if (policies == null) {
            return true;
        }
        Map<String, Boolean> cache = receive;
        if (cache == null) {
            cache = receive = new ConcurrentHashMap<>();
        }
        return remembered(cache, topic, IotAction.RECEIVE);
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
    static String explain(Decision decision, IotAction action, String resource) {
        return switch (decision.effect()) {
            case ALLOW -> action.actionName() + " on " + resource + " is allowed";
            case EXPLICIT_DENY ->
                action.actionName() + " on " + resource + " is explicitly denied by policy " + decision.policyName();
            case IMPLICIT_DENY -> "no policy allows " + action.actionName() + " on " + resource;
        };
    }
}
