package io.thingstead.pki.api;

import java.util.Objects;
import java.util.Optional;

/** The members of UpdateCACertificate; statuses as sent, validated by the service. */
public record UpdateCaCertificate(
        String caCertificateId,
        Optional<String> newStatus,
        Optional<String> newAutoRegistrationStatus,
        Optional<RegistrationConfig> registrationConfig,
        boolean removeAutoRegistration) {
    public UpdateCaCertificate {
        Objects.requireNonNull(newStatus, "newStatus");
        Objects.requireNonNull(newAutoRegistrationStatus, "newAutoRegistrationStatus");
        Objects.requireNonNull(registrationConfig, "registrationConfig");
    }
}
