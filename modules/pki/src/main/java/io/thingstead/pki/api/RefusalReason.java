package io.thingstead.pki.api;

/** Why {@link DeviceAuthenticator} refused a presented certificate. */
public enum RefusalReason {
    /** No client certificate was presented. */
    NO_CERTIFICATE,
    /**
     * Issued by a CA Thingstead knows (its own, or a registered CA without auto-registration), but not registered (or
     * deleted).
     */
    UNKNOWN_CERTIFICATE,
    /** Registered, but INACTIVE. */
    INACTIVE,
    /** REVOKED, on the CRL of Thingstead's CA, or on the imported CRL of its registered CA. */
    REVOKED,
    /** Its registered CA is INACTIVE. */
    CA_INACTIVE,
    /** The certificate (or its CA) is outside its validity period. */
    EXPIRED,
    /** Not issued by any CA Thingstead knows, or not acceptable (key, signature algorithm). */
    UNTRUSTED_CHAIN,
    /** Registered by just-in-time registration and not activated yet. */
    PENDING_ACTIVATION
}
