package io.thingstead.provisioning.internal.template;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import io.thingstead.provisioning.api.TemplateType;
import io.thingstead.provisioning.internal.template.Template.CertificateResource;
import io.thingstead.provisioning.internal.template.Template.PolicyResource;
import io.thingstead.provisioning.internal.template.Template.ThingResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a provisioning template body (AWS's template language, docs/provisioning.md) and checks everything that does
 * not depend on parameter values: the sections, resource types and properties, override settings, that every {@code
 * Ref} and {@code Fn::Sub} variable names a declared (or AWS-provided) parameter, that functions have the right
 * arguments and that {@code Fn::FindInMap} names a mapping that exists. Problems are {@link TemplateException}s naming
 * the path in the template.
 */
public final class TemplateParser {
    /** AWS: templateBody "Maximum length of 10240". */
    public static final int MAX_BODY_LENGTH = 10240;

    public static final int MAX_PARAMETERS = 100;
    public static final int MAX_POLICIES = 10;

    /** Parameter names: letters, digits and {@code _ . : -}, like {@code SerialNumber} or AWS's own names. */
    static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private static final Pattern LOGICAL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final JsonLimits LIMITS = new JsonLimits(4 * MAX_BODY_LENGTH, 24);
    private static final String THING = "AWS::IoT::Thing";
    private static final String CERTIFICATE = "AWS::IoT::Certificate";
    private static final String POLICY = "AWS::IoT::Policy";
    private static final Set<String> SECTIONS = Set.of(
            "AWSTemplateFormatVersion", "Description", "Parameters", "Mappings", "Resources", "DeviceConfiguration");

    private TemplateParser() {}

    /**
     * Parses and checks a template body.
     *
     * @throws TemplateException naming what is wrong and where
     */
    public static Template parse(String body, TemplateType type) {
        if (body == null || body.isBlank()) {
            throw new TemplateException("templateBody", "is required.");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            throw new TemplateException(
                    "templateBody",
                    "has " + body.length() + " characters; at most " + MAX_BODY_LENGTH + " are allowed.");
        }
        JsonObject root;
        try {
            root = JsonDocuments.readObject(body.getBytes(StandardCharsets.UTF_8), LIMITS);
        } catch (IotException e) {
            String problem = e.getMessage()
                    .replace("The request body is not valid JSON", "is not valid JSON")
                    .replace("Expected a JSON object.", "is not a JSON object.");
            throw new TemplateException("templateBody", problem);
        }
        for (String section : root.keySet()) {
            if (!SECTIONS.contains(section)) {
                throw new TemplateException(
                        section,
                        "Conditions".equals(section) || "Outputs".equals(section)
                                ? "the section is not supported by Thingstead."
                                : "unknown section; a template has Parameters, Mappings, Resources and"
                                        + " DeviceConfiguration.");
            }
        }
        Map<String, Parameter> parameters = parameters(root.get("Parameters"), type);
        Map<String, Map<String, Map<String, JsonValue>>> mappings = mappings(root.get("Mappings"));
        JsonObject resources = object(root.get("Resources"), "Resources")
                .orElseThrow(() -> new TemplateException("Resources", "is required."));
        if (resources.isEmpty()) {
            throw new TemplateException("Resources", "declares no resource.");
        }
        Optional<ThingResource> thing = Optional.empty();
        Optional<CertificateResource> certificate = Optional.empty();
        List<PolicyResource> policies = new ArrayList<>();
        for (Map.Entry<String, JsonValue> entry : resources.entrySet()) {
            String name = entry.getKey();
            String path = "Resources." + TemplateException.printable(name);
            if (!LOGICAL_NAME.matcher(name).matches()) {
                throw new TemplateException(
                        path, "a resource's logical name has 1 to 128 characters of [A-Za-z0-9_-].");
            }
            JsonObject resource =
                    object(entry.getValue(), path).orElseThrow(() -> new TemplateException(path, "must be an object."));
            onlyMembers(resource, path, Set.of("Type", "Properties", "OverrideSettings"));
            String resourceType = string(resource.get("Type"), path + ".Type")
                    .orElseThrow(() -> new TemplateException(path + ".Type", "is required."));
            JsonObject properties =
                    object(resource.get("Properties"), path + ".Properties").orElse(JsonValue.EMPTY_JSON_OBJECT);
            JsonObject overrides = object(resource.get("OverrideSettings"), path + ".OverrideSettings")
                    .orElse(JsonValue.EMPTY_JSON_OBJECT);
            switch (resourceType) {
                case THING -> {
                    if (thing.isPresent()) {
                        throw new TemplateException(path, "a template declares at most one " + THING + ".");
                    }
                    thing = Optional.of(thing(name, properties, overrides));
                }
                case CERTIFICATE -> {
                    if (certificate.isPresent()) {
                        throw new TemplateException(path, "a template declares at most one " + CERTIFICATE + ".");
                    }
                    certificate = Optional.of(certificate(name, properties, overrides, type));
                }
                case POLICY -> {
                    if (!overrides.isEmpty()) {
                        throw new TemplateException(
                                path + ".OverrideSettings", "OverrideSettings are not available for policies.");
                    }
                    policies.add(policy(name, properties));
                    if (policies.size() > MAX_POLICIES) {
                        throw new TemplateException(
                                "Resources", "a template declares at most " + MAX_POLICIES + " policies.");
                    }
                }
                default ->
                    throw new TemplateException(
                            path + ".Type",
                            "'" + TemplateException.printable(resourceType) + "' is not a resource type of"
                                    + " provisioning templates; use " + THING + ", " + CERTIFICATE + " or " + POLICY
                                    + ".");
            }
        }
        Optional<JsonObject> deviceConfiguration = object(root.get("DeviceConfiguration"), "DeviceConfiguration");
        Template template = new Template(type, parameters, mappings, thing, certificate, policies, deviceConfiguration);
        TemplateEvaluator.check(template);
        return template;
    }

    private static Map<String, Parameter> parameters(JsonValue section, TemplateType type) {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        Optional<JsonObject> declared = object(section, "Parameters");
        if (declared.isEmpty()) {
            return parameters;
        }
        if (declared.get().size() > MAX_PARAMETERS) {
            throw new TemplateException("Parameters", "a template declares at most " + MAX_PARAMETERS + " parameters.");
        }
        for (Map.Entry<String, JsonValue> entry : declared.get().entrySet()) {
            String name = entry.getKey();
            String path = "Parameters." + TemplateException.printable(name);
            if (!PARAMETER_NAME.matcher(name).matches()) {
                throw new TemplateException(
                        path,
                        "a parameter name has 1 to 128 characters of [A-Za-z0-9_.:-] and starts with a letter or"
                                + " digit.");
            }
            if (name.startsWith(SystemParameters.THINGSTEAD_PREFIX)) {
                throw new TemplateException(
                        path,
                        "names starting with Thingstead:: are provided by Thingstead and are not declared; "
                                + SystemParameters.PAIRING_CODE + " is used directly in DeviceConfiguration.");
            }
            if (SystemParameters.isReserved(name) && !SystemParameters.all().contains(name)) {
                throw new TemplateException(
                        path,
                        "names starting with AWS:: are reserved for the parameters AWS IoT provides: "
                                + SystemParameters.all() + ".");
            }
            if (SystemParameters.isReserved(name)
                    && type == TemplateType.FLEET_PROVISIONING
                    && !SystemParameters.CERTIFICATE_ID.equals(name)) {
                throw new TemplateException(
                        path,
                        "AWS IoT provides this parameter to JITP templates only; fleet provisioning provides "
                                + SystemParameters.CERTIFICATE_ID + ".");
            }
            JsonObject declaration =
                    object(entry.getValue(), path).orElseThrow(() -> new TemplateException(path, "must be an object."));
            for (String member : declaration.keySet()) {
                if (!Set.of("Type", "Default", "Description", "AllowedValues").contains(member)) {
                    throw new TemplateException(
                            path + "." + TemplateException.printable(member),
                            "is not supported; a parameter has Type, Default, AllowedValues and Description.");
                }
            }
            String typeName = string(declaration.get("Type"), path + ".Type")
                    .orElseThrow(() -> new TemplateException(path + ".Type", "is required."));
            ParameterType parameterType = ParameterType.of(typeName)
                    .orElseThrow(() -> new TemplateException(
                            path + ".Type",
                            "'" + TemplateException.printable(typeName)
                                    + "' is not supported; use String, Number or CommaDelimitedList."));
            Optional<String> defaultValue = scalar(declaration.get("Default"), path + ".Default");
            List<String> allowed = new ArrayList<>();
            JsonValue allowedValues = declaration.get("AllowedValues");
            if (allowedValues != null) {
                if (!(allowedValues instanceof JsonArray array) || array.isEmpty()) {
                    throw new TemplateException(path + ".AllowedValues", "must be a non-empty list of strings.");
                }
                for (int i = 0; i < array.size(); i++) {
                    allowed.add(scalar(array.get(i), path + ".AllowedValues[" + i + "]")
                            .orElseThrow(
                                    () -> new TemplateException(path + ".AllowedValues", "must not contain null.")));
                }
            }
            if (type == TemplateType.JITP
                    && defaultValue.isEmpty()
                    && !SystemParameters.all().contains(name)) {
                throw new TemplateException(
                        path,
                        "a JITP template can only use the parameters AWS IoT takes from the certificate ("
                                + SystemParameters.all() + ") and parameters with a Default.");
            }
            Parameter parameter = new Parameter(name, parameterType, defaultValue, allowed);
            defaultValue.ifPresent(value -> ParameterBinding.convert(parameter, value, path + ".Default"));
            parameters.put(name, parameter);
        }
        return parameters;
    }

    private static Map<String, Map<String, Map<String, JsonValue>>> mappings(JsonValue section) {
        Map<String, Map<String, Map<String, JsonValue>>> mappings = new LinkedHashMap<>();
        Optional<JsonObject> declared = object(section, "Mappings");
        if (declared.isEmpty()) {
            return mappings;
        }
        for (Map.Entry<String, JsonValue> map : declared.get().entrySet()) {
            String mapPath = "Mappings." + TemplateException.printable(map.getKey());
            JsonObject topLevel = object(map.getValue(), mapPath)
                    .orElseThrow(() -> new TemplateException(mapPath, "must be an object."));
            Map<String, Map<String, JsonValue>> keys = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> top : topLevel.entrySet()) {
                String topPath = mapPath + "." + TemplateException.printable(top.getKey());
                JsonObject second = object(top.getValue(), topPath)
                        .orElseThrow(() -> new TemplateException(topPath, "must be an object."));
                Map<String, JsonValue> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonValue> value : second.entrySet()) {
                    String valuePath = topPath + "." + TemplateException.printable(value.getKey());
                    checkMappingValue(value.getValue(), valuePath);
                    values.put(value.getKey(), value.getValue());
                }
                keys.put(top.getKey(), values);
            }
            mappings.put(map.getKey(), keys);
        }
        return mappings;
    }

    /** AWS: "You cannot include parameters, pseudo parameters, or call intrinsic functions in the Mappings section". */
    private static void checkMappingValue(JsonValue value, String path) {
        if (value instanceof JsonString) {
            return;
        }
        if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof JsonString)) {
                    throw new TemplateException(path + "[" + i + "]", "a mapping's list holds strings only.");
                }
            }
            return;
        }
        throw new TemplateException(
                path,
                "a mapping's value is a string or a list of strings; functions and parameters cannot be used in"
                        + " Mappings.");
    }

    private static ThingResource thing(String name, JsonObject properties, JsonObject overrides) {
        String path = Template.properties(name);
        if (properties.containsKey("BillingGroup")) {
            throw new TemplateException(path + ".BillingGroup", "billing groups are not supported by Thingstead.");
        }
        onlyMembers(properties, path, Set.of("ThingName", "ThingTypeName", "ThingGroups", "AttributePayload"));
        JsonValue thingName = present(properties.get("ThingName"))
                .orElseThrow(() -> new TemplateException(path + ".ThingName", "is required."));
        String overridePath = "Resources." + name + ".OverrideSettings";
        onlyMembers(overrides, overridePath, Set.of("AttributePayload", "ThingTypeName", "ThingGroups"));
        return new ThingResource(
                name,
                thingName,
                present(properties.get("ThingTypeName")),
                present(properties.get("ThingGroups")),
                present(properties.get("AttributePayload")),
                override(overrides, overridePath, "AttributePayload", true),
                override(overrides, overridePath, "ThingTypeName", false),
                override(overrides, overridePath, "ThingGroups", true));
    }

    private static CertificateResource certificate(
            String name, JsonObject properties, JsonObject overrides, TemplateType type) {
        String path = Template.properties(name);
        for (String unsupported : List.of("CertificatePem", "CACertificatePem")) {
            if (properties.containsKey(unsupported)) {
                throw new TemplateException(
                        path + "." + unsupported,
                        "is for bulk registration, which Thingstead does not offer; use CertificateId.");
            }
        }
        onlyMembers(properties, path, Set.of("CertificateId", "CertificateSigningRequest", "Status"));
        if (properties.containsKey("CertificateSigningRequest")) {
            throw new TemplateException(
                    path + ".CertificateSigningRequest",
                    "only certificate IDs can be used with a " + type + " template (as AWS); use"
                            + " \"CertificateId\": {\"Ref\": \"AWS::IoT::Certificate::Id\"}.");
        }
        JsonValue id = present(properties.get("CertificateId"))
                .orElseThrow(() -> new TemplateException(path + ".CertificateId", "is required."));
        Optional<JsonValue> status = present(properties.get("Status"));
        status.filter(value -> value instanceof JsonString)
                .map(value -> ((JsonString) value).getString())
                .ifPresent(value -> CertificateStatusValue.parse(value, path + ".Status"));
        String overridePath = "Resources." + name + ".OverrideSettings";
        onlyMembers(overrides, overridePath, Set.of("Status"));
        return new CertificateResource(name, id, status, override(overrides, overridePath, "Status", false));
    }

    private static PolicyResource policy(String name, JsonObject properties) {
        String path = Template.properties(name);
        onlyMembers(properties, path, Set.of("PolicyName", "PolicyDocument"));
        Optional<JsonValue> policyName = present(properties.get("PolicyName"));
        Optional<JsonValue> document = present(properties.get("PolicyDocument"));
        if (policyName.isPresent() == document.isPresent()) {
            throw new TemplateException(
                    path, "give either PolicyName (an existing policy) or PolicyDocument, not both.");
        }
        return new PolicyResource(name, policyName, document);
    }

    private static OverrideAction override(JsonObject overrides, String path, String member, boolean mergeable) {
        Optional<String> value = string(overrides.get(member), path + "." + member);
        if (value.isEmpty()) {
            return OverrideAction.DO_NOTHING;
        }
        for (OverrideAction action : OverrideAction.values()) {
            if (action.name().equals(value.get()) && (mergeable || action != OverrideAction.MERGE)) {
                return action;
            }
        }
        throw new TemplateException(
                path + "." + member,
                "'" + TemplateException.printable(value.get()) + "' is not valid; use "
                        + (mergeable ? "DO_NOTHING, REPLACE, FAIL or MERGE." : "DO_NOTHING, REPLACE or FAIL."));
    }

    private static void onlyMembers(JsonObject object, String path, Set<String> allowed) {
        for (String member : object.keySet()) {
            if (!allowed.contains(member)) {
                throw new TemplateException(
                        path + "." + TemplateException.printable(member),
                        "is not supported here; expected one of " + new java.util.TreeSet<>(allowed) + ".");
            }
        }
    }

    private static Optional<JsonValue> present(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL
                ? Optional.empty()
                : Optional.of(value);
    }

    static Optional<JsonObject> object(JsonValue value, String path) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new TemplateException(path, "must be an object.");
        }
        return Optional.of(value.asJsonObject());
    }

    private static Optional<String> string(JsonValue value, String path) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string)) {
            throw new TemplateException(path, "must be a string.");
        }
        return Optional.of(string.getString());
    }

    /** A string, number or boolean as text (CloudFormation writes defaults either way). */
    private static Optional<String> scalar(JsonValue value, String path) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        return switch (value.getValueType()) {
            case STRING -> Optional.of(((JsonString) value).getString());
            case NUMBER, TRUE, FALSE -> Optional.of(value.toString());
            default -> throw new TemplateException(path, "must be a string.");
        };
    }
}
