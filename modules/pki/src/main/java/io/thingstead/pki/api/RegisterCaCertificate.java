package io.thingstead.pki.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The members of RegisterCACertificate.
 *
 * @param caCertificatePem {@code caCertificate}
 * @param verificationCertificatePem {@code verificationCertificate}: signed by the CA's key, Common Name = the
 *     registration code
 * @param certificateMode {@code DEFAULT} when empty
 */
public record RegisterCaCertificate(
        String caCertificatePem,
        Optional<String> verificationCertificatePem,
        boolean setAsActive,
        boolean allowAutoRegistration,
        Optional<RegistrationConfig> registrationConfig,
        Optional<String> certificateMode) {
    public RegisterCaCertificate {
        Objects.requireNonNull(verificationCertificatePem, "verificationCertificatePem");
        Objects.requireNonNull(registrationConfig, "registrationConfig");
        Objects.requireNonNull(certificateMode, "certificateMode");
    }
}
