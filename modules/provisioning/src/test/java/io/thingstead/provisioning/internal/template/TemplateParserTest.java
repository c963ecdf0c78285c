package io.thingstead.provisioning.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.provisioning.api.TemplateType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateParserTest {
    /** AWS's JITP example (developer guide, "Just-in-time provisioning"), unescaped. */
    static final String AWS_JITP_EXAMPLE = """
            {
                "Parameters" : {
                    "AWS::IoT::Certificate::CommonName": {"Type": "String"},
                    "AWS::IoT::Certificate::SerialNumber": {"Type": "String"},
                    "AWS::IoT::Certificate::Country": {"Type": "String"},
                    "AWS::IoT::Certificate::Id": {"Type": "String"}
                },
                "Resources": {
                    "thing": {
                        "Type": "AWS::IoT::Thing",
                        "Properties": {
                            "ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"},
                            "AttributePayload": {"version": "v1", "serialNumber": {"Ref": "AWS::IoT::Certificate::SerialNumber"}},
                            "ThingTypeName": "lightBulb-versionA",
                            "ThingGroups": ["v1-lightbulbs", {"Ref": "AWS::IoT::Certificate::Country"}]
                        },
                        "OverrideSettings": {"AttributePayload": "MERGE", "ThingTypeName": "REPLACE", "ThingGroups": "DO_NOTHING"}
                    },
                    "certificate": {
                        "Type": "AWS::IoT::Certificate",
                        "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "ACTIVE"},
                        "OverrideSettings": {"Status": "DO_NOTHING"}
                    },
                    "policy": {
                        "Type": "AWS::IoT::Policy",
                        "Properties": {
                            "PolicyDocument": "{ \\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{ \\"Effect\\": \\"Allow\\", \\"Action\\":[\\"iot:Publish\\"], \\"Resource\\": [\\"arn:aws:iot:us-east-1:123456789012:topic/foo/bar\\"] }] }"
                        }
                    }
                }
            }
            """;

    private static void refused(String body, String message) {
        assertThatThrownBy(() -> TemplateParser.parse(body, TemplateType.FLEET_PROVISIONING))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    private static String withThingName(String expression) {
        return TemplateEvaluatorTest.thingNamed(expression, "\"P\": {\"Type\": \"String\"}");
    }

    @Test
    void awsExamplesParse() {
        Template jitp = TemplateParser.parse(AWS_JITP_EXAMPLE, TemplateType.JITP);
        assertThat(jitp.parameters()).hasSize(4);
        assertThat(jitp.thing()).isPresent();
        assertThat(jitp.certificate().orElseThrow().statusOverride()).isEqualTo(OverrideAction.DO_NOTHING);
        assertThat(jitp.policies()).hasSize(1);

        Template fleet = TemplateParser.parse(TemplateEvaluatorTest.AWS_FLEET_EXAMPLE, TemplateType.FLEET_PROVISIONING);
        assertThat(fleet.mappings()).containsKey("LocationTable");
        assertThat(fleet.deviceConfiguration()).isPresent();
    }

    @Test
    void jitpTemplatesTakeTheirValuesFromTheCertificate() {
        Template jitp = TemplateParser.parse(AWS_JITP_EXAMPLE, TemplateType.JITP);
        Map<String, String> system = SystemParameters.justInTime(
                "b".repeat(64),
                Map.of(
                        "Subject.CommonName", java.util.List.of("lamp-7"),
                        "Subject.SerialNumber", java.util.List.of("SN-7"),
                        "Subject.Country", java.util.List.of("DE")));
        ResolvedTemplate resolved = TemplateEvaluator.evaluate(jitp, ParameterBinding.bind(jitp, Map.of(), system));
        assertThat(resolved.thing().orElseThrow().thingName()).isEqualTo("lamp-7");
        assertThat(resolved.thing().orElseThrow().attributes())
                .hasValue(Map.of("version", "v1", "serialNumber", "SN-7"));
        assertThat(resolved.thing().orElseThrow().thingGroups()).hasValue(java.util.List.of("v1-lightbulbs", "DE"));
        assertThat(resolved.certificate().orElseThrow().certificateId()).isEqualTo("b".repeat(64));

        Map<String, String> noCountry = SystemParameters.justInTime(
                "b".repeat(64),
                Map.of(
                        "Subject.CommonName",
                        java.util.List.of("lamp-7"),
                        "Subject.SerialNumber",
                        java.util.List.of("7")));
        assertThatThrownBy(() -> ParameterBinding.bind(jitp, Map.of(), noCountry))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Parameters.AWS::IoT::Certificate::Country: AWS IoT has no value");
        assertThatThrownBy(() -> TemplateParser.parse(
                        TemplateEvaluatorTest.thingNamed("{\"Ref\": \"Serial\"}", "\"Serial\": {\"Type\": \"String\"}"),
                        TemplateType.JITP))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Parameters.Serial: a JITP template can only use the parameters AWS IoT takes"
                        + " from the certificate");
    }

    @Test
    void bodiesThatAreNotTemplatesAreRefused() {
        refused("", "templateBody: is required.");
        refused("[1, 2]", "templateBody: is not a JSON object.");
        refused("{\"Resources\": {\"t\": }}", "templateBody: is not valid JSON at line 1, column 21.");
        refused("{\"Resources\": {}}", "Resources: declares no resource.");
        refused("{\"Conditions\": {}, \"Resources\": {}}", "Conditions: the section is not supported by Thingstead.");
        refused(
                "{\"Resourcez\": {}}",
                "Resourcez: unknown section; a template has Parameters, Mappings, Resources and"
                        + " DeviceConfiguration.");
        assertThatThrownBy(() -> TemplateParser.parse(
                        "{\"Resources\": {\"t\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \""
                                + "x".repeat(TemplateParser.MAX_BODY_LENGTH) + "\"}}}}",
                        TemplateType.FLEET_PROVISIONING))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("at most 10240 are allowed");
        String deep = "[".repeat(40) + "]".repeat(40);
        assertThatThrownBy(() -> TemplateParser.parse(
                        "{\"Resources\": {\"t\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": "
                                + deep + "}}}}",
                        TemplateType.FLEET_PROVISIONING))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("nested deeper than 24 levels");
    }

    @Test
    void resourcesAreCheckedWhenTheTemplateIsCreated() {
        refused(
                "{\"Resources\": {\"x\": {\"Type\": \"AWS::Lambda::Function\"}}}",
                "Resources.x.Type: 'AWS::Lambda::Function' is not a resource type of provisioning templates; use"
                        + " AWS::IoT::Thing, AWS::IoT::Certificate or AWS::IoT::Policy.");
        refused(
                "{\"Resources\": {\"t\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {}}}}",
                "Resources.t.Properties.ThingName: is required.");
        refused(
                "{\"Resources\": {\"t\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \"a\","
                        + " \"BillingGroup\": \"b\"}}}}",
                "Resources.t.Properties.BillingGroup: billing groups are not supported by Thingstead.");
        refused(
                "{\"Resources\": {\"t\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \"a\","
                        + " \"Colour\": \"b\"}}}}",
                "Resources.t.Properties.Colour: is not supported here; expected one of [AttributePayload, ThingGroups,"
                        + " ThingName, ThingTypeName].");
        refused(
                "{\"Resources\": {\"t\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \"a\"},"
                        + " \"OverrideSettings\": {\"ThingTypeName\": \"MERGE\"}}}}",
                "Resources.t.OverrideSettings.ThingTypeName: 'MERGE' is not valid; use DO_NOTHING, REPLACE or FAIL.");
        refused(
                "{\"Resources\": {\"p\": {\"Type\": \"AWS::IoT::Policy\", \"Properties\": {\"PolicyName\": \"a\","
                        + " \"PolicyDocument\": \"{}\"}}}}",
                "Resources.p.Properties: give either PolicyName (an existing policy) or PolicyDocument, not both.");
        refused(
                "{\"Resources\": {\"c\": {\"Type\": \"AWS::IoT::Certificate\", \"Properties\":"
                        + " {\"CertificateSigningRequest\": \"csr\"}}}}",
                "Resources.c.Properties.CertificateSigningRequest: only certificate IDs can be used with a"
                        + " FLEET_PROVISIONING template (as AWS); use \"CertificateId\": {\"Ref\":"
                        + " \"AWS::IoT::Certificate::Id\"}.");
        refused(
                "{\"Resources\": {\"c\": {\"Type\": \"AWS::IoT::Certificate\", \"Properties\": {\"CertificateId\":"
                        + " \"x\", \"Status\": \"REVOKED\"}}}}",
                "Resources.c.Properties.Status: 'REVOKED' is not a certificate status; use ACTIVE or INACTIVE.");
        refused(
                "{\"Resources\": {\"a\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \"a\"}},"
                        + " \"b\": {\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \"b\"}}}}",
                "Resources.b: a template declares at most one AWS::IoT::Thing.");
        refused(
                "{\"Resources\": {\"a b\": {\"Type\": \"AWS::IoT::Thing\"}}}",
                "Resources.a b: a resource's logical name has 1 to 128 characters of [A-Za-z0-9_-].");
    }

    @Test
    void referencesToUndefinedParametersAreRefused() {
        refused(
                withThingName("{\"Ref\": \"Missing\"}"),
                "Resources.thing.Properties.ThingName.Ref: 'Missing' is not a parameter of this template; declare it"
                        + " in Parameters.");
        refused(
                withThingName("{\"Fn::Sub\": \"a-${Missing}\"}"),
                "Resources.thing.Properties.ThingName.Fn::Sub: ${Missing} is neither a variable of this Fn::Sub nor a"
                        + " parameter of this template.");
        refused(
                withThingName("{\"Fn::Join\": [\"\", [\"a\", {\"Ref\": \"Missing\"}]]}"),
                "Resources.thing.Properties.ThingName.Fn::Join[1][1].Ref: 'Missing' is not a parameter of this"
                        + " template; declare it in Parameters.");
        refused(
                withThingName("{\"Ref\": \"AWS::IoT::Certificate::CommonName\"}"),
                "Resources.thing.Properties.ThingName.Ref: 'AWS::IoT::Certificate::CommonName' is not a parameter of"
                        + " this template; declare it in Parameters.");
        refused(
                withThingName("{\"Fn::FindInMap\": [\"NoMap\", {\"Ref\": \"P\"}, \"k\"]}"),
                "Resources.thing.Properties.ThingName.Fn::FindInMap: 'NoMap' is not a map in Mappings.");
    }

    @Test
    void functionsAreChecked() {
        refused(
                withThingName("{\"Fn::GetAtt\": [\"thing\", \"Arn\"]}"),
                "Resources.thing.Properties.ThingName.Fn::GetAtt: the intrinsic function is not supported; Thingstead"
                        + " supports Ref, Fn::Join, Fn::Sub, Fn::FindInMap, Fn::Split and Fn::Select.");
        refused(
                withThingName("{\"Fn::Join\": [\"-\"]}"),
                "Resources.thing.Properties.ThingName.Fn::Join: expects a list of 2 arguments: [delimiter,"
                        + " [values...]].");
        refused(
                withThingName("{\"Ref\": \"P\", \"extra\": 1}"),
                "Resources.thing.Properties.ThingName: an intrinsic function (Ref) must be the only member of its"
                        + " object.");
        refused(
                withThingName("{\"Fn::Sub\": \"${P\"}"),
                "Resources.thing.Properties.ThingName.Fn::Sub: a ${ at position 0 has no closing }.");
        refused(
                withThingName("{\"Fn::Sub\": \"${a'b}\"}"),
                "Resources.thing.Properties.ThingName.Fn::Sub: '${a'b}' does not name a variable or parameter.");
        refused(
                withThingName("{\"Fn::Split\": [\"\", {\"Ref\": \"P\"}]}"),
                "Resources.thing.Properties.ThingName.Fn::Split[0]: the delimiter must not be empty.");
        refused(withThingName("[\"a\"]"), "Resources.thing.Properties.ThingName: must be a string.");
        refused(
                withThingName("{\"Fn::Select\": [-1, [\"a\"]]}"),
                "Resources.thing.Properties.ThingName.Fn::Select[0]: the index must not be negative.");
    }

    @Test
    void parametersAndMappingsAreChecked() {
        refused(
                TemplateEvaluatorTest.thingNamed("\"a\"", "\"bad name'; --\": {\"Type\": \"String\"}"),
                "Parameters.bad name'; --: a parameter name has 1 to 128 characters of [A-Za-z0-9_.:-] and starts with"
                        + " a letter or digit.");
        refused(
                TemplateEvaluatorTest.thingNamed("\"a\"", "\"P\": {\"Type\": \"Json\"}"),
                "Parameters.P.Type: 'Json' is not supported; use String, Number or CommaDelimitedList.");
        refused(
                TemplateEvaluatorTest.thingNamed("\"a\"", "\"P\": {\"Type\": \"String\", \"AllowedPattern\": \".*\"}"),
                "Parameters.P.AllowedPattern: is not supported; a parameter has Type, Default, AllowedValues and"
                        + " Description.");
        refused(
                TemplateEvaluatorTest.thingNamed("\"a\"", "\"P\": {\"Type\": \"Number\", \"Default\": \"ten\"}"),
                "Parameters.P.Default: 'ten' is not a Number.");
        refused(
                TemplateEvaluatorTest.thingNamed("\"a\"", "\"AWS::Region\": {\"Type\": \"String\"}"),
                "Parameters.AWS::Region: names starting with AWS:: are reserved for the parameters AWS IoT provides: "
                        + SystemParameters.all() + ".");
        refused(
                TemplateEvaluatorTest.thingNamed(
                        "\"a\"", "\"AWS::IoT::Certificate::CommonName\": {\"Type\": \"String\"}"),
                "Parameters.AWS::IoT::Certificate::CommonName: AWS IoT provides this parameter to JITP templates only;"
                        + " fleet provisioning provides AWS::IoT::Certificate::Id.");
        refused(
                "{\"Mappings\": {\"m\": {\"k\": {\"v\": {\"Ref\": \"x\"}}}}, \"Resources\": {\"t\": {\"Type\":"
                        + " \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \"a\"}}}}",
                "Mappings.m.k.v: a mapping's value is a string or a list of strings; functions and parameters cannot"
                        + " be used in Mappings.");
    }
}
