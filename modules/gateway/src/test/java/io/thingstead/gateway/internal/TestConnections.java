package io.thingstead.gateway.internal;

import io.thingstead.gateway.internal.admission.Admission;
import io.thingstead.gateway.internal.authorization.Permissions;
import io.thingstead.gateway.internal.authorization.RateLimiter;
import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.ConnectedThing;
import io.thingstead.policy.api.PolicyEvaluator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Connections bound to real compiled policies, for the unit tests of the rules. */
public final class TestConnections {
    public static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    public static final PolicyEvaluator EVALUATOR = PolicyEvaluator.create();

    private TestConnections() {}

    /** Statements in single-quoted JSON, bound for client {@code clientId} of thing {@code clientId}. */
    public static Permissions permissions(String clientId, String statements) {
        var policy = EVALUATOR.compile(
                "p", ("{'Version':'2012-10-17','Statement':[" + statements + "]}").replace('\'', '"'));
        var context = AuthorizationContext.builder()
                .clientId(clientId)
                .thing(new ConnectedThing(clientId, "Lamp", Map.of()))
                .build();
        return Permissions.of(EVALUATOR.bind(List.of(policy), context), ARN);
    }

    public static Connection connection(String clientId, Permissions permissions, RateLimiter limiter) {
        return new Connection(
                Admission.newSessionId(),
                clientId,
                Connection.Kind.CERTIFICATE,
                "c".repeat(64),
                Optional.of(ARN + "cert/" + "c".repeat(64)),
                Optional.empty(),
                null,
                Optional.of("127.0.0.1"),
                true,
                1,
                Instant.EPOCH,
                limiter,
                Optional.of(new ConnectedThing(clientId, "Lamp", Map.of())),
                permissions);
    }
}
