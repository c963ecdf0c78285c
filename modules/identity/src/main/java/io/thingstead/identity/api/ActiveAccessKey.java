package io.thingstead.identity.api;

/**
 * An active access key as the request authenticator needs it. The secret is held only in memory (a cache entry) and
 * is left out of {@link #toString()}.
 */
public record ActiveAccessKey(String accessKeyId, String principal, Role role, byte[] secret) {
    @Override
    public String toString() {
        return "ActiveAccessKey[" + accessKeyId + ", principal=" + principal + ", role=" + role + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActiveAccessKey key && key.accessKeyId.equals(accessKeyId);
    }

    @Override
    public int hashCode() {
        return accessKeyId.hashCode();
    }
}
