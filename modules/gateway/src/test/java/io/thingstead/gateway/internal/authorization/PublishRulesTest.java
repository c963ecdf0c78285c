package io.thingstead.gateway.internal.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.gateway.internal.Connection;
import io.thingstead.gateway.internal.GatewayMetrics.PublishRefusal;
import io.thingstead.gateway.internal.TestConnections;
import org.junit.jupiter.api.Test;

class PublishRulesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String OWN_TOPICS = "{'Effect':'Allow','Action':'iot:Publish',"
            + "'Resource':'arn:aws:iot:*:*:topic/dt/${iot:ClientId}/*'},"
            + "{'Effect':'Allow','Action':'iot:Publish','Resource':'arn:aws:iot:*:*:topic/$aws/things/lamp-1/shadow/*'},"
            + "{'Effect':'Allow','Action':'iot:RetainPublish','Resource':'arn:aws:iot:*:*:topic/dt/lamp-1/state'}";

    private final PublishRules rules = new PublishRules(1024, 2 * SECOND);

    private Connection lamp(int perSecond) {
        return TestConnections.connection(
                "lamp-1", TestConnections.permissions("lamp-1", OWN_TOPICS), new RateLimiter(perSecond, 1 << 20));
    }

    @Test
    void acceptsWhatThePolicyAllowsAtOnce() {
        assertThat(rules.check(lamp(100), "dt/lamp-1/temp", 1, false, 10, 0)).isEqualTo(PublishRules.Accept.NOW);
        assertThat(rules.check(lamp(100), "$aws/things/lamp-1/shadow/update", 0, false, 10, 0))
                .isEqualTo(PublishRules.Accept.NOW);
    }

    @Test
    void refusesInAwsOrderWithTheReasonAndWhatTheLifecycleEventSays() {
        Connection lamp = lamp(100);
        assertThat(refusal(rules.check(lamp, "dt/lamp-1/+", 1, false, 1, 0))).isEqualTo(PublishRefusal.INVALID_TOPIC);
        assertThat(refusal(rules.check(lamp, "$aws/events/presence/connected/lamp-1", 1, false, 1, 0)))
                .isEqualTo(PublishRefusal.RESERVED_TOPIC);
        assertThat(refusal(rules.check(lamp, "$aws/things/lamp-1/shadow/update", 1, true, 1, 0)))
                .as("a reserved topic cannot be retained")
                .isEqualTo(PublishRefusal.RESERVED_TOPIC);
        assertThat(refusal(rules.check(lamp, "dt/lamp-1/temp", 1, false, 1025, 0)))
                .isEqualTo(PublishRefusal.PAYLOAD_TOO_LARGE);
        PublishRules.Refuse denied = (PublishRules.Refuse) rules.check(lamp, "dt/lamp-2/temp", 1, false, 1, 0);
        assertThat(denied.refusal()).isEqualTo(PublishRefusal.POLICY);
        assertThat(denied.awsDisconnectReason()).isEqualTo("AUTH_ERROR");
        assertThat(denied.message()).contains("iot:Publish").contains("topic/dt/lamp-2/temp");
        assertThat(refusal(rules.check(lamp, "dt/lamp-1/other", 1, true, 1, 0)))
                .as("retained needs iot:RetainPublish too")
                .isEqualTo(PublishRefusal.RETAIN_POLICY);
        assertThat(rules.check(lamp, "dt/lamp-1/state", 1, true, 1, 0)).isEqualTo(PublishRules.Accept.NOW);
    }

    @Test
    void overTheRateQos1IsHeldBackThenRefusedAndQos0Dropped() {
        Connection lamp = lamp(2); // 2 per second, a burst of one second's worth
        assertThat(rules.check(lamp, "dt/lamp-1/t", 1, false, 1, 0)).isEqualTo(PublishRules.Accept.NOW);
        assertThat(rules.check(lamp, "dt/lamp-1/t", 1, false, 1, 0)).isEqualTo(PublishRules.Accept.NOW);
        PublishRules.Verdict third = rules.check(lamp, "dt/lamp-1/t", 1, false, 1, 0);
        assertThat(third).isInstanceOf(PublishRules.Accept.class);
        assertThat(((PublishRules.Accept) third).waitNanos()).isEqualTo(SECOND / 2);
        assertThat(rules.check(lamp, "dt/lamp-1/t", 0, false, 1, 0))
                .as("QoS 0 is never held back")
                .isEqualTo(PublishRules.Drop.INSTANCE);
        for (int i = 0; i < 3; i++) {
            rules.check(lamp, "dt/lamp-1/t", 1, false, 1, 0);
        }
        PublishRules.Refuse throttled = (PublishRules.Refuse) rules.check(lamp, "dt/lamp-1/t", 1, false, 1, 0);
        assertThat(throttled.refusal()).isEqualTo(PublishRefusal.THROTTLED);
        assertThat(throttled.awsDisconnectReason()).isEqualTo("THROTTLED");
    }

    @Test
    void theDataPlaneGetsTheContentChecksOnly() {
        assertThat(rules.checkContent("anything/goes", false, 10)).isEmpty();
        assertThat(rules.checkContent("$aws/things/x/shadow/update", true, 10))
                .map(PublishRules.Refuse::refusal)
                .contains(PublishRefusal.RESERVED_TOPIC);
        assertThat(rules.checkContent("t", false, 2048))
                .map(PublishRules.Refuse::refusal)
                .contains(PublishRefusal.PAYLOAD_TOO_LARGE);
    }

    private static PublishRefusal refusal(PublishRules.Verdict verdict) {
        assertThat(verdict).isInstanceOf(PublishRules.Refuse.class);
        return ((PublishRules.Refuse) verdict).refusal();
    }
}
