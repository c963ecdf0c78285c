package io.thingstead.rules.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleTopicFilterTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "sensors/+/data, sensors/s1/data, true",
        "sensors/+/data, sensors/s1/other, false",
        "sensors/+/data, sensors//data, true",
        "sensors/+/data, sensors/s1/data/x, false",
        "sensors/#, sensors, true",
        "sensors/#, sensors/a/b/c, true",
        "sensors/#, sensorsX/a, false",
        "#, a/b, true",
        "#, $aws/things/t/shadow/update, false",
        "+/things/+/shadow/update, $aws/things/t/shadow/update, false",
        "$aws/things/+/shadow/update/accepted, $aws/things/lamp/shadow/update/accepted, true",
        "$aws/events/presence/+/+, $aws/events/presence/connected/c1, true",
        "a/b, a/b, true",
        "a/b, a/bc, false",
        "a/b, a, false",
        "a, a/b, false"
    })
    void matches(String filter, String topic, boolean expected) {
        assertThat(RuleTopicFilter.of(filter, filter, 0).matches(topic)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"a/b/c/d/e/f/g/h", "$aws/things/t/shadow/name/n/update/accepted/x/y/z"})
    void slashLimitAsAws(String filter) {
        assertThat(RuleTopicFilter.problem(filter)).isEmpty();
        assertThat(RuleTopicFilter.problem(filter + "/more")).isPresent();
    }
}
