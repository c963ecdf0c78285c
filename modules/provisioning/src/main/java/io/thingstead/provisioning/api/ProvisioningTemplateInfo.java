package io.thingstead.provisioning.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A provisioning template as DescribeProvisioningTemplate shows it: the template's settings and the body of its
 * default version.
 *
 * @param provisioningRoleArn stored and returned; Thingstead has no IAM and never assumes it
 */
public record ProvisioningTemplateInfo(
        String templateName,
        String templateArn,
        Optional<String> description,
        Instant creationDate,
        Instant lastModifiedDate,
        int defaultVersionId,
        String templateBody,
        boolean enabled,
        String provisioningRoleArn,
        Optional<ProvisioningHook> preProvisioningHook,
        TemplateType type) {
    public ProvisioningTemplateInfo {
        Objects.requireNonNull(templateName, "templateName");
        Objects.requireNonNull(templateArn, "templateArn");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
        Objects.requireNonNull(templateBody, "templateBody");
        Objects.requireNonNull(provisioningRoleArn, "provisioningRoleArn");
        Objects.requireNonNull(preProvisioningHook, "preProvisioningHook");
        Objects.requireNonNull(type, "type");
    }

    /** The summary ListProvisioningTemplates shows. */
    public ProvisioningTemplateSummary summary() {
        return new ProvisioningTemplateSummary(
                templateName, templateArn, description, creationDate, lastModifiedDate, enabled, type);
    }
}
