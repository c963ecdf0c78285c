package io.thingstead.provisioning.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The members of CreateProvisioningTemplate, as sent; the service validates them.
 *
 * @param type {@code FLEET_PROVISIONING} when empty, as AWS
 * @param enabled false when absent, as AWS
 */
public record CreateProvisioningTemplate(
        String templateName,
        Optional<String> description,
        String templateBody,
        boolean enabled,
        String provisioningRoleArn,
        Optional<ProvisioningHook> preProvisioningHook,
        Optional<String> type) {
    public CreateProvisioningTemplate {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(preProvisioningHook, "preProvisioningHook");
        Objects.requireNonNull(type, "type");
    }
}
