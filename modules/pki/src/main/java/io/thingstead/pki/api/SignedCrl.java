package io.thingstead.pki.api;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Objects;

/**
 * An X.509 v2 CRL Thingstead signed for one of its CAs.
 *
 * @param crl the parsed CRL ({@link X509CRL#getEncoded()} gives the DER to publish as {@code application/pkix-crl})
 * @param pem the same CRL as a PEM block ({@code -----BEGIN X509 CRL-----})
 * @param crlNumber the CRL Number extension's value
 * @param thisUpdate when the CRL was issued
 * @param nextUpdate when the next CRL will be issued at the latest
 */
public record SignedCrl(X509CRL crl, String pem, BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate) {
    public SignedCrl {
        Objects.requireNonNull(crl, "crl");
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(crlNumber, "crlNumber");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
    }
}
