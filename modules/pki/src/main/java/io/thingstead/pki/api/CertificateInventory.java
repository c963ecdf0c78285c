package io.thingstead.pki.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The PKI's certificates as Device Defender's audit reads them: in keyset pages ordered by id, so that a fleet of any
 * size is audited a page at a time without being loaded into memory. Only ACTIVE certificates are returned (AWS audits
 * ACTIVE and PENDING_TRANSFER; Thingstead has no transfers).
 */
public interface CertificateInventory {
    /**
     * One device certificate as the audit checks see it.
     *
     * @param certificatePem present only when asked for (key quality)
     * @param serialNumber lower-case hexadecimal
     */
    record AuditedCertificate(
            String certificateId,
            Optional<String> caCertificateId,
            String serialNumber,
            Instant createdAt,
            Instant notBefore,
            Instant notAfter,
            Optional<String> certificatePem) {}

    /** ACTIVE device certificates whose validity ends before {@code notAfterBefore}, ids after {@code afterId}. */
    List<AuditedCertificate> activeExpiringBefore(Instant notAfterBefore, Optional<String> afterId, int limit);

    /** ACTIVE device certificates created (registered or issued) before {@code createdBefore}. */
    List<AuditedCertificate> activeCreatedBefore(Instant createdBefore, Optional<String> afterId, int limit);

    /**
     * ACTIVE device certificates whose issuing CA revoked them: their serial is on the CA's CRL (Thingstead's own CRL,
     * or the last CRL imported for a registered CA).
     */
    List<AuditedCertificate> activeRevokedByIssuer(Optional<String> afterId, int limit);

    /** ACTIVE device certificates under one CA. */
    List<AuditedCertificate> activeIssuedBy(String caCertificateId, Optional<String> afterId, int limit);

    /**
     * ACTIVE device certificates whose key is weak (key-quality check): a page of up to {@code limit} certificates
     * after {@code afterId} is read and judged, and the weak ones are returned with the reason. {@code lastId} is where
     * the next page starts; empty when there are no more certificates.
     */
    WeakKeyPage activeWithWeakKeys(Optional<String> afterId, int limit);

    /** One page of the key-quality scan. */
    record WeakKeyPage(List<WeakKey> weak, Optional<String> lastId) {}

    /** A certificate (device or CA) whose key is weak, and why (e.g. "RSA key of 1024 bits, fewer than 2048"). */
    record WeakKey(String certificateId, String reason) {}

    /** Why the key of a certificate (PEM) is weak, or empty when it is not. */
    Optional<String> keyWeakness(String certificatePem);

    /** How many ACTIVE device certificates there are (what a device certificate check looked at). */
    long activeCount();

    /** Every ACTIVE CA certificate, Thingstead's own and registered ones (a handful). */
    List<CaCertificateInfo> activeCaCertificates();

    /** Whether the CRL of CA {@code caCertificateId} (own or imported) lists {@code serialNumber} (hex). */
    boolean revokedBy(String caCertificateId, String serialNumber);
}
