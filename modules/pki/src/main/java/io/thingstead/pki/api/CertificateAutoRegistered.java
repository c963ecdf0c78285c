package io.thingstead.pki.api;

import java.time.Instant;
import java.util.Objects;

/**
 * CDI event fired (inside the registering transaction) when a device presented an unknown certificate issued by a
 * registered CA with auto-registration enabled, and Thingstead registered it as {@code PENDING_ACTIVATION}: AWS's
 * just-in-time registration. The connection was refused; a provisioning hook observing this event (with {@code during
 * = TransactionPhase.AFTER_SUCCESS}) may activate the certificate, create a thing and attach policies, after which the
 * device's next connection succeeds.
 *
 * <p>AWS publishes the same facts on {@code $aws/events/certificates/registered/<caCertificateId>}.
 */
public record CertificateAutoRegistered(
        String certificateId, String caCertificateId, String certificatePem, Instant registeredAt) {
    public CertificateAutoRegistered {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(caCertificateId, "caCertificateId");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(registeredAt, "registeredAt");
    }
}
