package io.thingstead.gateway.internal.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.TestConnections;
import org.junit.jupiter.api.Test;

class SubscribeRulesTest {
    private static final String OWN_FILTERS = "{'Effect':'Allow','Action':'iot:Subscribe',"
            + "'Resource':'arn:aws:iot:*:*:topicfilter/cmd/${iot:ClientId}/*'},"
            + "{'Effect':'Allow','Action':'iot:Subscribe','Resource':'arn:aws:iot:*:*:topicfilter/$share/g/cmd/*'},"
            + "{'Effect':'Allow','Action':'iot:Subscribe','Resource':'arn:aws:iot:*:*:topicfilter/$aws/*'}";

    private final SubscribeRules rules = new SubscribeRules(2);

    private static Connection lamp() {
        return TestConnections.connection(
                "lamp-1", TestConnections.permissions("lamp-1", OWN_FILTERS), new RateLimiter(100, 1 << 20));
    }

    @Test
    void grantsWhatThePolicyAllowsUpToTheQuota() {
        Connection lamp = lamp();
        assertThat(rules.check(lamp, "cmd/lamp-1/reboot")).isEmpty();
        assertThat(rules.check(lamp, "cmd/lamp-1/+")).isEmpty();
        assertThat(rules.check(lamp, "cmd/lamp-1/#"))
                .map(SubscribeRules.Refusal::code)
                .contains(SubscribeRules.Code.QUOTA_EXCEEDED);
        assertThat(lamp.subscriptions()).containsExactly("cmd/lamp-1/reboot", "cmd/lamp-1/+");
    }

    @Test
    void refusesByPolicySyntaxAndReservedTopics() {
        Connection lamp = lamp();
        assertThat(rules.check(lamp, "cmd/lamp-2/reboot"))
                .map(SubscribeRules.Refusal::code)
                .contains(SubscribeRules.Code.NOT_AUTHORIZED);
        assertThat(rules.check(lamp, "cmd/lamp-1/a#"))
                .map(SubscribeRules.Refusal::code)
                .contains(SubscribeRules.Code.TOPIC_FILTER_INVALID);
        assertThat(rules.check(lamp, "$aws/rules/myrule"))
                .as("basic ingest has no subscribers")
                .map(SubscribeRules.Refusal::code)
                .contains(SubscribeRules.Code.NOT_AUTHORIZED);
        assertThat(lamp.subscriptions()).isEmpty();
    }

    @Test
    void sharedSubscriptionsAreCheckedWholeAndByTheirInnerFilter() {
        assertThat(SubscribeRules.checkFilter("$share/g/cmd/+")).isEmpty();
        assertThat(SubscribeRules.checkFilter("$share//cmd"))
                .map(SubscribeRules.Refusal::code)
                .contains(SubscribeRules.Code.TOPIC_FILTER_INVALID);
        assertThat(SubscribeRules.checkFilter("$share/g+/cmd"))
                .map(SubscribeRules.Refusal::code)
                .contains(SubscribeRules.Code.TOPIC_FILTER_INVALID);
        assertThat(SubscribeRules.checkFilter("$share/g/$aws/rules/r"))
                .map(SubscribeRules.Refusal::code)
                .contains(SubscribeRules.Code.NOT_AUTHORIZED);
        assertThat(rules.check(lamp(), "$share/g/cmd/lamp-9")).isEmpty();
    }
}
