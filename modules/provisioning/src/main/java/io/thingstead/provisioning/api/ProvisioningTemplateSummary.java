package io.thingstead.provisioning.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** AWS's {@code ProvisioningTemplateSummary}, one item of ListProvisioningTemplates. */
public record ProvisioningTemplateSummary(
        String templateName,
        String templateArn,
        Optional<String> description,
        Instant creationDate,
        Instant lastModifiedDate,
        boolean enabled,
        TemplateType type) {
    public ProvisioningTemplateSummary {
        Objects.requireNonNull(templateName, "templateName");
        Objects.requireNonNull(templateArn, "templateArn");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
        Objects.requireNonNull(type, "type");
    }
}
