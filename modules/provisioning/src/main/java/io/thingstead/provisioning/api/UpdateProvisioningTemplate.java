package io.thingstead.provisioning.api;

import java.util.Objects;
import java.util.Optional;

/** The members of UpdateProvisioningTemplate: only what is present changes. */
public record UpdateProvisioningTemplate(
        String templateName,
        Optional<String> description,
        Optional<Boolean> enabled,
        Optional<Integer> defaultVersionId,
        Optional<String> provisioningRoleArn,
        Optional<ProvisioningHook> preProvisioningHook,
        boolean removePreProvisioningHook) {
    public UpdateProvisioningTemplate {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(defaultVersionId, "defaultVersionId");
        Objects.requireNonNull(provisioningRoleArn, "provisioningRoleArn");
        Objects.requireNonNull(preProvisioningHook, "preProvisioningHook");
    }
}
