package io.thingstead.policy.api;

import java.util.List;
import java.util.Optional;

/** TestAuthorization: what the gateway would decide for a principal, with the policies that decided. */
public interface AuthorizationTester {
    record AuthInfo(String actionType, List<String> resources) {}

    record AuthResult(
            AuthInfo authInfo,
            List<Policies.PolicyRef> allowedBy,
            List<Policies.PolicyRef> implicitlyDeniedBy,
            List<Policies.PolicyRef> explicitlyDeniedBy,
            DecisionEffect decision) {}

    List<AuthResult> test(
            String principal,
            Optional<String> clientId,
            List<AuthInfo> authInfos,
            List<String> policyNamesToAdd,
            List<String> policyNamesToSkip);
}
