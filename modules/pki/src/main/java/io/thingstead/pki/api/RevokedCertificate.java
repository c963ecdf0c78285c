package io.thingstead.pki.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a CRL.
 *
 * @param serialNumber the revoked certificate's serial number
 * @param revokedAt the revocation date (CRLs carry whole seconds)
 * @param reason the reason code; empty when the entry has none (RFC 5280 says "unspecified" should be expressed by
 *     leaving the reason out, so Thingstead writes no reason code for {@link RevocationReason#UNSPECIFIED})
 */
public record RevokedCertificate(BigInteger serialNumber, Instant revokedAt, Optional<RevocationReason> reason) {
    public RevokedCertificate {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
    }

    public RevokedCertificate(BigInteger serialNumber, Instant revokedAt) {
        this(serialNumber, revokedAt, Optional.empty());
    }

    public RevokedCertificate(BigInteger serialNumber, Instant revokedAt, RevocationReason reason) {
        this(serialNumber, revokedAt, Optional.of(reason));
    }
}
