package io.thingstead.provisioning.internal.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A template evaluated for one device: what to create, change and attach, and what to tell the device. */
public record ResolvedTemplate(
        Optional<ThingPlan> thing,
        Optional<CertificatePlan> certificate,
        List<PolicyPlan> policies,
        Map<String, String> deviceConfiguration) {
    public ResolvedTemplate {
        Objects.requireNonNull(thing, "thing");
        Objects.requireNonNull(certificate, "certificate");
        policies = List.copyOf(policies);
        deviceConfiguration = Collections.unmodifiableMap(new LinkedHashMap<>(deviceConfiguration));
    }

    /**
     * The thing to create, or to bring in line with the template when it exists (by the override settings).
     *
     * @param thingGroups empty when the template names no groups
     * @param attributes empty when the template has no {@code AttributePayload}
     */
    public record ThingPlan(
            String thingName,
            Optional<String> thingTypeName,
            Optional<List<String>> thingGroups,
            Optional<Map<String, String>> attributes,
            OverrideAction attributesOverride,
            OverrideAction thingTypeOverride,
            OverrideAction thingGroupsOverride) {
        public ThingPlan {
            Objects.requireNonNull(thingName, "thingName");
            thingGroups = thingGroups.map(List::copyOf);
            attributes = attributes.map(map -> Collections.unmodifiableMap(new LinkedHashMap<>(map)));
        }
    }

    /** The certificate being provisioned, and the status the template gives it. */
    public record CertificatePlan(String certificateId, CertificateStatusValue status, OverrideAction statusOverride) {
        public CertificatePlan {
            Objects.requireNonNull(certificateId, "certificateId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(statusOverride, "statusOverride");
        }
    }

    /**
     * A policy to attach to the certificate: an existing one by name, or one made from a document (named after the
     * document's hash, as AWS does, and reused when it exists).
     */
    public record PolicyPlan(String logicalName, Optional<String> policyName, Optional<String> policyDocument) {
        public PolicyPlan {
            Objects.requireNonNull(logicalName, "logicalName");
            if (policyName.isPresent() == policyDocument.isPresent()) {
                throw new IllegalArgumentException("a policy has either a name or a document");
            }
        }
    }
}
