package io.thingstead.pki.api;

/**
 * CDI event fired (inside the changing transaction) when a CA certificate is registered, updated or deleted, or when
 * a CRL is imported for it. Caches observe it with {@code during = TransactionPhase.AFTER_SUCCESS}.
 */
public record CaCertificateChanged(String caCertificateId) {}
