package io.thingstead.policy.api;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Compiles AWS IoT Core policies and binds them to connections. Available as a CDI bean, or from {@link #create()}.
 *
 * <pre>{@code
 * CompiledPolicy policy = evaluator.compile("DevicePolicy", PolicyDocument.parse(json));   // once per policy version
 * BoundPolicies bound = evaluator.bind(List.of(policy), context);                          // once per connection
 * Decision decision = bound.authorize(IotAction.PUBLISH, topicArn);                         // per message
 * }</pre>
 */
public interface PolicyEvaluator {
    /**
     * The policy module's evaluator outside CDI (tests, benchmarks, tools), found through {@link ServiceLoader} so
     * that this contract does not import its implementation.
     */
    static PolicyEvaluator create() {
        return ServiceLoader.load(PolicyEvaluator.class, PolicyEvaluator.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the policy module is not on the class path"));
    }

    /**
     * Compiles a parsed document under a policy name.
     *
     * @throws MalformedPolicyException when the document (e.g. one not built by {@link PolicyDocument#parse}) is
     *     invalid
     */
    CompiledPolicy compile(String policyName, PolicyDocument document);

    /**
     * Parses and validates a document as AWS IoT's {@code CreatePolicy} does ({@link PolicyDocument#parse}).
     *
     * @throws MalformedPolicyException saying what is wrong and where
     */
    PolicyDocument parse(String json);

    /** Parses and compiles in one step. */
    default CompiledPolicy compile(String policyName, String documentJson) {
        return compile(policyName, PolicyDocument.parse(documentJson));
    }

    /**
     * Binds policies to a connection. The order of {@code policies} only decides which statement is reported when
     * several could decide; the outcome does not depend on it.
     *
     * @throws IllegalArgumentException when a policy was not compiled by this module
     */
    BoundPolicies bind(List<CompiledPolicy> policies, AuthorizationContext context);

    /** The module's evaluator for {@link PolicyDocument#parse}, found once. */
    final class Holder {
        static final PolicyEvaluator EVALUATOR = create();

        private Holder() {}
    }
}
