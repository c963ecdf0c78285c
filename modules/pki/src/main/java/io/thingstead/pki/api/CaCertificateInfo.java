package io.thingstead.pki.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A CA certificate as AWS's {@code CACertificateDescription} (plus the top-level {@code registrationConfig} of
 * DescribeCACertificate) describes it, with what Thingstead adds: the kind and, for registered CAs, the URL their CRL
 * is fetched from.
 */
public record CaCertificateInfo(
        String certificateId,
        String certificateArn,
        CaKind kind,
        CaCertificateStatus status,
        String certificatePem,
        String ownedBy,
        Instant creationDate,
        Instant lastModifiedDate,
        AutoRegistrationStatus autoRegistrationStatus,
        int customerVersion,
        String generationId,
        Instant notBefore,
        Instant notAfter,
        String certificateMode,
        Optional<RegistrationConfig> registrationConfig,
        Optional<String> crlUrl) {
    public CaCertificateInfo {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(autoRegistrationStatus, "autoRegistrationStatus");
        Objects.requireNonNull(registrationConfig, "registrationConfig");
        Objects.requireNonNull(crlUrl, "crlUrl");
    }
}
