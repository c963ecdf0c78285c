package io.thingstead.provisioning.api;

import java.time.Instant;
import java.util.Objects;

/** One version of a provisioning template (DescribeProvisioningTemplateVersion, ListProvisioningTemplateVersions). */
public record ProvisioningTemplateVersionInfo(
        String templateName,
        String templateArn,
        int versionId,
        Instant creationDate,
        String templateBody,
        boolean isDefaultVersion) {
    public ProvisioningTemplateVersionInfo {
        Objects.requireNonNull(templateName, "templateName");
        Objects.requireNonNull(templateArn, "templateArn");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(templateBody, "templateBody");
    }
}
