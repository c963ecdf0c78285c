package io.thingstead.pki.internal;

import io.thingstead.pki.api.AuthenticationResult;
import io.thingstead.pki.api.AuthenticationResult.Accepted;
import io.thingstead.pki.api.AuthenticationResult.Refused;
import io.thingstead.pki.api.AutoRegistrationStatus;
import io.thingstead.pki.api.CaCertificateStatus;
import io.thingstead.pki.api.CaKind;
import io.thingstead.pki.api.CertificateStatus;
import io.thingstead.pki.api.RefusalReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link io.thingstead.pki.api.DeviceAuthenticator} decides, as pure functions of facts loaded from the database
 * (and cached) and the current time, so that expiry is judged at every connection even for a cached certificate.
 */
public final class AuthenticationRules {
    private AuthenticationRules() {}

    /** The CA a certificate was issued by, as far as authentication cares. */
    public record CaFacts(
            String caCertificateId,
            CaKind kind,
            CaCertificateStatus status,
            AutoRegistrationStatus autoRegistration,
            Instant notBefore,
            Instant notAfter) {
        public CaFacts {
            Objects.requireNonNull(caCertificateId, "caCertificateId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(autoRegistration, "autoRegistration");
        }

        boolean validAt(Instant now) {
            return !now.isBefore(notBefore) && !now.isAfter(notAfter);
        }
    }

    /**
     * A registered certificate.
     *
     * @param ca its CA, empty for certificates registered without a CA
     * @param revokedByCa whether its serial number is on the CRL imported for its registered CA
     */
    public record KnownCertificate(
            String certificateId,
            String certificateArn,
            CertificateStatus status,
            Instant notBefore,
            Instant notAfter,
            Optional<CaFacts> ca,
            boolean revokedByCa,
            Map<String, List<String>> fields) {
        public KnownCertificate {
            Objects.requireNonNull(certificateId, "certificateId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(ca, "ca");
            fields = Map.copyOf(fields);
        }
    }

    /** The decision for a registered certificate at {@code now}. */
    public static AuthenticationResult decide(KnownCertificate certificate, Instant now) {
        Optional<String> id = Optional.of(certificate.certificateId());
        if (certificate.status() == CertificateStatus.REVOKED) {
            return new Refused(RefusalReason.REVOKED, id, "the certificate is REVOKED");
        }
        if (certificate.revokedByCa()) {
            return new Refused(RefusalReason.REVOKED, id, "the certificate is on its CA's certificate revocation list");
        }
        switch (certificate.status()) {
            case PENDING_ACTIVATION -> {
                return new Refused(
                        RefusalReason.PENDING_ACTIVATION,
                        id,
                        "the certificate is PENDING_ACTIVATION (just registered)");
            }
            case ACTIVE -> {}
            default -> {
                return new Refused(RefusalReason.INACTIVE, id, "the certificate is " + certificate.status());
            }
        }
        if (now.isBefore(certificate.notBefore()) || now.isAfter(certificate.notAfter())) {
            return new Refused(
                    RefusalReason.EXPIRED,
                    id,
                    "the certificate is valid from " + certificate.notBefore() + " to " + certificate.notAfter());
        }
        if (certificate.ca().isPresent()) {
            CaFacts ca = certificate.ca().get();
            if (ca.status() != CaCertificateStatus.ACTIVE) {
                return new Refused(RefusalReason.CA_INACTIVE, id, "its CA " + ca.caCertificateId() + " is INACTIVE");
            }
            if (!ca.validAt(now)) {
                return new Refused(
                        RefusalReason.EXPIRED, id, "its CA " + ca.caCertificateId() + " is outside its validity");
            }
        }
        return new Accepted(
                certificate.certificateId(),
                certificate.certificateArn(),
                certificate.ca().map(CaFacts::caCertificateId),
                certificate.fields());
    }

    /**
     * The decision for a certificate Thingstead does not know.
     *
     * @param issuer the CA whose key verifies the certificate's signature, empty when there is none
     * @param revoked whether the serial number is on that CA's CRL (Thingstead's own, or the imported one)
     * @return the refusal, or empty when the certificate is to be registered just in time (and refused as
     *     PENDING_ACTIVATION)
     */
    public static Optional<Refused> decideUnknown(
            String certificateId,
            Optional<CaFacts> issuer,
            boolean revoked,
            Instant notBefore,
            Instant notAfter,
            Instant now) {
        Optional<String> id = Optional.of(certificateId);
        if (issuer.isEmpty()) {
            return Optional.of(new Refused(
                    RefusalReason.UNTRUSTED_CHAIN, id, "the certificate was not issued by a CA Thingstead knows"));
        }
        CaFacts ca = issuer.get();
        if (revoked) {
            return Optional.of(new Refused(
                    RefusalReason.REVOKED, id, "the certificate is on its CA's certificate revocation list"));
        }
        if (ca.kind() != CaKind.REGISTERED) {
            return Optional.of(new Refused(
                    RefusalReason.UNKNOWN_CERTIFICATE,
                    id,
                    "the certificate was issued by Thingstead's CA but is not registered (it was deleted)"));
        }
        if (ca.status() != CaCertificateStatus.ACTIVE) {
            return Optional.of(
                    new Refused(RefusalReason.CA_INACTIVE, id, "its CA " + ca.caCertificateId() + " is INACTIVE"));
        }
        if (now.isBefore(notBefore) || now.isAfter(notAfter) || !ca.validAt(now)) {
            return Optional.of(
                    new Refused(RefusalReason.EXPIRED, id, "the certificate or its CA is outside its validity period"));
        }
        if (ca.autoRegistration() != AutoRegistrationStatus.ENABLE) {
            return Optional.of(new Refused(
                    RefusalReason.UNKNOWN_CERTIFICATE,
                    id,
                    "the certificate is not registered and its CA " + ca.caCertificateId()
                            + " does not allow auto-registration"));
        }
        return Optional.empty();
    }
}
