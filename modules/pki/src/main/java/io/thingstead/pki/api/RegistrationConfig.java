package io.thingstead.pki.api;

import java.util.Objects;
import java.util.Optional;

/**
 * AWS's {@code RegistrationConfig} of a registered CA: the fleet provisioning template applied to certificates that
 * register themselves. Thingstead stores and returns it; applying it is the provisioning module's business (it
 * observes {@link CertificateAutoRegistered}).
 */
public record RegistrationConfig(
        Optional<String> templateBody, Optional<String> roleArn, Optional<String> templateName) {
    public RegistrationConfig {
        Objects.requireNonNull(templateBody, "templateBody");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(templateName, "templateName");
    }
}
