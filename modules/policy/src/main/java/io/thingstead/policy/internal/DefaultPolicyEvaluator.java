package io.thingstead.policy.internal;

import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.BoundPolicies;
import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.PolicyDocument;
import io.thingstead.policy.api.PolicyEvaluator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The policy evaluator; stateless, so one instance serves the whole application. */
@ApplicationScoped
public class DefaultPolicyEvaluator implements PolicyEvaluator {
    @Override
    public CompiledPolicy compile(String policyName, PolicyDocument document) {
        return PolicyCompiler.compile(policyName, document);
    }

    @Override
    public PolicyDocument parse(String json) {
        return PolicyParser.parse(json);
    }

    @Override
    public BoundPolicies bind(List<CompiledPolicy> policies, AuthorizationContext context) {
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(context, "context");
        List<CompiledPolicyImpl> compiled = new ArrayList<>(policies.size());
        for (CompiledPolicy policy : policies) {
            if (!(policy instanceof CompiledPolicyImpl impl)) {
                throw new IllegalArgumentException("not a policy compiled by PolicyEvaluator: " + policy);
            }
            compiled.add(impl);
        }
        return new BoundPoliciesImpl(compiled, context);
    }
}
