package io.thingstead.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArnTemplateTest {
    private static final String TOPIC = "arn:aws:iot:us-east-1:123456789012:topic/";

    private static boolean matches(String pattern, String arn) {
        return ArnTemplate.parse(pattern, true).bind(name -> null).matches(arn);
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*|arn:aws:iot:us-east-1:123456789012:topic/a|true",
                "*|not an arn|true",
                "arn:aws:iot:us-east-1:123456789012:topic/a|arn:aws:iot:us-east-1:123456789012:topic/a|true",
                "arn:aws:iot:us-east-1:123456789012:topic/a|arn:aws:iot:us-east-1:123456789012:topic/A|false",
                "arn:aws:iot:us-east-1:123456789012:topic/a|arn:aws:iot:us-east-1:123456789012:topic/ab|false",
                "arn:aws:iot:us-east-1:123456789012:topic/a|arn:aws:iot:eu-west-1:123456789012:topic/a|false",
                "arn:aws:iot:*:123456789012:topic/a|arn:aws:iot:eu-west-1:123456789012:topic/a|true",
                "arn:aws:iot:*:*:topic/a|arn:aws:iot:eu-west-1:999999999999:topic/a|true",
                "arn:aws:iot:us-east-1:123456789012:*|arn:aws:iot:us-east-1:123456789012:thing/x|true",
                "arn:aws:iot:us-east-1:123456789012:topic/*|arn:aws:iot:us-east-1:123456789012:topic/a:b/c|true",
                "arn:aws:iot:us-east-1:123456789012:topic/*|arn:aws:iot:us-east-1:123456789012:topicfilter/a|false",
                "arn:aws:iot:us-east-1:123456789012:topic/*|arn:aws:iot:us-east-1|false",
                "arn:aws:iot:us-*:123456789012:topic/a|arn:aws:iot:us-east-1:123456789012:topic/a|true",
                "arn:aws:iot:us-?ast-1:123456789012:topic/a|arn:aws:iot:us-east-1:123456789012:topic/a|true",
            })
    void matchesPartByPart(String pattern, String arn, boolean expected) {
        assertThat(matches(pattern, arn)).isEqualTo(expected);
    }

    @Test
    void aWildcardInTheHeadDoesNotSpanColons() {
        // the IAM example: StringLike would match, ARN matching does not
        String pattern = "arn:aws:iot:*:111122223333:topic/*";
        String arn = "arn:aws:iot:us-east-2:999999999999:store/abc:111122223333:topic/x";

        assertThat(matches(pattern, arn)).isFalse();
        assertThat(GlobPattern.wildcard(pattern, false).matches(arn)).isTrue();
    }

    @Test
    void variablesInTheResourcePartAreBoundLiterally() {
        ArnTemplate template = ArnTemplate.parse(TOPIC + "${iot:ClientId}/*", true);

        assertThat(template.hasVariables()).isTrue();
        assertThat(template.variableNames()).containsExactly("iot:ClientId");
        ArnPattern bound = template.bind(name -> Map.of("iot:ClientId", "dev:1").get(name));
        assertThat(bound.matches(TOPIC + "dev:1/x")).isTrue();
        assertThat(bound.matches(TOPIC + "dev:2/x")).isFalse();
        assertThat(template.bind(name -> null)).isNull();
    }

    @Test
    void colonsInsideAVariableDoNotSplitTheArn() {
        ArnTemplate template = ArnTemplate.parse("arn:aws:iot:us-east-1:123456789012:client/${iot:ClientId}", true);

        assertThat(template.bind(name -> "c1").matches("arn:aws:iot:us-east-1:123456789012:client/c1"))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "topic/a",
                "arn:aws:iot:us-east-1:123456789012",
                "urn:aws:iot:us-east-1:123456789012:topic/a",
                "arn::iot:us-east-1:123456789012:topic/a",
                "arn:aws::us-east-1:123456789012:topic/a",
                "arn:aws:iot:us-east-1:123456789012:",
                "arn:aws:io*:us-east-1:123456789012:topic/a",
                "arn:aws:iot:${iot:ClientId}:123456789012:topic/a",
                "${iot:ClientId}",
            })
    void refusesWhatIsNotAnArnPattern(String pattern) {
        assertThatThrownBy(() -> ArnTemplate.parse(pattern, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void underTheOldVersionDollarBracesAreText() {
        ArnTemplate template = ArnTemplate.parse(TOPIC + "${iot:ClientId}", false);

        assertThat(template.hasVariables()).isFalse();
        assertThat(template.bind(name -> "x").matches(TOPIC + "${iot:ClientId}"))
                .isTrue();
        assertThat(template.bind(name -> "x").matches(TOPIC + "x")).isFalse();
    }

    @Test
    void toStringShowsThePattern() {
        assertThat(ArnTemplate.parse(TOPIC + "a/*", true).bind(n -> null)).hasToString(TOPIC + "a/*");
        assertThat(ArnTemplate.parse("arn:aws:iot:*:1:topic/a", true).bind(n -> null))
                .hasToString("arn:aws:iot:*:1:topic/a");
        assertThat(ArnTemplate.parse("*", true).bind(n -> null)).hasToString("*");
        assertThat(ArnTemplate.parse("*", true).source()).isEqualTo("*");
    }
}
