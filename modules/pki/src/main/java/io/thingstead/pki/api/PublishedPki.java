package io.thingstead.pki.api;

import java.util.Optional;

/** What Thingstead publishes without authentication under {@code /pki/}: its CA certificates and their CRLs. */
public interface PublishedPki {
    /** Thingstead's root CA certificate, PEM: what devices trust to verify the endpoints. */
    String rootCertificatePem();

    /** The issuing CA certificate followed by the root CA certificate, PEM. */
    String caChainPem();

    /** The current DER-encoded CRL of one of Thingstead's own CAs; empty for any other id. */
    Optional<byte[]> crl(String caCertificateId);
}
