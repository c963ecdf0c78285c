package io.thingstead.pki.api;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** The trust material of the gateway's TLS listener. */
public interface GatewayTrust {
    /**
     * The CAs a client certificate may chain to: Thingstead's root and issuing CA and every ACTIVE registered CA.
     * Certificates registered without a CA chain to none of them: a listener that accepts those must request a client
     * certificate without verifying its chain and leave the decision to {@link DeviceAuthenticator}.
     */
    List<X509Certificate> clientCertificateAuthorities();

    /** Thingstead's root CA certificate: what devices trust to verify the gateway. */
    X509Certificate rootCertificate();

    /**
     * A TLS server certificate for {@code thingstead.pki.endpoint-hosts}, issued by the issuing CA (renewed when the
     * hosts change or 30 days before it expires), with its chain and private key.
     */
    ServerCredentials serverCredentials();

    /**
     * @param chain the server certificate followed by the issuing CA certificate
     * @param privateKey the server certificate's key; {@link #toString()} never shows it
     */
    record ServerCredentials(List<X509Certificate> chain, PrivateKey privateKey) {
        public ServerCredentials {
            chain = List.copyOf(chain);
            Objects.requireNonNull(privateKey, "privateKey");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a server certificate chain is not empty");
            }
        }

        @Override
        public String toString() {
            return "ServerCredentials[subject="
                    + chain.get(0).getSubjectX500Principal().getName() + ", privateKey=<redacted>]";
        }
    }
}
