package io.thingstead.policy.internal.service;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.AuthorizationTester;
import io.thingstead.policy.api.BoundPolicies;
import io.thingstead.policy.api.CertificateFieldSource;
import io.thingstead.policy.api.CertificateFields;
import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.DecisionEffect;
import io.thingstead.policy.api.Policies;
import io.thingstead.policy.api.PolicyEvaluator;
import io.thingstead.policy.api.PrincipalPolicies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TestAuthorization with the same evaluator and the same effective policies the gateway uses. AWS's action types
 * (PUBLISH, SUBSCRIBE, RECEIVE, CONNECT) map to {@code iot:Publish} etc.; each resource is decided separately and the
 * result for the info is the strongest: an explicit deny anywhere wins, then an implicit deny, then allowed.
 */
@ApplicationScoped
public class TestAuthorizationService implements AuthorizationTester {
    private static final Map<String, String> ACTIONS = Map.of(
            "PUBLISH", "iot:Publish",
            "SUBSCRIBE", "iot:Subscribe",
            "RECEIVE", "iot:Receive",
            "CONNECT", "iot:Connect");
    private static final int MAX_AUTH_INFOS = 10;

    @Inject
    PrincipalPolicies principalPolicies;

    @Inject
    Policies policies;

    @Inject
    PolicyEvaluator evaluator;

    @Inject
    PlatformIdentity platform;

    @Inject
    @Any
    Instance<CertificateFieldSource> certificateSources;

    @Override
    public List<AuthResult> test(
            String principal,
            Optional<String> clientId,
            List<AuthInfo> authInfos,
            List<String> policyNamesToAdd,
            List<String> policyNamesToSkip) {
        if (principal == null || principal.isBlank()) {
            throw IotException.invalidRequest("principal is required.");
        }
        if (authInfos.isEmpty() || authInfos.size() > MAX_AUTH_INFOS) {
            throw IotException.invalidRequest("authInfos must hold 1 to " + MAX_AUTH_INFOS + " entries.");
        }
        Map<String, CompiledPolicy> applicable = new LinkedHashMap<>();
        principalPolicies.forPrincipal(principal).forEach(p -> applicable.put(p.name(), p));
        Set.copyOf(policyNamesToSkip).forEach(applicable::remove);
        for (String added : policyNamesToAdd) {
            Policies.PolicyInfo policy = policies.get(added);
            applicable.put(added, evaluator.compile(added, policy.policyDocument()));
        }
        AuthorizationContext.Builder context = AuthorizationContext.builder();
        clientId.ifPresent(context::clientId);
        principalPolicies.attachedThing(principal).ifPresent(context::thing);
        certificateId(principal).ifPresent(context::certificateId);
        if (!principal.startsWith("arn:")) {
            // a Cognito-style identity id: what a token connection of that identity binds
            context.identityId(principal);
        }
        addCertificateFields(context, certificateSources, principal);
        BoundPolicies bound = evaluator.bind(List.copyOf(applicable.values()), context.build());

        List<AuthResult> results = new ArrayList<>();
        for (AuthInfo info : authInfos) {
            String action = ACTIONS.get(info.actionType());
            if (action == null) {
                throw IotException.invalidRequest(
                        "actionType must be one of PUBLISH, SUBSCRIBE, RECEIVE, CONNECT, not " + info.actionType());
            }
            if (info.resources().isEmpty()) {
                throw IotException.invalidRequest("Every authInfo needs at least one resource.");
            }
            List<Policies.PolicyRef> allowed = new ArrayList<>();
            List<Policies.PolicyRef> explicit = new ArrayList<>();
            DecisionEffect outcome = DecisionEffect.ALLOW;
            for (String resource : info.resources()) {
                Arn.parse(resource);
                Decision decision = bound.authorize(action, resource);
                switch (decision.effect()) {
                    case ALLOW -> allowed.add(ref(decision.policyName()));
                    case EXPLICIT_DENY -> {
                        explicit.add(ref(decision.policyName()));
                        outcome = DecisionEffect.EXPLICIT_DENY;
                    }
                    case IMPLICIT_DENY -> {
                        if (outcome == DecisionEffect.ALLOW) {
                            outcome = DecisionEffect.IMPLICIT_DENY;
                        }
                    }
                }
            }
            List<Policies.PolicyRef> implicit = outcome == DecisionEffect.IMPLICIT_DENY
                    ? applicable.keySet().stream().map(this::ref).toList()
                    : List.of();
            results.add(new AuthResult(
                    info,
                    outcome == DecisionEffect.ALLOW ? dedupe(allowed) : List.of(),
                    implicit,
                    dedupe(explicit),
                    outcome));
        }
        return results;
    }

    /**
     * The {@code iot:Certificate.*} values of a certificate principal, from the first source that knows it. Names this
     * module does not know are left out rather than failing the request.
     */
    static void addCertificateFields(
            AuthorizationContext.Builder context, Iterable<CertificateFieldSource> sources, String principal) {
        for (CertificateFieldSource source : sources) {
            Optional<Map<String, List<String>>> fields = source.certificateFields(principal);
            if (fields.isPresent()) {
                fields.get()
                        .forEach((name, values) -> CertificateFields.canonical(name)
                                .filter(canonical -> !values.isEmpty())
                                .ifPresent(canonical ->
                                        context.certificateField(canonical, values.toArray(String[]::new))));
                return;
            }
        }
    }

    private Policies.PolicyRef ref(String name) {
        return new Policies.PolicyRef(name, platform.iotArn("policy", name).toString());
    }

    private static List<Policies.PolicyRef> dedupe(List<Policies.PolicyRef> refs) {
        return refs.stream().distinct().toList();
    }

    private static Optional<String> certificateId(String principal) {
        if (!principal.startsWith("arn:")) {
            return Optional.empty();
        }
        Arn arn = Arn.parse(principal);
        return "cert".equals(arn.resourceType()) ? Optional.of(arn.resourceId()) : Optional.empty();
    }
}
