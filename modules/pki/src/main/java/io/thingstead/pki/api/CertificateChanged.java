package io.thingstead.pki.api;

/**
 * CDI event fired (inside the changing transaction) when a device certificate is created, registered, changes status
 * or is deleted. Caches keyed by certificate observe it with {@code during = TransactionPhase.AFTER_SUCCESS}.
 */
public record CertificateChanged(String certificateId) {}
