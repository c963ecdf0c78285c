package io.thingstead.pki.api;

/** Where a CA certificate comes from. */
public enum CaKind {
    /** Thingstead's own root CA, created at the first start; signs only the issuing CA. */
    ROOT,
    /** Thingstead's own issuing CA: signs the certificates of CreateKeysAndCertificate and CreateCertificateFromCsr. */
    ISSUING,
    /** A CA an operator registered with RegisterCACertificate; Thingstead has no key for it. */
    REGISTERED
}
