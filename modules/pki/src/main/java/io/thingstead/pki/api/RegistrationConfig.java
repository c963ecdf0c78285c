package io.thingstead.pki.api;

import java.util.Objects;
import java.util.Optional;

/**
 * AWS's {@code RegistrationConfig} of a registered CA: the fleet provisioning template applied to certificates that
 * register themselves. Thingstead stores and returns it; applying it is the provisioning module's business ({@link
 * JustInTimeProvisioner}).
 */
public record RegistrationConfig(
        Optional<String> templateBody, Optional<String> roleArn, Optional<String> templateName) {
    public RegistrationConfig {
        Objects.requireNonNull(templateBody, "templateBody");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(templateName, "templateName");
    }

    /** Whether it asks for just-in-time provisioning (a template body or name), else just-in-time registration. */
    public boolean provisionsJustInTime() {
        return templateBody.filter(body -> !body.isBlank()).isPresent()
                || templateName.filter(name -> !name.isBlank()).isPresent();
    }
}
