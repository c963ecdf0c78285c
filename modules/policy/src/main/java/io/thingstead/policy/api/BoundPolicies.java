package io.thingstead.policy.api;

/**
 * The policies of one connection with its connection-scoped variables substituted and its connection-scoped
 * conditions decided: what the gateway asks on every CONNECT, PUBLISH, SUBSCRIBE and delivery. Immutable and
 * thread-safe.
 *
 * <p>Evaluation follows AWS: an explicit {@code Deny} in any policy wins; otherwise a matching {@code Allow} allows;
 * otherwise the request is implicitly denied. Resource ARNs are matched case-sensitively, action names
 * case-insensitively.
 */
public interface BoundPolicies {
    /**
     * Authorizes {@code action} on {@code resourceArn}, e.g. {@code iot:Publish} on
     * {@code arn:aws:iot:us-east-1:123456789012:topic/a/b}.
     */
    Decision authorize(String action, String resourceArn);

    /** As {@link #authorize(String, String)} with keys that belong to this request only. */
    Decision authorize(String action, String resourceArn, RequestContext request);

    /** The fast path for the known AWS IoT actions: no allocation unless the policies use request-scoped keys. */
    Decision authorize(IotAction action, String resourceArn);

    /** As {@link #authorize(IotAction, String)} with keys that belong to this request only. */
    Decision authorize(IotAction action, String resourceArn, RequestContext request);

    /**
     * Whether {@code action} is allowed on every resource whose ARN starts with {@code resourceArnPrefix}, whatever
     * follows it and whatever the request: an {@code Allow} whose resource is that prefix (or a shorter one) followed
     * by {@code *}, without conditions left to the request, and no {@code Deny} that could apply to any such resource.
     * Conservative: false whenever that cannot be shown from the statements alone, never true when some resource under
     * the prefix would be denied. Lets the gateway decide {@code iot:Receive} once per subscription instead of once per
     * message.
     */
    boolean allowsEveryResourceStartingWith(IotAction action, String resourceArnPrefix);

    /** The connection these policies were bound for. */
    AuthorizationContext context();
}
