package io.thingstead.http.internal;

import io.thingstead.identity.api.Role;
import java.security.Principal;

/** The authenticated caller of a control-plane or data-plane request. */
record Caller(String accessKeyId, String principal, Role role, String service) implements Principal {
    @Override
    public String getName() {
        return principal;
    }

    /** How the caller appears in the audit trail. */
    String actor() {
        return "accessKey/" + accessKeyId + "/" + principal;
    }
}
