package io.thingstead.pki.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * What Thingstead takes from a CRL whose signature it verified against the issuing CA.
 *
 * @param issuer the CRL issuer (equal to the CA's subject)
 * @param thisUpdate when the CRL was issued
 * @param nextUpdate when the issuer promises the next CRL; empty when the CRL has none (RFC 5280 requires it, but
 *     some CAs omit it)
 * @param crlNumber the CRL Number extension; empty when absent
 * @param revoked the revoked entries, in CRL order
 */
public record CrlContents(
        X500Principal issuer,
        Instant thisUpdate,
        Optional<Instant> nextUpdate,
        Optional<BigInteger> crlNumber,
        List<RevokedCertificate> revoked) {
    public CrlContents {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(crlNumber, "crlNumber");
        revoked = List.copyOf(revoked);
    }

    /** The serial numbers of the revoked certificates. */
    public Set<BigInteger> revokedSerials() {
        return revoked.stream().map(RevokedCertificate::serialNumber).collect(Collectors.toUnmodifiableSet());
    }

    public boolean isRevoked(BigInteger serialNumber) {
        return revoked.stream().anyMatch(r -> r.serialNumber().equals(serialNumber));
    }
}
