package io.thingstead.registry.api;

import io.thingstead.common.api.paging.Page;
import java.util.List;
import java.util.Optional;

/**
 * Which principals (certificate ARNs, later Cognito-style identities) are attached to which things. Once PKI exists it
 * validates that a certificate ARN names a certificate it knows (through {@link PrincipalValidator}).
 */
public interface ThingPrincipals {
    void attach(String thingName, String principalArn);

    /** Detaching a principal that is not attached succeeds, as AWS does. */
    void detach(String thingName, String principalArn);

    Page<String> listPrincipals(String thingName, Optional<String> nextToken, int maxResults);

    Page<String> listThings(String principalArn, Optional<String> nextToken, int maxResults);

    /** The things a principal is attached to, for the gateway's policy variables (small: AWS allows few). */
    List<String> thingsOf(String principalArn);
}
