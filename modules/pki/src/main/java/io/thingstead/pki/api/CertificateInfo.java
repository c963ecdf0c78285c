package io.thingstead.pki.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device certificate as AWS's {@code CertificateDescription} describes it.
 *
 * @param certificateId lower-case hex SHA-256 of the DER encoding
 * @param caCertificateId the CA that issued it: Thingstead's issuing CA or a registered CA; empty for certificates
 *     registered without a CA
 * @param certificatePem the certificate, canonical PEM
 * @param ownedBy the account id
 * @param customerVersion starts at 1, increased by every change
 * @param generationId changes with every change
 * @param notBefore the certificate's validity
 * @param certificateMode {@code DEFAULT}, or {@code SNI_ONLY} for certificates registered without a CA (as AWS)
 */
public record CertificateInfo(
        String certificateId,
        String certificateArn,
        Optional<String> caCertificateId,
        CertificateStatus status,
        String certificatePem,
        String ownedBy,
        Instant creationDate,
        Instant lastModifiedDate,
        int customerVersion,
        String generationId,
        Instant notBefore,
        Instant notAfter,
        String certificateMode) {
    public CertificateInfo {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(caCertificateId, "caCertificateId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(certificateMode, "certificateMode");
    }
}
