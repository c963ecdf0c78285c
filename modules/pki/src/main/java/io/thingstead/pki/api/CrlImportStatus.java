package io.thingstead.pki.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What Thingstead knows about the CRL of a registered CA: the last one imported (uploaded or fetched) and how the last
 * fetch went.
 *
 * @param crlUrl where the CRL is fetched from periodically; empty when only uploads are used
 * @param revokedCount how many serial numbers the imported CRL revokes
 * @param source {@code upload} or the URL the imported CRL came from
 * @param lastError why the last fetch failed; empty after a success
 */
public record CrlImportStatus(
        String caCertificateId,
        Optional<String> crlUrl,
        Optional<BigInteger> crlNumber,
        Optional<Instant> thisUpdate,
        Optional<Instant> nextUpdate,
        int revokedCount,
        Optional<String> source,
        Optional<Instant> importedAt,
        Optional<String> lastError) {
    public CrlImportStatus {
        Objects.requireNonNull(caCertificateId, "caCertificateId");
        Objects.requireNonNull(crlUrl, "crlUrl");
        Objects.requireNonNull(crlNumber, "crlNumber");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(importedAt, "importedAt");
        Objects.requireNonNull(lastError, "lastError");
    }
}
