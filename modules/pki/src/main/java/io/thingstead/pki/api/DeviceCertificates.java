package io.thingstead.pki.api;

import io.thingstead.common.api.paging.Page;
import java.util.Optional;

/**
 * Device certificates as the AWS IoT control plane manages them. Errors are {@code IotException}s with AWS's types:
 * {@code InvalidRequestException}, {@code ResourceNotFoundException}, {@code CertificateStateException} (406),
 * {@code CertificateValidationException}, {@code DeleteConflictException}, {@code ResourceAlreadyExistsException}.
 */
public interface DeviceCertificates {
    /** CreateKeysAndCertificate: a new key pair and a certificate for it from Thingstead's issuing CA. */
    NewKeysAndCertificate createKeysAndCertificate(boolean setAsActive);

    /** CreateCertificateFromCsr: a certificate from Thingstead's issuing CA for the CSR's key and subject. */
    CertificateInfo createFromCsr(String certificateSigningRequest, boolean setAsActive);

    CertificateInfo describe(String certificateId);

    /** Ordered by creation date (ascending or not), then id; {@code pageSize} 1 to 250, 0 for 250. */
    Page<CertificateInfo> list(Optional<String> marker, int pageSize, boolean ascending);

    Page<CertificateInfo> listByCa(String caCertificateId, Optional<String> marker, int pageSize, boolean ascending);

    /**
     * UpdateCertificate: ACTIVE, INACTIVE or REVOKED. REVOKED is final. Revoking a certificate Thingstead issued puts
     * its serial number into the issuing CA's CRL in the same transaction.
     */
    void updateStatus(String certificateId, String newStatus);

    /**
     * DeleteCertificate: only when not ACTIVE and not attached to a thing; with policies attached only with {@code
     * forceDelete} (which detaches them). A certificate Thingstead issued stays on its CA's CRL after deletion.
     */
    void delete(String certificateId, boolean forceDelete);

    /** RegisterCertificate: a device certificate issued by a registered CA. */
    CertificateInfo register(
            String certificatePem, Optional<String> caCertificatePem, Optional<String> status, boolean setAsActive);

    /** RegisterCertificateWithoutCA: a device certificate whose CA is not registered. */
    CertificateInfo registerWithoutCa(String certificatePem, Optional<String> status);
}
