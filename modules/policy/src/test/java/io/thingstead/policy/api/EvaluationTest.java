package io.thingstead.policy.api;

import static io.thingstead.policy.api.Policies.allow;
import static io.thingstead.policy.api.Policies.bind;
import static io.thingstead.policy.api.Policies.client;
import static io.thingstead.policy.api.Policies.deny;
import static io.thingstead.policy.api.Policies.json;
import static io.thingstead.policy.api.Policies.policy;
import static io.thingstead.policy.api.Policies.thing;
import static io.thingstead.policy.api.Policies.topic;
import static io.thingstead.policy.api.Policies.topicFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluationTest {
    private static final String CERT_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["iot:Connect"],"Resource":["arn:aws:iot:us-east-1:123456789012:client/${iot:Certificate.Subject.CommonName}"],
               "Condition":{"Bool":{"iot:Connection.Thing.IsAttached":["true"]}}},
              {"Effect":"Allow","Action":["iot:Publish"],"Resource":["arn:aws:iot:us-east-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/update"]}]}
            """;

    @Test
    void commonNamePolicyAllowsConnectingAsTheCommonNameWhenAttached() {
        AuthorizationContext attached = AuthorizationContext.builder()
                .clientId("sensor-7")
                .thing(ConnectedThing.named("sensor-7"))
                .certificateField(CertificateFields.SUBJECT_COMMON_NAME, "sensor-7")
                .build();
        BoundPolicies bound = bind(attached, CERT_POLICY);

        Decision connect = bound.authorize(IotAction.CONNECT, client("sensor-7"));
        assertThat(connect.allowed()).isTrue();
        assertThat(connect).isEqualTo(Decision.allow("P0", 0, null));
        assertThat(bound.authorize(IotAction.CONNECT, client("sensor-8")).effect())
                .isEqualTo(DecisionEffect.IMPLICIT_DENY);
        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/sensor-7/shadow/update")))
                .isEqualTo(Decision.allow("P0", 1, null));
        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/sensor-8/shadow/update"))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/sensor-7/shadow/get"))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("$aws/things/sensor-7/shadow/update"))
                        .allowed())
                .isFalse();
    }

    @Test
    void commonNamePolicyRefusesCertificatesNotAttachedToAThing() {
        AuthorizationContext unattached = AuthorizationContext.builder()
                .clientId("sensor-7")
                .certificateField(CertificateFields.SUBJECT_COMMON_NAME, "sensor-7")
                .build();
        BoundPolicies bound = bind(unattached, CERT_POLICY);

        assertThat(bound.authorize(IotAction.CONNECT, client("sensor-7"))).isEqualTo(Decision.IMPLICIT_DENY);
        // no thing, so ${iot:Connection.Thing.ThingName} does not resolve and the statement matches nothing
        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/sensor-7/shadow/update")))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things//shadow/update")))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void edgeGatewayMayUpdateTheShadowsOfItsPrefixedThings() {
        BoundPolicies bound = bind(policy(allow(
                "iot:Publish", "arn:aws:iot:us-east-1:123456789012:topic/$aws/things/edgegateway123-*/shadow/update")));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/edgegateway123-motionsensor1/shadow/update"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/othergateway-x/shadow/update"))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/edgegateway123-/shadow/update"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("$aws/things/edgegateway124-m/shadow/update"))
                        .allowed())
                .isFalse();
    }

    @Test
    void farmOwnerGetsEveryThingWithTheOwnerPrefix() {
        BoundPolicies bound = bind(policy("{'Effect':'Allow','Action':['iot:GetThingShadow','iot:UpdateThingShadow'],"
                + "'Resource':'arn:aws:iot:us-east-1:123456789012:thing/macdona1d-*'}"));

        assertThat(bound.authorize(IotAction.GET_THING_SHADOW, thing("macdona1d-sensor123abc"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.UPDATE_THING_SHADOW, thing("macdona1d-sensor123abc"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.UPDATE_THING_SHADOW, thing("macdona1d-sensor123abc/named"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.GET_THING_SHADOW, thing("sensor123abc"))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.DELETE_THING_SHADOW, thing("macdona1d-sensor123abc"))
                        .allowed())
                .isFalse();
    }

    @Test
    void explicitDenyWinsOverAllowInTheSamePolicy() {
        BoundPolicies bound = bind(policy(
                allow("iot:*", "*"),
                "{'Sid':'NoSecrets','Effect':'Deny','Action':'iot:Subscribe','Resource':'" + topicFilter("secret/*")
                        + "'}"));

        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("secret/x")))
                .isEqualTo(Decision.explicitDeny("P0", 1, "NoSecrets"));
        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("public/x")))
                .isEqualTo(Decision.allow("P0", 0, null));
    }

    @Test
    void explicitDenyInOnePolicyWinsOverAllowInAnother() {
        BoundPolicies bound = bind(
                policy(allow("iot:Publish", topic("*"))),
                policy(deny("iot:Publish", topic("alarms/*"))),
                policy(allow("iot:Publish", topic("alarms/*"))));

        Decision decision = bound.authorize(IotAction.PUBLISH, topic("alarms/fire"));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.effect()).isEqualTo(DecisionEffect.EXPLICIT_DENY);
        assertThat(decision.policyName()).isEqualTo("P1");
        assertThat(decision.statementIndex()).isZero();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("data/1")).policyName())
                .isEqualTo("P0");
    }

    @Test
    void firstDenyInPolicyOrderIsReported() {
        BoundPolicies bound = bind(
                policy(allow("iot:*", "*"), "{'Sid':'A','Effect':'Deny','Action':'iot:Publish','Resource':'*'}"),
                policy("{'Sid':'B','Effect':'Deny','Action':'iot:Publish','Resource':'*'}"));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("x"))).isEqualTo(Decision.explicitDeny("P0", 1, "A"));
    }

    @Test
    void firstAllowInPolicyOrderIsReportedWhenNothingDenies() {
        BoundPolicies bound = bind(
                policy(
                        deny("iot:Publish", topic("other")),
                        "{'Sid':'Second','Effect':'Allow','Action':'iot:Publish','Resource':'*'}"),
                policy("{'Sid':'Third','Effect':'Allow','Action':'iot:*','Resource':'*'}"));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("x"))).isEqualTo(Decision.allow("P0", 1, "Second"));
    }

    @Test
    void nothingAllowingMeansImplicitDeny() {
        BoundPolicies bound = bind(policy(allow("iot:Connect", client("c1"))));

        Decision decision = bound.authorize(IotAction.PUBLISH, topic("x"));
        assertThat(decision).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision.policyName()).isNull();
        assertThat(decision.statementIndex()).isEqualTo(-1);
        assertThat(decision.sid()).isNull();
        assertThat(bind().authorize(IotAction.CONNECT, client("c1"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void actionsMatchIgnoringCaseAndWithWildcards() {
        BoundPolicies bound = bind(policy(allow("IOT:get*", "*"), allow("iot:Re?eive", "*")));

        assertThat(bound.authorize(IotAction.GET_THING_SHADOW, thing("t")).allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.GET_RETAINED_MESSAGE, topic("t")).allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.GET_PENDING_JOB_EXECUTIONS, thing("t"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.RECEIVE, topic("t")).allowed()).isTrue();
        assertThat(bound.authorize(IotAction.UPDATE_THING_SHADOW, thing("t")).allowed())
                .isFalse();
        assertThat(bound.authorize("iot:getthingshadow", thing("t")).allowed()).isTrue();
        assertThat(bound.authorize("IOT:GETTHINGSHADOW", thing("t")).allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "iot:*", "iot:*Job*"})
    void actionWildcardsCoverJobActions(String action) {
        BoundPolicies bound = bind(policy(allow(action, "*")));

        for (IotAction jobAction : List.of(
                IotAction.DESCRIBE_JOB_EXECUTION,
                IotAction.GET_PENDING_JOB_EXECUTIONS,
                IotAction.UPDATE_JOB_EXECUTION,
                IotAction.START_NEXT_PENDING_JOB_EXECUTION)) {
            assertThat(bound.authorize(jobAction, thing("t")).allowed())
                    .as(jobAction.name())
                    .isTrue();
        }
    }

    @Test
    void stringActionsOutsideTheKnownSetAreEvaluatedToo() {
        BoundPolicies bound = bind(policy(allow("iot:*", "*"), deny("iot:Future*", "*"), allow("greengrass:*", "*")));

        assertThat(bound.authorize("iot:FutureAction", "*").effect()).isEqualTo(DecisionEffect.EXPLICIT_DENY);
        assertThat(bound.authorize("iot:SomethingNew", "*").allowed()).isTrue();
        assertThat(bound.authorize("greengrass:Discover", "*").allowed()).isTrue();
        assertThat(bound.authorize("s3:GetObject", "*").allowed()).isFalse();
    }

    @Test
    void everyKnownActionIsReachableByName() {
        BoundPolicies bound = bind(policy(allow("iot:*", "*")));

        for (IotAction action : IotAction.values()) {
            assertThat(IotAction.of(action.actionName())).contains(action);
            assertThat(IotAction.of(action.actionName().toUpperCase(java.util.Locale.ROOT)))
                    .contains(action);
            assertThat(bound.authorize(action.actionName(), "*").allowed()).isTrue();
        }
        assertThat(IotAction.of("iot:Nope")).isEmpty();
        assertThat(IotAction.of(null)).isEmpty();
    }

    @Test
    void notActionAppliesToEveryOtherAction() {
        BoundPolicies bound = bind(policy("{'Effect':'Allow','NotAction':['iot:Connect','iot:Sub*'],'Resource':'*'}"));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("x")).allowed()).isTrue();
        assertThat(bound.authorize(IotAction.RECEIVE, topic("x")).allowed()).isTrue();
        assertThat(bound.authorize(IotAction.CONNECT, client("c")).allowed()).isFalse();
        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("x")).allowed())
                .isFalse();
    }

    @Test
    void notActionWithDenyDeniesEverythingElse() {
        BoundPolicies bound = bind(policy(
                allow("iot:*", "*"),
                "{'Effect':'Deny','NotAction':'iot:Connect','Resource':'" + topic("locked/*") + "'}"));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("locked/a")).effect())
                .isEqualTo(DecisionEffect.EXPLICIT_DENY);
        assertThat(bound.authorize(IotAction.PUBLISH, topic("open/a")).allowed())
                .isTrue();
    }

    @Test
    void notResourceAppliesToEveryOtherResource() {
        // the AWS example: receive anything except a/restricted/*
        BoundPolicies bound = bind(policy(
                allow("iot:Subscribe", topicFilter("a/*")),
                "{'Effect':'Allow','Action':'iot:Receive','NotResource':'" + topic("a/restricted/*") + "'}"));

        assertThat(bound.authorize(IotAction.RECEIVE, topic("a/open/1")).allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.RECEIVE, topic("a/restricted/1")).allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("a/#")).allowed())
                .isTrue();
    }

    @Test
    void mqttWildcardsInTopicFiltersAreLiteral() {
        BoundPolicies bound = bind(policy(allow("iot:Subscribe", topicFilter("some/+/topic"))));

        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("some/+/topic"))
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("some/x/topic"))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("some/#")).allowed())
                .isFalse();
    }

    @Test
    void questionMarksConfineAWildcardToOneLevel() {
        BoundPolicies bound = bind(policy(allow("iot:Publish", topic("some/?????/topic"))));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("some/abcde/topic")).allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("some/abcdef/topic"))
                        .allowed())
                .isFalse();
    }

    @Test
    void resourcesAreCaseSensitiveAndTiedToRegionAndAccount() {
        BoundPolicies bound = bind(policy(allow("iot:Publish", topic("Data"))));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("Data")).allowed()).isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("data")).allowed()).isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, "arn:aws:iot:eu-west-1:123456789012:topic/Data")
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, "arn:aws:iot:us-east-1:999999999999:topic/Data")
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, "topic/Data").allowed()).isFalse();
    }

    @Test
    void regionAndAccountMayBeWildcards() {
        BoundPolicies bound = bind(policy(allow("iot:Publish", "arn:aws:iot:*:*:topic/a")));

        assertThat(bound.authorize(IotAction.PUBLISH, "arn:aws:iot:eu-west-1:111111111111:topic/a")
                        .allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.PUBLISH, "arn:aws:iot:eu-west-1:111111111111:topic/b")
                        .allowed())
                .isFalse();
    }

    @Test
    void outcomeDoesNotDependOnPolicyOrder() {
        String allowAll = policy(allow("iot:*", "*"));
        String denyPublish = policy(deny("iot:Publish", topic("x")));

        assertThat(bind(allowAll, denyPublish)
                        .authorize(IotAction.PUBLISH, topic("x"))
                        .effect())
                .isEqualTo(DecisionEffect.EXPLICIT_DENY);
        assertThat(bind(denyPublish, allowAll)
                        .authorize(IotAction.PUBLISH, topic("x"))
                        .effect())
                .isEqualTo(DecisionEffect.EXPLICIT_DENY);
    }

    @Test
    void requestContextMayBeNull() {
        BoundPolicies bound = bind(policy(allow("iot:Publish", topic("x"))));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("x"), null).allowed())
                .isTrue();
        assertThat(bound.authorize("iot:Publish", topic("x"), null).allowed()).isTrue();
    }

    @Test
    void compiledPoliciesKeepTheirNameAndDocument() {
        CompiledPolicy compiled = Policies.EVALUATOR.compile("Device", policy(allow("iot:*", "*")));

        assertThat(compiled.name()).isEqualTo("Device");
        assertThat(compiled.document().statements()).hasSize(1);
        assertThat(compiled.toString()).contains("Device");
        BoundPolicies bound = Policies.EVALUATOR.bind(List.of(compiled), AuthorizationContext.EMPTY);
        assertThat(bound.context()).isEqualTo(AuthorizationContext.EMPTY);
        assertThat(bound.toString()).contains("1 statements");
    }

    @Test
    void bindRefusesForeignPolicies() {
        CompiledPolicy foreign = new CompiledPolicy() {
            @Override
            public String name() {
                return "x";
            }

            @Override
            public PolicyDocument document() {
                return PolicyDocument.parse(policy(allow("iot:*", "*")));
            }
        };

        assertThatThrownBy(() -> Policies.EVALUATOR.bind(List.of(foreign), AuthorizationContext.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decisionsAreConsistent() {
        assertThatThrownBy(() -> new Decision(true, DecisionEffect.EXPLICIT_DENY, "p", 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision(false, DecisionEffect.ALLOW, "p", 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Decision.IMPLICIT_DENY.allowed()).isFalse();
    }

    @Test
    void boundPoliciesAreSafeToShareBetweenThreads() throws Exception {
        AuthorizationContext context =
                AuthorizationContext.builder().clientId("dev-1").build();
        BoundPolicies bound = bind(
                context,
                policy(
                        allow("iot:Publish", topic("devices/${iot:ClientId}/*")),
                        deny("iot:Publish", topic("devices/*/admin"))));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 10_000; i++) {
                        allowed += bound.authorize(
                                                IotAction.PUBLISH,
                                                topic("devices/dev-1/" + (i % 3 == 0 ? "admin" : "t" + i)))
                                        .allowed()
                                ? 1
                                : 0;
                    }
                    return allowed;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(6666);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wildcardAbuseWithinTheSizeLimitIsHarmless() {
        String stars = "arn:aws:iot:*:*:topic/" + "*".repeat(1900);
        String starAs = "arn:aws:iot:*:*:topic/" + "*a".repeat(900) + "*b";
        String questions = "arn:aws:iot:*:*:topicfilter/" + "?".repeat(1000) + "*";
        BoundPolicies bound = bind(
                policy(allow("iot:Publish", stars)),
                policy(allow("iot:Receive", starAs)),
                policy(allow("iot:Subscribe", questions)));
        String longTopic = topic("a".repeat(60_000));

        assertThat(bound.authorize(IotAction.PUBLISH, longTopic).allowed()).isTrue();
        assertThat(bound.authorize(IotAction.RECEIVE, longTopic).allowed()).isFalse();
        assertThat(bound.authorize(IotAction.RECEIVE, longTopic + "b").allowed())
                .isTrue();
        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("a".repeat(999)))
                        .allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.SUBSCRIBE, topicFilter("a".repeat(1000)))
                        .allowed())
                .isTrue();
    }

    @Test
    void longNearMissesAreDecided() {
        String pattern = "arn:aws:iot:*:*:topic/*" + "a".repeat(1000) + "b*";
        BoundPolicies bound = bind(policy(allow("iot:Publish", pattern)));

        assertThat(bound.authorize(IotAction.PUBLISH, topic("a".repeat(5000))).allowed())
                .isFalse();
        assertThat(bound.authorize(IotAction.PUBLISH, topic("a".repeat(5000) + "b"))
                        .allowed())
                .isTrue();
    }

    @Test
    void singleQuotedHelperProducesJson() {
        assertThat(json("{'a':'b'}")).isEqualTo("{\"a\":\"b\"}");
    }
}
