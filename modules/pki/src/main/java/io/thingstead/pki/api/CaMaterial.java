package io.thingstead.pki.api;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate authority Thingstead can sign with: its certificate and the matching private key. {@link #toString()}
 * never shows the key.
 */
public record CaMaterial(X509Certificate certificate, PrivateKey privateKey) {
    public CaMaterial {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "CaMaterial[subject=" + certificate.getSubjectX500Principal().getName() + ", serialNumber="
                + certificate.getSerialNumber().toString(16) + ", privateKey=<redacted>]";
    }
}
