package io.thingstead.pki.api;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate as Thingstead stores and returns it: whether Thingstead issued it or a customer brought it.
 *
 * @param certificateId AWS's certificate id: the lower-case hex SHA-256 of the certificate's DER encoding (64 chars)
 * @param certificatePem the certificate re-encoded by Thingstead as a single PEM block (64-column base64, {@code \n} line
 *     ends, trailing newline), whatever formatting the caller sent
 * @param certificate the parsed certificate
 */
public record IssuedCertificate(String certificateId, String certificatePem, X509Certificate certificate) {
    public IssuedCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public String toString() {
        return "IssuedCertificate[certificateId=" + certificateId + ", subject="
                + certificate.getSubjectX500Principal().getName() + "]";
    }
}
