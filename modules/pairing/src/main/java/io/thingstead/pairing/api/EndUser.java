package io.thingstead.pairing.api;

import io.thingstead.identity.api.IdentityIds;
import java.util.Objects;
import java.util.Optional;

/**
 * A person signed in with OpenID Connect, as pairing sees them.
 *
 * @param identityId the Cognito-style identity id ({@code <region>:<uuid>}, {@link IdentityIds}); what ownership,
 *     policies and the audit trail name
 * @param subject the token's {@code sub}
 * @param username what to show people (the {@code preferred_username} claim, else the subject)
 * @param sourceIp where the request came from, for the audit trail
 */
public record EndUser(String identityId, String subject, String username, Optional<String> sourceIp) {
    public EndUser {
        if (!IdentityIds.isIdentityId(identityId)) {
            throw new IllegalArgumentException("not an identity id: " + identityId);
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sourceIp, "sourceIp");
    }
}
