package io.thingstead.pki.api;

import java.util.Objects;

/**
 * The result of CreateKeysAndCertificate: the new certificate and its key pair. The private key exists only here: it
 * is returned to the caller once and never stored. {@link #toString()} never shows it.
 */
public record NewKeysAndCertificate(CertificateInfo certificate, KeyPairPem keyPair) {
    public NewKeysAndCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(keyPair, "keyPair");
    }

    @Override
    public String toString() {
        return "NewKeysAndCertificate[certificateId=" + certificate.certificateId() + ", keyPair=" + keyPair + "]";
    }
}
