package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ActionType;
import software.amazon.awssdk.services.iot.model.AuthDecision;
import software.amazon.awssdk.services.iot.model.AuthInfo;
import software.amazon.awssdk.services.iot.model.AuthResult;
import software.amazon.awssdk.services.iot.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.GetPolicyResponse;
import software.amazon.awssdk.services.iot.model.MalformedPolicyException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.VersionsLimitExceededException;

/** IoT policies, their versions and attachments, and TestAuthorization, through the AWS SDK's {@link IotClient}. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PolicyIT {
    private static final String ACCOUNT = "arn:aws:iot:us-east-1:000000000000:";
    /** A certificate of Thingstead's CA: attaching a thing to a certificate that does not exist is refused. */
    private static String CERT;

    private static final String SHADOW_ONLY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}",
               "Condition":{"Bool":{"iot:Connection.Thing.IsAttached":"true"}}},
              {"Effect":"Allow","Action":"iot:Publish",
               "Resource":"arn:aws:iot:us-east-1:000000000000:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/update"}]}""";
    private static IotClient iot;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void client() throws Exception {
        iot = Operator.iot();
        CERT = iot.createKeysAndCertificate(r -> r.setAsActive(true)).certificateArn();
    }

    @AfterAll
    static void close() {
        iot.close();
    }

    private static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    @Test
    void policiesAndVersionsFollowAwsRules() {
        CreatePolicyResponse created =
                iot.createPolicy(r -> r.policyName("pub-v").policyDocument(allow("iot:Publish", "*")));
        assertThat(created.policyArn()).isEqualTo(ACCOUNT + "policy/pub-v");
        assertThat(created.policyVersionId()).isEqualTo("1");
        assertThatThrownBy(() -> iot.createPolicy(r -> r.policyName("pub-v").policyDocument(allow("iot:Publish", "*"))))
                .isInstanceOf(ResourceAlreadyExistsException.class);

        for (int i = 2; i <= 5; i++) {
            int n = i;
            assertThat(iot.createPolicyVersion(r -> r.policyName("pub-v")
                                    .policyDocument(allow("iot:Publish", ACCOUNT + "topic/v" + n))
                                    .setAsDefault(n == 3))
                            .policyVersionId())
                    .isEqualTo(Integer.toString(i));
        }
        VersionsLimitExceededException full = catchThrowableOfType(
                VersionsLimitExceededException.class,
                () -> iot.createPolicyVersion(r -> r.policyName("pub-v").policyDocument(allow("iot:Publish", "*"))));
        assertThat(full.statusCode()).isEqualTo(409);

        GetPolicyResponse policy = iot.getPolicy(r -> r.policyName("pub-v"));
        assertThat(policy.defaultVersionId()).isEqualTo("3");
        assertThat(policy.policyDocument()).contains("topic/v3");
        assertThat(iot.listPolicyVersions(r -> r.policyName("pub-v")).policyVersions())
                .hasSize(5);

        assertThatThrownBy(
                        () -> iot.deletePolicyVersion(r -> r.policyName("pub-v").policyVersionId("3")))
                .isInstanceOf(DeleteConflictException.class)
                .hasMessageContaining("default version");
        iot.setDefaultPolicyVersion(r -> r.policyName("pub-v").policyVersionId("5"));
        assertThat(iot.getPolicyVersion(r -> r.policyName("pub-v").policyVersionId("5"))
                        .isDefaultVersion())
                .isTrue();
        assertThatThrownBy(() -> iot.deletePolicy(r -> r.policyName("pub-v")))
                .isInstanceOf(DeleteConflictException.class)
                .hasMessageContaining("versions other than the default");
        for (String version : List.of("1", "2", "3", "4")) {
            iot.deletePolicyVersion(r -> r.policyName("pub-v").policyVersionId(version));
        }
        iot.deletePolicy(r -> r.policyName("pub-v"));
        assertThat(iot.listPolicies(r -> r.pageSize(250)).policies())
                .extracting(Policy::policyName)
                .doesNotContain("pub-v");
    }

    @Test
    void malformedAndHostileDocumentsAreRefusedSayingWhere() {
        MalformedPolicyException noEffect = catchThrowableOfType(
                MalformedPolicyException.class,
                () -> iot.createPolicy(
                        r -> r.policyName("bad-1")
                                .policyDocument(
                                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"iot:*\",\"Resource\":\"*\"}]}")));
        assertThat(noEffect.statusCode()).isEqualTo(400);
        assertThat(noEffect.getMessage()).containsIgnoringCase("Effect");

        String deep = "{\"a\":".repeat(50) + "1" + "}".repeat(50);
        assertThatThrownBy(() -> iot.createPolicy(r -> r.policyName("bad-2").policyDocument(deep)))
                .isInstanceOf(MalformedPolicyException.class);
        String huge = allow("iot:Publish", "arn:aws:iot:us-east-1:000000000000:topic/" + "x".repeat(3000));
        assertThatThrownBy(() -> iot.createPolicy(r -> r.policyName("bad-3").policyDocument(huge)))
                .isInstanceOf(MalformedPolicyException.class);
        assertThatThrownBy(() -> iot.createPolicy(r -> r.policyName("bad-4").policyDocument("not json")))
                .isInstanceOf(MalformedPolicyException.class);
        assertThatThrownBy(() -> iot.getPolicy(r -> r.policyName("bad-1")))
                .isInstanceOf(software.amazon.awssdk.services.iot.model.ResourceNotFoundException.class);
    }

    @Test
    void attachmentsAndTestAuthorizationWithTheSeedPolicies() {
        iot.createThing(r -> r.thingName("macdona1d-sensor1"));
        iot.attachThingPrincipal(r -> r.thingName("macdona1d-sensor1").principal(CERT));
        iot.createPolicy(r -> r.policyName("shadow-only").policyDocument(SHADOW_ONLY));
        iot.createThingGroup(r -> r.thingGroupName("farm"));
        iot.addThingToThingGroup(r -> r.thingGroupName("farm").thingName("macdona1d-sensor1"));
        iot.createPolicy(r -> r.policyName("farm-owner")
                .policyDocument(allow("iot:Subscribe", ACCOUNT + "topicfilter/farm/macdona1d-*")));
        iot.createPolicy(r -> r.policyName("no-alerts")
                .policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iot:Subscribe\","
                                + "\"Resource\":\"" + ACCOUNT + "topicfilter/farm/macdona1d-alerts\"}]}"));

        iot.attachPolicy(r -> r.policyName("shadow-only").target(CERT));
        iot.attachPolicy(r -> r.policyName("farm-owner").target(ACCOUNT + "thinggroup/farm"));
        iot.attachPolicy(r -> r.policyName("no-alerts").target(CERT));

        assertThat(iot.listAttachedPolicies(r -> r.target(CERT)).policies())
                .extracting(Policy::policyName)
                .containsExactly("no-alerts", "shadow-only");
        assertThat(iot.listTargetsForPolicy(r -> r.policyName("farm-owner")).targets())
                .containsExactly(ACCOUNT + "thinggroup/farm");
        assertThatThrownBy(() -> iot.deletePolicy(r -> r.policyName("farm-owner")))
                .isInstanceOf(DeleteConflictException.class)
                .hasMessageContaining("attached");

        List<AuthResult> results = iot.testAuthorization(r -> r.principal(CERT)
                        .clientId("macdona1d-sensor1")
                        .authInfos(
                                info(ActionType.CONNECT, ACCOUNT + "client/macdona1d-sensor1"),
                                info(ActionType.CONNECT, ACCOUNT + "client/someone-else"),
                                info(ActionType.PUBLISH, ACCOUNT + "topic/$aws/things/macdona1d-sensor1/shadow/update"),
                                info(ActionType.PUBLISH, ACCOUNT + "topic/$aws/things/other/shadow/update"),
                                info(ActionType.SUBSCRIBE, ACCOUNT + "topicfilter/farm/macdona1d-sensor1"),
                                info(ActionType.SUBSCRIBE, ACCOUNT + "topicfilter/farm/macdona1d-alerts")))
                .authResults();

        assertThat(results)
                .extracting(AuthResult::authDecision)
                .containsExactly(
                        AuthDecision.ALLOWED,
                        AuthDecision.IMPLICIT_DENY,
                        AuthDecision.ALLOWED,
                        AuthDecision.IMPLICIT_DENY,
                        AuthDecision.ALLOWED,
                        AuthDecision.EXPLICIT_DENY);
        assertThat(results.get(4).allowed().policies())
                .extracting(Policy::policyName)
                .as("inherited through the thing's group")
                .containsExactly("farm-owner");
        assertThat(results.get(5).denied().explicitDeny().policies())
                .extracting(Policy::policyName)
                .containsExactly("no-alerts");

        // skipping the deny, and adding a policy that is not attached, as TestAuthorization allows
        List<AuthResult> what_if = iot.testAuthorization(r -> r.principal(CERT)
                        .policyNamesToSkip("no-alerts")
                        .authInfos(info(ActionType.SUBSCRIBE, ACCOUNT + "topicfilter/farm/macdona1d-alerts")))
                .authResults();
        assertThat(what_if.getFirst().authDecision()).isEqualTo(AuthDecision.ALLOWED);

        iot.detachPolicy(r -> r.policyName("no-alerts").target(CERT));
        assertThat(iot.listAttachedPolicies(r -> r.target(CERT)).policies())
                .extracting(Policy::policyName)
                .containsExactly("shadow-only");
    }

    private static AuthInfo info(ActionType type, String resource) {
        return AuthInfo.builder().actionType(type).resources(resource).build();
    }
}
