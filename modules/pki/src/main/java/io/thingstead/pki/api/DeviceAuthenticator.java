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
 * <p>An unknown certificate issued by an ACTIVE registered CA with auto-registration {@code ENABLE} is handled here,
 * inside {@link #authenticate}, so the gateway needs no second call:
 *
 * <ul>
 *   <li><b>Just-in-time provisioning</b> (the CA's {@link RegistrationConfig} has a {@code templateBody} or the {@code
 *       templateName} of a JITP template): the certificate is registered and the template applied (thing, policies,
 *       certificate status) in one transaction; this call returns {@code Refused} with {@link
 *       RefusalReason#PENDING_ACTIVATION} (detail "provisioned just in time; connect again"), as AWS drops the first
 *       connection, and the device's next connection is {@code Accepted}. When the template cannot be applied nothing
 *       is registered and the result is {@link RefusalReason#UNKNOWN_CERTIFICATE} (detail "just-in-time provisioning
 *       failed: ..."), retried after the cache TTL.
 *   <li><b>Just-in-time registration</b> (no template): the certificate is registered as {@code PENDING_ACTIVATION},
 *       {@link CertificateAutoRegistered} is fired, and the connection is refused ({@link
 *       RefusalReason#PENDING_ACTIVATION}) until an operator activates the certificate.
 * </ul>
 *
 * <p>The gateway closes a refused connection (for MQTT 3.1.1 CONNACK "not authorized", for MQTT 5 reason code 0x87)
 * whatever the reason; the reason and detail are for its log. The call may touch the database (cache misses, JIT
 * registration and provisioning): call it off the network event loop. It never throws for a bad certificate.
 */
public interface DeviceAuthenticator {
    /**
     * @param presentedChain the chain the TLS stack received, leaf first; the handshake has already proven that the
     *     client holds the leaf's private key
     */
    AuthenticationResult authenticate(X509Certificate[] presentedChain);
}
