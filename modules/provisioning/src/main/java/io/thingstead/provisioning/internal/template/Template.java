package io.thingstead.provisioning.internal.template;

import io.thingstead.provisioning.api.TemplateType;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provisioning template that parsed and passed the checks that need no parameter values: the sections, the
 * resources and their (unevaluated) property expressions. {@link TemplateEvaluator} evaluates it for given
 * parameters.
 *
 * @param mappings map name → top-level key → second-level key → a string or a list of strings
 */
public record Template(
        TemplateType type,
        Map<String, Parameter> parameters,
        Map<String, Map<String, Map<String, JsonValue>>> mappings,
        Optional<ThingResource> thing,
        Optional<CertificateResource> certificate,
        List<PolicyResource> policies,
        Optional<JsonObject> deviceConfiguration) {
    public Template {
        Objects.requireNonNull(type, "type");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
        Objects.requireNonNull(thing, "thing");
        Objects.requireNonNull(certificate, "certificate");
        policies = List.copyOf(policies);
        Objects.requireNonNull(deviceConfiguration, "deviceConfiguration");
    }

    /** An {@code AWS::IoT::Thing} resource; properties are unevaluated expressions. */
    public record ThingResource(
            String logicalName,
            JsonValue thingName,
            Optional<JsonValue> thingTypeName,
            Optional<JsonValue> thingGroups,
            Optional<JsonValue> attributePayload,
            OverrideAction attributePayloadOverride,
            OverrideAction thingTypeNameOverride,
            OverrideAction thingGroupsOverride) {}

    /**
     * An {@code AWS::IoT::Certificate} resource. Fleet provisioning and JITP templates name the certificate being
     * provisioned by its id ({@code {"Ref": "AWS::IoT::Certificate::Id"}}); a CSR is for bulk registration only.
     */
    public record CertificateResource(
            String logicalName, JsonValue certificateId, Optional<JsonValue> status, OverrideAction statusOverride) {}

    /** An {@code AWS::IoT::Policy} resource: {@code PolicyName} or {@code PolicyDocument}. */
    public record PolicyResource(
            String logicalName, Optional<JsonValue> policyName, Optional<JsonValue> policyDocument) {}

    /** Path prefix of a resource's properties, for messages. */
    static String properties(String logicalName) {
        return "Resources." + logicalName + ".Properties";
    }
}
