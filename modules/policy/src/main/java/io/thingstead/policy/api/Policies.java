package io.thingstead.policy.api;

import io.thingstead.common.api.paging.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * IoT policies as the AWS control plane manages them: documents with up to five versions (one default), attached to
 * targets (certificate ARNs, thing group ARNs, identity ids). Errors are {@code IotException}s with AWS's types.
 */
public interface Policies {
    int MAX_VERSIONS = 5;

    record PolicyInfo(
            String policyName,
            String policyArn,
            String policyDocument,
            String defaultVersionId,
            Instant creationDate,
            Instant lastModifiedDate,
            String generationId) {}

    record PolicyVersionInfo(
            String policyName,
            String policyArn,
            String policyDocument,
            String versionId,
            boolean isDefaultVersion,
            Instant creationDate,
            Instant lastModifiedDate,
            String generationId) {}

    record PolicyRef(String policyName, String policyArn) {}

    /** @throws io.thingstead.common.api.error.IotException MalformedPolicyException, ResourceAlreadyExistsException */
    PolicyInfo create(String policyName, String policyDocument);

    PolicyInfo get(String policyName);

    Page<PolicyRef> list(Optional<String> marker, int pageSize, boolean ascending);

    /** Refused while the policy is attached or has versions other than the default, as AWS does. */
    void delete(String policyName);

    PolicyVersionInfo createVersion(String policyName, String policyDocument, boolean setAsDefault);

    PolicyVersionInfo getVersion(String policyName, String versionId);

    List<PolicyVersionInfo> listVersions(String policyName);

    void setDefaultVersion(String policyName, String versionId);

    void deleteVersion(String policyName, String versionId);

    void attach(String policyName, String target);

    void detach(String policyName, String target);

    /** The policies attached to a target; with {@code recursive}, for a thing group also its ancestors'. */
    Page<PolicyRef> listAttached(String target, boolean recursive, Optional<String> marker, int pageSize);

    Page<String> listTargets(String policyName, Optional<String> marker, int pageSize);
}
