package io.thingstead.policy.api;

import static io.thingstead.policy.api.Policies.allow;
import static io.thingstead.policy.api.Policies.allowIf;
import static io.thingstead.policy.api.Policies.bind;
import static io.thingstead.policy.api.Policies.deny;
import static io.thingstead.policy.api.Policies.json;
import static io.thingstead.policy.api.Policies.policy;
import static io.thingstead.policy.api.Policies.topic;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BoundPolicies#allowsEveryResourceStartingWith}: true only when every resource under the prefix is allowed
 * (checked here against {@code authorize} on sample resources), false whenever that cannot be shown.
 */
class PrefixCoverageTest {
    private static final AuthorizationContext LAMP = AuthorizationContext.builder()
            .clientId("lamp-1")
            .thing(new ConnectedThing("lamp-1", "Lamp", Map.of()))
            .build();

    private static final List<String> SUFFIXES = List.of("", "a", "x/data", "lamp-2/data", "deep/er/still", "$x");

    private static boolean covers(BoundPolicies policies, String topicPrefix) {
        boolean covered = policies.allowsEveryResourceStartingWith(IotAction.RECEIVE, topic(topicPrefix));
        if (covered) {
            for (String suffix : SUFFIXES) {
                assertThat(policies.authorize(IotAction.RECEIVE, topic(topicPrefix + suffix))
                                .allowed())
                        .as("claimed covered, so %s must be allowed", topicPrefix + suffix)
                        .isTrue();
            }
        }
        return covered;
    }

    @ParameterizedTest(name = "Allow {0} covers {1}: {2}")
    @CsvSource({
        "bench/*,        bench/,           true",
        "bench/*,        bench/lamp-1/,    true",
        "bench/*,        bench,            false",
        "bench/*,        bencher/,         false",
        "*,              '',               true",
        "*,              anything/,        true",
        "b?nch/*,        bench/,           true",
        "b?nch/*,        b,                false",
        "bench/*/data,   bench/,           false",
        "bench/lamp-1,   bench/,           false",
        "bench/lamp-1,   bench/lamp-1,     false",
        "sensors/*,      bench/,           false"
    })
    void anAllowEndingInAStarCoversEveryTopicUnderItsPrefix(String allowed, String prefix, boolean expected) {
        BoundPolicies policies = bind(policy(allow("iot:Receive", topic(allowed))));
        assertThat(covers(policies, prefix)).isEqualTo(expected);
    }

    @Test
    void aWildcardActionOrResourceCovers() {
        assertThat(covers(bind(policy(allow("iot:*", topic("bench/*")))), "bench/"))
                .isTrue();
        assertThat(covers(bind(policy(allow("iot:Receive", "*"))), "bench/")).isTrue();
        assertThat(covers(bind(policy(allow("iot:Receive", "arn:aws:iot:*:*:topic/bench/*"))), "bench/"))
                .as("wildcards in region and account")
                .isTrue();
        assertThat(covers(bind(policy(allow("iot:Receive", "arn:aws:iot:eu-west-1:*:topic/bench/*"))), "bench/"))
                .as("another region")
                .isFalse();
        assertThat(covers(
                        bind(policy(
                                allow("iot:Receive", "arn:aws:iot:*:*:topic/bench/*"),
                                deny("iot:Receive", "arn:aws:iot:eu-west-1:*:topic/bench/*"))),
                        "bench/"))
                .as("a deny in another region")
                .isTrue();
        assertThat(covers(
                        bind(policy(
                                allow("iot:Receive", "arn:aws:iot:*:*:topic/bench/*"),
                                deny("iot:Receive", "arn:aws:iot:us-*:*:topic/bench/x"))),
                        "bench/"))
                .as("a deny with a wildcard region that matches")
                .isFalse();
        assertThat(covers(bind(policy(allow("iot:Publish", topic("*")))), "bench/"))
                .as("another action")
                .isFalse();
    }

    @Test
    void aDenyThatCouldApplyUnderThePrefixPreventsCoverage() {
        String allowAll = allow("iot:Receive", topic("bench/*"));
        assertThat(covers(bind(policy(allowAll, deny("iot:Receive", topic("bench/secret/*")))), "bench/"))
                .isFalse();
        assertThat(covers(bind(policy(allowAll, deny("iot:Receive", topic("bench/*/secret")))), "bench/"))
                .isFalse();
        assertThat(covers(bind(policy(allowAll), policy(deny("iot:*", "*"))), "bench/"))
                .as("a deny in another policy")
                .isFalse();
        assertThat(covers(bind(policy(allowAll, deny("iot:Receive", topic("other/*")))), "bench/"))
                .as("a deny elsewhere")
                .isTrue();
        assertThat(covers(bind(policy(allowAll, deny("iot:Receive", topic("ben")))), "bench/"))
                .as("a deny of a shorter literal topic")
                .isTrue();
        assertThat(covers(bind(policy(allowAll, deny("iot:Publish", topic("bench/*")))), "bench/"))
                .as("a deny of another action")
                .isTrue();
        assertThat(covers(
                        bind(policy(
                                allowAll,
                                json("{'Effect':'Deny','Action':'iot:Receive','NotResource':'" + topic("x") + "'}"))),
                        "bench/"))
                .as("a NotResource deny")
                .isFalse();
    }

    @Test
    void policyVariablesAreResolvedFirst() {
        BoundPolicies policies = bind(LAMP, policy(allow("iot:Receive", topic("things/${iot:ClientId}/*"))));
        assertThat(covers(policies, "things/lamp-1/")).isTrue();
        assertThat(covers(policies, "things/lamp-2/")).isFalse();
        assertThat(covers(policies, "things/")).isFalse();
    }

    @Test
    void conditionsLeftToTheRequestPreventCoverage() {
        String condition = json("{'StringEquals':{'iot:Connection.Thing.ThingTypeName':'Lamp'}}");
        assertThat(covers(bind(LAMP, policy(allowIf("iot:Receive", topic("bench/*"), condition))), "bench/"))
                .as("a condition decided when binding the connection")
                .isTrue();
        String perRequest = json("{'Bool':{'aws:SecureTransport':'true'}}");
        assertThat(covers(bind(LAMP, policy(allowIf("iot:Receive", topic("bench/*"), perRequest))), "bench/"))
                .isFalse();
    }
}
