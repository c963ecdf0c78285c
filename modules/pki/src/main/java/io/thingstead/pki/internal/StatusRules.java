package io.thingstead.pki.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.CertificateStatus;
import java.util.Optional;

/** AWS's rules for certificate status changes, deletion and registration, as pure functions. */
public final class StatusRules {
    private StatusRules() {}

    /**
     * Checks an UpdateCertificate from {@code current} to {@code target}: REVOKED is final; Thingstead sets only
     * ACTIVE, INACTIVE and REVOKED (PENDING_TRANSFER belongs to TransferCertificate, which Thingstead does not offer;
     * REGISTER_INACTIVE is deprecated by AWS; PENDING_ACTIVATION is what just-in-time registration sets).
     *
     * @return true when the status changes, false when it already is {@code target}
     */
    public static boolean checkUpdate(String certificateId, CertificateStatus current, CertificateStatus target) {
        switch (target) {
            case ACTIVE, INACTIVE, REVOKED -> {}
            case PENDING_TRANSFER ->
                throw IotException.invalidRequest(
                        "newStatus PENDING_TRANSFER is set by TransferCertificate, which Thingstead does not support.");
            case REGISTER_INACTIVE ->
                throw IotException.invalidRequest("newStatus REGISTER_INACTIVE is deprecated; use INACTIVE.");
            case PENDING_ACTIVATION ->
                throw IotException.invalidRequest(
                        "newStatus PENDING_ACTIVATION is set only by just-in-time registration and fleet provisioning; use"
                                + " ACTIVE or INACTIVE.");
        }
        if (current == CertificateStatus.REVOKED && target != CertificateStatus.REVOKED) {
            throw new IotException(
                    ErrorCode.CERTIFICATE_STATE,
                    "Certificate " + certificateId + " is REVOKED; a revoked certificate cannot change its status.");
        }
        return current != target;
    }

    /** DeleteCertificate: refused while ACTIVE (CertificateStateException, as AWS). */
    public static void checkDelete(String certificateId, CertificateStatus current) {
        if (current == CertificateStatus.ACTIVE) {
            throw new IotException(
                    ErrorCode.CERTIFICATE_STATE,
                    "Certificate " + certificateId + " must be deactivated (not ACTIVE) before deletion.");
        }
    }

    /**
     * The status of a certificate brought with RegisterCertificate or RegisterCertificateWithoutCA: the {@code status}
     * member when given (ACTIVE, INACTIVE or REVOKED), else ACTIVE when {@code setAsActive}, else INACTIVE.
     */
    public static CertificateStatus registrationStatus(Optional<String> status, boolean setAsActive) {
        if (status.isEmpty()) {
            return setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE;
        }
        CertificateStatus parsed = CertificateStatus.parse("status", status.get());
        return switch (parsed) {
            case ACTIVE, INACTIVE, REVOKED -> parsed;
            default ->
                throw IotException.invalidRequest("status must be ACTIVE, INACTIVE or REVOKED when registering a"
                        + " certificate, not " + parsed + ".");
        };
    }
}
