package io.thingstead.identity.api;

import java.util.Arrays;

/** A freshly created access key: the only time its secret is available. Never log it. */
public record NewAccessKey(String accessKeyId, char[] secretAccessKey, String principal, Role role) {
    @Override
    public String toString() {
        return "NewAccessKey[" + accessKeyId + ", principal=" + principal + ", role=" + role + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewAccessKey key
                && key.accessKeyId.equals(accessKeyId)
                && Arrays.equals(key.secretAccessKey, secretAccessKey);
    }

    @Override
    public int hashCode() {
        return accessKeyId.hashCode();
    }
}
