package io.thingstead.gateway.internal.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReservedTopicsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "$aws/things/lamp-1/shadow/update",
                "$aws/things/lamp-1/shadow/get",
                "$aws/things/lamp-1/shadow/delete",
                "$aws/things/lamp-1/shadow/name/settings/update",
                "$aws/things/lamp-1/jobs/get",
                "$aws/things/lamp-1/jobs/start-next",
                "$aws/things/lamp-1/jobs/job-42/update",
                "$aws/certificates/create/json",
                "$aws/certificates/create-from-csr/json",
                "$aws/provisioning-templates/factory/provision/json",
                "$aws/things/lamp-1/defender/metrics/json",
                "$aws/rules/telemetry_rule",
                "$aws/rules/telemetry_rule/dt/lamp-1",
                "dt/lamp-1/temperature"
            })
    void devicesMayPublishToTheseTopics(String topic) {
        assertThat(ReservedTopics.publishProblem(topic)).as(topic).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$aws/things/lamp-1/shadow/update/accepted",
                "$aws/things/lamp-1/shadow/update/delta",
                "$aws/events/presence/connected/lamp-1",
                "$aws/things/lamp-1/jobs/notify",
                "$aws/things/lamp-1/shadow/bogus",
                "$SYS/broker/uptime",
                "$aws/anything"
            })
    void onlyThePlatformPublishesToThese(String topic) {
        assertThat(ReservedTopics.publishProblem(topic)).as(topic).isPresent();
    }

    @Test
    void subscriptionsToReservedTopicsAreLeftToPolicies() {
        assertThat(ReservedTopics.subscribeProblem("$aws/things/lamp-1/shadow/update/delta"))
                .isEmpty();
        assertThat(ReservedTopics.subscribeProblem("$aws/events/presence/connected/+"))
                .isEmpty();
        assertThat(ReservedTopics.subscribeProblem("$aws/rules/x")).isPresent();
        assertThat(ReservedTopics.subscribeProblem("$SYS/#")).isPresent();
        assertThat(ReservedTopics.subscribeProblem("sensors/#")).isEmpty();
    }

    @Test
    void basicIngestNamesItsRule() {
        assertThat(ReservedTopics.basicIngestRule("$aws/rules/telemetry/dt/x")).hasValue("telemetry");
        assertThat(ReservedTopics.basicIngestRule("$aws/rules/telemetry")).hasValue("telemetry");
        assertThat(ReservedTopics.basicIngestRule("dt/x")).isEmpty();
    }
}
