package io.thingstead.pki.api;

import java.security.cert.X509Certificate;

/**
 * The gateway's one question after a TLS handshake with a client certificate: may this device connect, and as which
 * certificate principal?
 *
 * <p>Decisions are cached per certificate id and the cache is emptied by {@link CertificateChanged} and {@link
 * CaCertificateChanged} after their transactions commit, so a cached decision costs a SHA-256 of the leaf and a map
 * lookup. Other nodes learn of changes within {@code thingstead.pki.authentication-cache-ttl} (30 s by default).
 *
 * <p>An unknown certificate issued by an ACTIVE registered CA with auto-registration enabled is registered as {@code
 * PENDING_ACTIVATION} (and {@link CertificateAutoRegistered} is fired), and refused for now, as AWS's just-in-time
 * registration does.
 */
public interface DeviceAuthenticator {
    /**
     * @param presentedChain the chain the TLS stack received, leaf first; the handshake has already proven that the
     *     client holds the leaf's private key
     */
    AuthenticationResult authenticate(X509Certificate[] presentedChain);
}
