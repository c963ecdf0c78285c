package io.thingstead.policy.api;

import java.util.List;
import java.util.Optional;

/**
 * What the gateway and TestAuthorization evaluate: the compiled default versions of every policy that applies to a
 * principal — attached to the principal itself, or to a thing group (or an ancestor of one) of a thing the principal
 * is attached to. Cached, and invalidated when policies, attachments or memberships change.
 */
public interface PrincipalPolicies {
    List<CompiledPolicy> forPrincipal(String principal);

    /** The thing a principal is attached to (the first by name), for {@code iot:Connection.Thing.*} variables. */
    Optional<ConnectedThing> attachedThing(String principal);
}
