package io.thingstead.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {
    @ParameterizedTest
    @CsvSource({
        "a/b/c, a/b/c, true",
        "a/+/c, a/b/c, true",
        "a/+/c, a//c, true",
        "a/+, a/b/c, false",
        "a/#, a/b/c, true",
        "a/#, a, true",
        "#, a/b, true",
        "+, /x, false",
        "+/x, /x, true",
        "a/b, a/bc, false",
        "a/bc, a/b, false",
        "#, $aws/things/x/shadow/update, false",
        "+/things/x, $aws/things/x, false",
        "$aws/things/+/shadow/#, $aws/things/lamp/shadow/update/accepted, true",
        "$aws/things/+/shadow/update, $aws/things/lamp/shadow/name/n/update, false",
        "sensors/+/temp, sensors/room-1/temp, true",
        "sensors/+/temp, sensors/room-1/humidity, false"
    })
    void filtersMatchAsMqttSays(String filter, String topic, boolean matches) {
        assertThat(Topics.matches(filter, topic)).as("%s ~ %s", filter, topic).isEqualTo(matches);
    }

    @Test
    void topicNamesFollowAwsLimits() {
        assertThat(Topics.topicNameProblem("dt/thermostat/room-1/temperature")).isEmpty();
        assertThat(Topics.topicNameProblem("a/b/c/d/e/f/g/h")).isEmpty();
        assertThat(Topics.topicNameProblem("a/b/c/d/e/f/g/h/i"))
                .hasValueSatisfying(p -> assertThat(p).contains("7 forward slashes"));
        assertThat(Topics.topicNameProblem("$aws/things/x/shadow/name/n/update/a/b"))
                .isEmpty();
        assertThat(Topics.topicNameProblem("x".repeat(257)))
                .hasValueSatisfying(p -> assertThat(p).contains("256"));
        assertThat(Topics.topicNameProblem("é".repeat(129)))
                .as("bytes, not characters")
                .isPresent();
        assertThat(Topics.topicNameProblem("a/+/b")).isPresent();
        assertThat(Topics.topicNameProblem("a/#")).isPresent();
        assertThat(Topics.topicNameProblem("")).isPresent();
        assertThat(Topics.topicNameProblem("a\u0000b")).isPresent();
    }

    @Test
    void filtersPlaceWildcardsOnlyAsWholeLevels() {
        assertThat(Topics.topicFilterProblem("a/+/c/#")).isEmpty();
        assertThat(Topics.topicFilterProblem("#")).isEmpty();
        assertThat(Topics.topicFilterProblem("a/#/c")).isPresent();
        assertThat(Topics.topicFilterProblem("a/b#")).isPresent();
        assertThat(Topics.topicFilterProblem("a/b+/c")).isPresent();
    }
}
