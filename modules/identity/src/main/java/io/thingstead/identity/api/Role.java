package io.thingstead.identity.api;

/** What the holder of an access key may do on the control plane. */
public enum Role {
    /** Everything (the policy issue refines this with IAM-style policies). */
    OPERATOR
}
