package io.thingstead.it;

import io.thingstead.it.Mqtt.Identity;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.TemplateType;

/**
 * What device tests set up through the control plane, as a factory would: a claim certificate under AWS's claim
 * policy, a fleet provisioning template, and an observer identity allowed everything.
 */
final class FleetFixtures {
    static final String ROLE = "arn:aws:iam::000000000000:role/Provisioning";

    private FleetFixtures() {}

    /** A claim certificate under AWS's claim policy for {@code template}: it may provision, nothing else. */
    static Identity claimIdentity(IotClient iot, String template) {
        String policy = "claim-" + template;
        iot.createPolicy(r -> r.policyName(policy).policyDocument("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"},
                  {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                   "Resource": ["arn:aws:iot:*:*:topic/$aws/certificates/create/*",
                                "arn:aws:iot:*:*:topic/$aws/certificates/create-from-csr/*",
                                "arn:aws:iot:*:*:topic/$aws/provisioning-templates/%s/provision/*"]},
                  {"Effect": "Allow", "Action": "iot:Subscribe",
                   "Resource": ["arn:aws:iot:*:*:topicfilter/$aws/certificates/create/*",
                                "arn:aws:iot:*:*:topicfilter/$aws/certificates/create-from-csr/*",
                                "arn:aws:iot:*:*:topicfilter/$aws/provisioning-templates/%s/provision/*"]}
                ]}""".formatted(template, template)));
        Identity claim = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(policy).target(claim.certificateArn()));
        return claim;
    }

    /**
     * An enabled fleet template: thing {@code <prefix><SerialNumber>} (attribute {@code serial}), the certificate
     * activated, and a policy {@code device-<template>} with {@code devicePolicy}.
     */
    static void createFleetTemplate(IotClient iot, String template, String prefix, String devicePolicy) {
        String policy = "device-" + template;
        iot.createPolicy(r -> r.policyName(policy).policyDocument(devicePolicy));
        String body = """
                {"Parameters": {"SerialNumber": {"Type": "String"},
                                "AWS::IoT::Certificate::Id": {"Type": "String"}},
                 "Resources": {
                   "thing": {"Type": "AWS::IoT::Thing",
                             "Properties": {"ThingName": {"Fn::Join": ["", ["%s", {"Ref": "SerialNumber"}]]},
                                            "AttributePayload": {"serial": {"Ref": "SerialNumber"}}}},
                   "certificate": {"Type": "AWS::IoT::Certificate",
                                   "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                                                  "Status": "ACTIVE"}},
                   "policy": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyName": "%s"}}}}
                """.formatted(prefix, policy);
        iot.createProvisioningTemplate(r -> r.templateName(template)
                .type(TemplateType.FLEET_PROVISIONING)
                .templateBody(body)
                .enabled(true)
                .provisioningRoleArn(ROLE));
    }

    /** A certificate whose policy {@code policyName} allows everything: an observer of every topic. */
    static Identity adminIdentity(IotClient iot, String policyName) {
        try {
            iot.createPolicy(r -> r.policyName(policyName)
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}"));
        } catch (ResourceAlreadyExistsException e) {
            // made by an earlier test
        }
        Identity admin = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(policyName).target(admin.certificateArn()));
        return admin;
    }
}
