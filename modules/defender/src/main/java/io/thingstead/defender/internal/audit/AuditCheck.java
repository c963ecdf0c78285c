package io.thingstead.defender.internal.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The audit checks Thingstead runs, with AWS's names, severities and whether AWS enables them in a new account's
 * configuration. Checks AWS has and Thingstead does not (Cognito roles, role aliases,
 * IOT_POLICY_POTENTIALLY_MISCONFIGURED_CHECK) are not listed: enabling one is refused rather than reported as
 * compliant.
 */
public enum AuditCheck {
    DEVICE_CERTIFICATE_EXPIRING_CHECK("MEDIUM", "DEVICE_CERTIFICATE"),
    CA_CERTIFICATE_EXPIRING_CHECK("MEDIUM", "CA_CERTIFICATE"),
    REVOKED_CA_CERTIFICATE_STILL_ACTIVE_CHECK("CRITICAL", "CA_CERTIFICATE"),
    REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK("MEDIUM", "DEVICE_CERTIFICATE"),
    INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK("CRITICAL", "DEVICE_CERTIFICATE"),
    DEVICE_CERTIFICATE_SHARED_CHECK("CRITICAL", "DEVICE_CERTIFICATE"),
    CONFLICTING_CLIENT_IDS_CHECK("HIGH", "CLIENT_ID"),
    IOT_POLICY_OVERLY_PERMISSIVE_CHECK("CRITICAL", "IOT_POLICY"),
    DEVICE_CERTIFICATE_AGE_CHECK("LOW", "DEVICE_CERTIFICATE"),
    DEVICE_CERTIFICATE_KEY_QUALITY_CHECK("CRITICAL", "DEVICE_CERTIFICATE"),
    CA_CERTIFICATE_KEY_QUALITY_CHECK("CRITICAL", "CA_CERTIFICATE");

    /** The configuration key of the expiring check's threshold (AWS's, default 30 days). */
    public static final String EXPIRATION_THRESHOLD = "CERT_EXPIRATION_THRESHOLD_IN_DAYS";
    /** The configuration key of the age check's threshold (AWS's, default 365 days, 30 to 3652). */
    public static final String AGE_THRESHOLD = "CERT_AGE_THRESHOLD_IN_DAYS";

    private final String severity;
    private final String resourceType;

    AuditCheck(String severity, String resourceType) {
        this.severity = severity;
        this.resourceType = resourceType;
    }

    public String severity() {
        return severity;
    }

    public String resourceType() {
        return resourceType;
    }

    public static Optional<AuditCheck> named(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
    }
}
