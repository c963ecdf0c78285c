package io.thingstead.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobPatternTest {
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "abc|abc|true",
                "abc|abd|false",
                "abc|ab|false",
                "abc|abcd|false",
                "*|''|true",
                "*|anything/at/all|true",
                "a*|a|true",
                "a*|abc|true",
                "a*|ba|false",
                "*c|abc|true",
                "*c|abcd|false",
                "a*c|ac|true",
                "a*c|abbbc|true",
                "a*c|abbbd|false",
                "a?c|abc|true",
                "a?c|ac|false",
                "a?c|abbc|false",
                "???|abc|true",
                "???|ab|false",
                "a*b*c|aXbYc|true",
                "a*b*c|abc|true",
                "a*b*c|acb|false",
                "*a*|banana|true",
                "*a*a*a*|banana|true",
                "*a*a*a*a*|banana|false",
                "*/room?|thing1/room1|true",
                "*/room?|thing1/room12|false",
                "a**b|ab|true",
                "a**b|axxb|true",
                "*?|''|false",
                "*?|x|true",
                "?*?|xy|true",
                "?*?|x|false",
                "ab*ab|ab|false",
                "ab*ab|abab|true",
                "ab*ab|ababab|true",
            })
    void matchesIamWildcards(String pattern, String text, boolean expected) {
        assertThat(GlobPattern.wildcard(pattern, false).matches(text)).isEqualTo(expected);
    }

    @Test
    void mqttWildcardsAreOrdinaryCharacters() {
        GlobPattern pattern = GlobPattern.wildcard("some/+/topic", false);

        assertThat(pattern.matches("some/+/topic")).isTrue();
        assertThat(pattern.matches("some/x/topic")).isFalse();
        assertThat(GlobPattern.wildcard("a/#", false).matches("a/b")).isFalse();
    }

    @Test
    void literalPatternTreatsStarsAndQuestionMarksAsCharacters() {
        GlobPattern pattern = GlobPattern.literal("a*?", false);

        assertThat(pattern.isLiteral()).isTrue();
        assertThat(pattern.matches("a*?")).isTrue();
        assertThat(pattern.matches("abc")).isFalse();
    }

    @Test
    void maskDecidesWhichCharactersAreWildcards() {
        char[] chars = "a*b*".toCharArray();
        boolean[] wild = {false, false, false, true};
        GlobPattern pattern = GlobPattern.compile(chars, wild, false, false);

        assertThat(pattern.matches("a*bzzz")).isTrue();
        assertThat(pattern.matches("axbzzz")).isFalse();
    }

    @Test
    void ignoreCaseComparesWithoutCase() {
        GlobPattern pattern = GlobPattern.wildcard("iot:Get*", true);

        assertThat(pattern.matches("IOT:getThingShadow")).isTrue();
        assertThat(pattern.matches("iot:UpdateThingShadow")).isFalse();
        assertThat(GlobPattern.wildcard("iot:Get*", false).matches("IOT:getThingShadow"))
                .isFalse();
    }

    @Test
    void matchesASubrangeOfTheText() {
        GlobPattern pattern = GlobPattern.wildcard("b*d", false);

        assertThat(pattern.matches("abcde", 1, 4)).isTrue();
        assertThat(pattern.matches("abcde", 0, 4)).isFalse();
    }

    @Test
    void runsOfStarsCollapseIntoOne() {
        GlobPattern pattern = GlobPattern.wildcard("*".repeat(2000), false);

        assertThat(pattern.isMatchAll()).isTrue();
        assertThat(pattern).hasToString("*");
        assertThat(pattern.matches("x".repeat(10_000))).isTrue();
        assertThat(GlobPattern.wildcard("a" + "*".repeat(1000) + "b", false)).hasToString("a*b");
    }

    @Test
    void manyStarsAgainstLongTextIsDecidedWithoutBacktracking() {
        // a pattern shape that makes backtracking matchers exponential: "*a*a*a...*b" against "aaaa...a"
        String pattern = "*a".repeat(1000) + "*b";
        String text = "a".repeat(20_000);

        assertThat(GlobPattern.wildcard(pattern, false).matches(text)).isFalse();
        assertThat(GlobPattern.wildcard(pattern, false).matches(text + "b")).isTrue();
    }

    @Test
    void longQuestionMarkRunsAndLongLiteralsMatch() {
        String text = "x".repeat(5000);

        assertThat(GlobPattern.wildcard("?".repeat(5000), false).matches(text)).isTrue();
        assertThat(GlobPattern.wildcard("?".repeat(4999), false).matches(text)).isFalse();
        assertThat(GlobPattern.wildcard("x".repeat(2500) + "*" + "x".repeat(2500), false)
                        .matches(text))
                .isTrue();
        assertThat(GlobPattern.wildcard("x".repeat(2500) + "*" + "x".repeat(2501), false)
                        .matches(text))
                .isFalse();
    }

    @Test
    void toStringShowsThePattern() {
        assertThat(GlobPattern.wildcard("a*b?c", false)).hasToString("a*b?c");
    }
}
