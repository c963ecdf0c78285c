package io.thingstead.pki.api;

import java.security.PublicKey;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A PKCS#10 certificate signing request that passed validation: its signature verifies with its own public key, the key
 * is one AWS IoT accepts, and the subject is not empty.
 *
 * @param subject the requested subject, copied as-is into the certificate Thingstead issues for it
 * @param publicKey the requested public key
 * @param signatureAlgorithm the JCA name of the algorithm the CSR was signed with, e.g. {@code SHA256WITHECDSA}
 */
public record ValidatedCsr(X500Principal subject, PublicKey publicKey, String signatureAlgorithm) {
    public ValidatedCsr {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    }
}
