package io.thingstead.pki.api;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the gateway needs from the client certificate chain a device presented in the TLS handshake.
 *
 * @param certificateId the leaf's AWS certificate id (lower-case hex SHA-256 of its DER encoding)
 * @param certificate the leaf certificate
 * @param chainCertificateIds the certificate ids of every presented certificate, leaf first (the second, when present,
 *     is normally the issuing CA, which is how a certificate registered with a CA is matched to that CA)
 * @param fields the values of AWS IoT's X.509 certificate policy variables, keyed as in {@link CertificateFieldKeys}
 *     without the {@code iot:Certificate.} prefix; only attributes the certificate has are present, each with 1 to 5
 *     values in certificate order
 */
public record PresentedCertificate(
        String certificateId,
        X509Certificate certificate,
        List<String> chainCertificateIds,
        Map<String, List<String>> fields) {
    public PresentedCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificate, "certificate");
        chainCertificateIds = List.copyOf(chainCertificateIds);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        fields = Collections.unmodifiableMap(copy);
    }
}
