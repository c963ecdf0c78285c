package io.thingstead.provisioning.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.provisioning.api.TemplateType;
import io.thingstead.provisioning.internal.template.ResolvedTemplate.PolicyPlan;
import io.thingstead.provisioning.internal.template.ResolvedTemplate.ThingPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateEvaluatorTest {
    private static final String CERT = "a".repeat(64);

    /** AWS's fleet provisioning example (developer guide, "Provisioning templates"), with a thing type that exists. */
    static final String AWS_FLEET_EXAMPLE = """
            {
                "Parameters" : {
                    "SerialNumber": {"Type": "String"},
                    "DeviceLocation": {"Type": "String"}
                },
                "Mappings": {
                    "LocationTable": {
                        "Seattle": {"LocationUrl": "https://example.aws"}
                    }
                },
                "Resources" : {
                    "thing" : {
                        "Type" : "AWS::IoT::Thing",
                        "Properties" : {
                            "ThingName": {"Fn::Join": ["", ["ThingPrefix_", {"Ref": "SerialNumber"}]]},
                            "AttributePayload" : {"version" : "v1", "serialNumber" : "serialNumber"},
                            "ThingTypeName" : "lightBulb-versionA",
                            "ThingGroups" : ["v1-lightbulbs", "WA"]
                        },
                        "OverrideSettings" : {
                            "AttributePayload" : "MERGE",
                            "ThingTypeName" : "REPLACE",
                            "ThingGroups" : "DO_NOTHING"
                        }
                    },
                    "certificate" : {
                        "Type" : "AWS::IoT::Certificate",
                        "Properties" : {
                            "CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                            "Status" : "Active"
                        }
                    },
                    "policy" : {
                        "Type" : "AWS::IoT::Policy",
                        "Properties" : {
                            "PolicyDocument" : {
                                "Version": "2012-10-17",
                                "Statement": [{
                                    "Effect": "Allow",
                                    "Action":["iot:Publish"],
                                    "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/foo/bar"]
                                }]
                            }
                        }
                    }
                },
                "DeviceConfiguration": {
                    "FallbackUrl": "https://www.example.com/test-site",
                    "LocationUrl": {"Fn::FindInMap": ["LocationTable", {"Ref": "DeviceLocation"}, "LocationUrl"]}
                }
            }
            """;

    static ResolvedTemplate evaluate(String body, Map<String, String> parameters) {
        Template template = TemplateParser.parse(body, TemplateType.FLEET_PROVISIONING);
        return TemplateEvaluator.evaluate(
                template, ParameterBinding.bind(template, parameters, SystemParameters.fleet(CERT)));
    }

    /** A fleet template whose thing name is the given expression (JSON). */
    static String thingNamed(String expression, String parameters) {
        return """
                {"Parameters": {%s},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": %s}}}}
                """.formatted(parameters, expression);
    }

    private static String thingName(String expression, String parameters, Map<String, String> values) {
        return evaluate(thingNamed(expression, parameters), values)
                .thing()
                .orElseThrow()
                .thingName();
    }

    @Test
    void awsFleetProvisioningExampleEvaluates() {
        ResolvedTemplate resolved =
                evaluate(AWS_FLEET_EXAMPLE, Map.of("SerialNumber", "123", "DeviceLocation", "Seattle"));

        ThingPlan thing = resolved.thing().orElseThrow();
        assertThat(thing.thingName()).isEqualTo("ThingPrefix_123");
        assertThat(thing.thingTypeName()).hasValue("lightBulb-versionA");
        assertThat(thing.thingGroups()).hasValue(List.of("v1-lightbulbs", "WA"));
        assertThat(thing.attributes()).hasValue(Map.of("version", "v1", "serialNumber", "serialNumber"));
        assertThat(thing.attributesOverride()).isEqualTo(OverrideAction.MERGE);
        assertThat(thing.thingTypeOverride()).isEqualTo(OverrideAction.REPLACE);
        assertThat(thing.thingGroupsOverride()).isEqualTo(OverrideAction.DO_NOTHING);
        assertThat(resolved.certificate().orElseThrow().certificateId()).isEqualTo(CERT);
        assertThat(resolved.certificate().orElseThrow().status()).isEqualTo(CertificateStatusValue.ACTIVE);
        PolicyPlan policy = resolved.policies().get(0);
        assertThat(policy.policyName()).isEmpty();
        assertThat(policy.policyDocument().orElseThrow())
                .startsWith("{\"Version\":\"2012-10-17\"")
                .contains("\"Action\":[\"iot:Publish\"]");
        assertThat(resolved.deviceConfiguration())
                .containsExactly(
                        Map.entry("FallbackUrl", "https://www.example.com/test-site"),
                        Map.entry("LocationUrl", "https://example.aws"));
    }

    @Test
    void refAndDefaults() {
        String parameters = "\"Name\": {\"Type\": \"String\", \"Default\": \"fallback\"}";
        assertThat(thingName("{\"Ref\": \"Name\"}", parameters, Map.of())).isEqualTo("fallback");
        assertThat(thingName("{\"Ref\": \"Name\"}", parameters, Map.of("Name", "given")))
                .isEqualTo("given");
        assertThat(thingName("{\"Ref\": \"AWS::IoT::Certificate::Id\"}", "", Map.of()))
                .as("AWS's own parameter needs no declaration")
                .isEqualTo(CERT);
    }

    @Test
    void subReplacesParametersAndVariablesAndKeepsEscapes() {
        String parameters = "\"Serial\": {\"Type\": \"String\"}, \"Site\": {\"Type\": \"String\"}";
        assertThat(thingName(
                        "{\"Fn::Sub\": \"dev-${Serial}-${Site}\"}", parameters, Map.of("Serial", "7", "Site", "x")))
                .isEqualTo("dev-7-x");
        assertThat(thingName(
                        "{\"Fn::Sub\": [\"${prefix}${Serial}\", {\"prefix\": {\"Fn::Join\": [\"\", [\"a\", \"b\"]]}}]}",
                        parameters,
                        Map.of("Serial", "7", "Site", "x")))
                .isEqualTo("ab7");
        ResolvedTemplate escaped = evaluate("""
                {"Parameters": {"Serial": {"Type": "String"}},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "Serial"}}}},
                 "DeviceConfiguration": {"literal": {"Fn::Sub": "${!Serial} is ${Serial}"}}}
                """, Map.of("Serial", "9"));
        assertThat(escaped.deviceConfiguration()).containsEntry("literal", "${Serial} is 9");
    }

    @Test
    void splitSelectAndListParameters() {
        String parameters = "\"Location\": {\"Type\": \"String\"}, \"Groups\": {\"Type\": \"CommaDelimitedList\"}";
        Map<String, String> values = Map.of("Location", "eu/de/berlin", "Groups", "alpha, beta");
        assertThat(thingName(
                        "{\"Fn::Select\": [2, {\"Fn::Split\": [\"/\", {\"Ref\": \"Location\"}]}]}", parameters, values))
                .isEqualTo("berlin");
        assertThat(thingName("{\"Fn::Select\": [\"1\", {\"Ref\": \"Groups\"}]}", parameters, values))
                .isEqualTo("beta");
        assertThat(thingName("{\"Fn::Join\": [\"-\", {\"Ref\": \"Groups\"}]}", parameters, values))
                .isEqualTo("alpha-beta");
        ResolvedTemplate groups = evaluate("""
                {"Parameters": {"Groups": {"Type": "CommaDelimitedList"}},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing",
                     "Properties": {"ThingName": "t", "ThingGroups": ["fixed", {"Ref": "Groups"}]}}}}
                """, Map.of("Groups", "a,b"));
        assertThat(groups.thing().orElseThrow().thingGroups()).hasValue(List.of("fixed", "a", "b"));
        assertThatThrownBy(() -> thingName("{\"Fn::Select\": [5, {\"Ref\": \"Groups\"}]}", parameters, values))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Resources.thing.Properties.ThingName.Fn::Select")
                .hasMessageContaining("out of bounds");
    }

    @Test
    void findInMapWithAMissingKeySaysWhichKey() {
        assertThatThrownBy(() -> evaluate(AWS_FLEET_EXAMPLE, Map.of("SerialNumber", "1", "DeviceLocation", "Paris")))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("DeviceConfiguration.LocationUrl.Fn::FindInMap")
                .hasMessageContaining("'LocationTable' has no value for 'Paris' / 'LocationUrl'");
    }

    @Test
    void policyByNameAndDocumentAsString() {
        ResolvedTemplate resolved = evaluate("""
                {"Parameters": {"Policy": {"Type": "String"}},
                 "Resources": {
                   "named": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyName": {"Ref": "Policy"}}},
                   "inline": {"Type": "AWS::IoT::Policy",
                              "Properties": {"PolicyDocument": "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": []}"}}}}
                """, Map.of("Policy", "DevicePolicy"));
        assertThat(resolved.policies())
                .containsExactly(
                        new PolicyPlan("named", Optional.of("DevicePolicy"), Optional.empty()),
                        new PolicyPlan(
                                "inline",
                                Optional.empty(),
                                Optional.of("{\"Version\": \"2012-10-17\", \"Statement\": []}")));
        assertThat(resolved.thing()).isEmpty();
        assertThat(resolved.certificate()).isEmpty();
    }

    @Test
    void policyDocumentsKeepNumbersAndBooleans() {
        ResolvedTemplate resolved = evaluate("""
                {"Parameters": {"Serial": {"Type": "String"}},
                 "Resources": {"p": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "iot:Connect",
                        "Resource": {"Fn::Sub": "arn:aws:iot:us-east-1:000000000000:client/${Serial}"},
                        "Condition": {"NumericLessThan": {"x": 5}, "Bool": {"y": true}}}]}}}}}
                """, Map.of("Serial", "s-1"));
        assertThat(resolved.policies().get(0).policyDocument().orElseThrow())
                .contains("\"Resource\":\"arn:aws:iot:us-east-1:000000000000:client/s-1\"")
                .contains("\"x\":5")
                .contains("\"y\":true");
    }

    @Test
    void certificateStatusIsCaseInsensitiveAndDefaultsToActive() {
        String template = """
                {"Resources": {"c": {"Type": "AWS::IoT::Certificate", "Properties": {
                    "CertificateId": {"Ref": "AWS::IoT::Certificate::Id"} %s}}}}
                """;
        assertThat(evaluate(template.formatted(""), Map.of())
                        .certificate()
                        .orElseThrow()
                        .status())
                .isEqualTo(CertificateStatusValue.ACTIVE);
        assertThat(evaluate(template.formatted(", \"Status\": \"inactive\""), Map.of())
                        .certificate()
                        .orElseThrow()
                        .status())
                .isEqualTo(CertificateStatusValue.INACTIVE);
        String computed = """
                {"Parameters": {"S": {"Type": "String"}},
                 "Resources": {"c": {"Type": "AWS::IoT::Certificate", "Properties": {
                    "CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": {"Ref": "S"}}}}}
                """;
        assertThatThrownBy(() -> evaluate(computed, Map.of("S", "REVOKED")))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Resources.c.Properties.Status: 'REVOKED' is not a certificate status; use ACTIVE or"
                        + " INACTIVE.");
    }

    @Test
    void valuesOfTheWrongKindAreRefusedWithTheirPath() {
        String parameters = "\"Groups\": {\"Type\": \"CommaDelimitedList\"}";
        assertThatThrownBy(() -> thingName("{\"Ref\": \"Groups\"}", parameters, Map.of("Groups", "a,b")))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Resources.thing.Properties.ThingName: is a list; a string is expected here.");
        assertThatThrownBy(() -> evaluate("""
                        {"Resources": {"thing": {"Type": "AWS::IoT::Thing",
                            "Properties": {"ThingName": "t", "AttributePayload": {"nested": {"a": "b"}}}}}}
                        """, Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Resources.thing.Properties.AttributePayload.nested: must be a string.");
    }

    @Test
    void evaluatedStringsAreBounded() {
        String parameters = "\"Big\": {\"Type\": \"String\"}";
        String big = "x".repeat(ParameterBinding.MAX_VALUE_LENGTH);
        assertThatThrownBy(() ->
                        thingName("{\"Fn::Sub\": \"${Big}${Big}${Big}${Big}${Big}\"}", parameters, Map.of("Big", big)))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("longer than " + TemplateEvaluator.MAX_TEXT);
        assertThatThrownBy(() -> thingName(
                        "{\"Fn::Select\": [0, {\"Fn::Split\": [\",\", {\"Ref\": \"Big\"}]}]}",
                        parameters,
                        Map.of("Big", ",".repeat(300))))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("more than " + TemplateEvaluator.MAX_ITEMS + " items");
    }

    @Test
    void parameterValuesAreDataNotTemplateSyntax() {
        String parameters = "\"Serial\": {\"Type\": \"String\"}";
        String hostile = "${AWS::IoT::Certificate::Id}\"}, {\"Ref\": \"x\"}; DROP TABLE pki_certificate; --";
        assertThat(thingName("{\"Fn::Sub\": \"dev-${Serial}\"}", parameters, Map.of("Serial", hostile)))
                .as("a substituted value is not substituted again, nor parsed")
                .isEqualTo("dev-" + hostile);
    }

    @Test
    void thePairingCodeGoesOnlyIntoTheDeviceConfiguration() {
        String body = """
                {"Parameters": {"Serial": {"Type": "String"}},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {"ThingName": {"Ref": "Serial"}}}},
                 "DeviceConfiguration": {"pairingCode": {"Ref": "Thingstead::Pairing::Code"},
                                         "label": {"Fn::Sub": "pair with ${Thingstead::Pairing::Code}"}}}
                """;
        Template template = TemplateParser.parse(body, TemplateType.FLEET_PROVISIONING);
        assertThat(SystemParameters.usesPairingCode(template)).isTrue();
        java.util.Map<String, Value> bound = new java.util.LinkedHashMap<>(
                ParameterBinding.bind(template, Map.of("Serial", "lamp-1"), SystemParameters.fleet(CERT)));
        bound.put(SystemParameters.PAIRING_CODE, new Value.Text("7K3M-QR9T-ZX2A"));

        ResolvedTemplate plan = TemplateEvaluator.evaluate(template, bound);

        assertThat(plan.deviceConfiguration())
                .containsEntry("pairingCode", "7K3M-QR9T-ZX2A")
                .containsEntry("label", "pair with 7K3M-QR9T-ZX2A");
        assertThat(plan.thing().orElseThrow().attributes()).isEmpty();
    }

    @Test
    void thePairingCodeCannotBeStoredInTheRegistry() {
        assertThatThrownBy(() -> TemplateParser.parse("""
                        {"Resources": {"thing": {"Type": "AWS::IoT::Thing", "Properties": {
                            "ThingName": "lamp-1",
                            "AttributePayload": {"code": {"Ref": "Thingstead::Pairing::Code"}}}}}}
                        """, TemplateType.FLEET_PROVISIONING))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Thingstead::Pairing::Code may only be used in DeviceConfiguration");
        assertThatThrownBy(() -> ParameterBinding.read(
                        jakarta.json.Json.createObjectBuilder()
                                .add("Thingstead::Pairing::Code", "0000-0000-0000")
                                .build(),
                        "parameters"))
                .as("a device cannot choose its own code")
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("provided by the platform");
    }
}
