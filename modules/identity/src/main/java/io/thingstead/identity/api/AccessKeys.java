package io.thingstead.identity.api;

import java.util.List;
import java.util.Optional;

/** Access keys for SigV4-signed requests: issued to operator principals, secrets sealed at rest. */
public interface AccessKeys {
    /** Issues a key; the returned secret is not retrievable again. */
    NewAccessKey create(String principal, Role role);

    /** The active key with this id, for verifying a signature; cached, so cheap per request. */
    Optional<ActiveAccessKey> findActive(String accessKeyId);

    void deactivate(String accessKeyId);

    List<AccessKeyInfo> list();
}
