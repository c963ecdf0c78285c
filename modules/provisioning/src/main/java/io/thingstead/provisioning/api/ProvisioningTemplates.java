package io.thingstead.provisioning.api;

import io.thingstead.common.api.paging.Page;
import java.util.Optional;

/**
 * Provisioning templates as the AWS IoT control plane manages them: a template has up to {@value #MAX_VERSIONS}
 * versions, one of them the default, whose body RegisterThing and just-in-time provisioning apply. Errors are {@code
 * IotException}s with AWS's types: {@code InvalidRequestException} (also for a template body that does not parse or
 * uses what Thingstead does not support, with the template path that is wrong), {@code ResourceNotFoundException},
 * {@code ResourceAlreadyExistsException}, {@code VersionsLimitExceededException}, {@code DeleteConflictException},
 * {@code LimitExceededException}.
 */
public interface ProvisioningTemplates {
    /** AWS: "Maximum number of versions per provisioning template". */
    int MAX_VERSIONS = 5;

    /** AWS: "Maximum number of provisioning templates per account". */
    int MAX_TEMPLATES = 256;

    ProvisioningTemplateInfo create(CreateProvisioningTemplate request);

    ProvisioningTemplateInfo describe(String templateName);

    /** By template name; {@code maxResults} 1 to 250, 0 for 250. */
    Page<ProvisioningTemplateSummary> list(Optional<String> nextToken, int maxResults);

    void update(UpdateProvisioningTemplate request);

    /** Refused (DeleteConflictException) while a registered CA names the template in its registration config. */
    void delete(String templateName);

    ProvisioningTemplateVersionInfo createVersion(String templateName, String templateBody, boolean setAsDefault);

    ProvisioningTemplateVersionInfo describeVersion(String templateName, int versionId);

    /** Oldest first; {@code maxResults} 1 to 250, 0 for 250. */
    Page<ProvisioningTemplateVersionInfo> listVersions(String templateName, Optional<String> nextToken, int maxResults);

    /** The default version cannot be deleted (DeleteConflictException). */
    void deleteVersion(String templateName, int versionId);
}
