package io.thingstead.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardPatternTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "##", quoteCharacter = '`', textBlock = """
            my*         ## my%
            ab?         ## ab_
            *my*        ## %my%
            100%        ## 100\\%
            a_b*        ## a\\_b%
            a\\\\b*     ## a\\\\b%
            a\\*b\\?    ## a*b?
            """)
    void likePatternsTranslateWildcardsAndEscapeLikeMetacharacters(String query, String like) {
        assertThat(WildcardPattern.parse(query).toLikePattern()).isEqualTo(like);
    }

    @Test
    void describesItsShape() {
        WildcardPattern leading = WildcardPattern.parse("*abc");
        WildcardPattern trailing = WildcardPattern.parse("abc?");
        WildcardPattern exact = WildcardPattern.parse("a\\*c");

        assertThat(leading.startsWithWildcard()).isTrue();
        assertThat(trailing.startsWithWildcard()).isFalse();
        assertThat(trailing.hasWildcards()).isTrue();
        assertThat(exact.hasWildcards()).isFalse();
        assertThat(exact.literalCharacters()).isEqualTo("a*c");
        assertThat(trailing.literalCharacters()).isEqualTo("abc");
        assertThat(WildcardPattern.parse("***").matchesEverything()).isTrue();
        assertThat(WildcardPattern.parse("*?").matchesEverything()).isFalse();
        assertThat(WildcardPattern.parse("\\*").matchesEverything()).isFalse();
        assertThat(WildcardPattern.builder().build().matchesEverything()).isFalse();
    }

    @Test
    void queryRenderingEscapesSyntaxSoThatItParsesBack() {
        WildcardPattern pattern = WildcardPattern.builder()
                .literal("-a b:(c)[d]{e}\"f\"<g>~h^i/j\\")
                .anyChars()
                .literal("AND")
                .oneChar()
                .build();

        String text = pattern.toString();

        assertThat(text).isEqualTo("\\-a\\ b\\:\\(c\\)\\[d\\]\\{e\\}\\\"f\\\"\\<g\\>\\~h\\^i\\/j\\\\*AND?");
        assertThat(WildcardPattern.parse(text)).isEqualTo(pattern).hasSameHashCodeAs(pattern);
    }

    @Test
    void operatorWordsAreEscapedWhenTheyStandAlone() {
        assertThat(WildcardPattern.builder().literal("AND").build()).hasToString("\\AND");
        assertThat(WildcardPattern.builder().literal("TO").build()).hasToString("\\TO");
        assertThat(WildcardPattern.builder().literal("ANDY").build()).hasToString("ANDY");
        assertThat(WildcardPattern.builder().literal("a-b!").build()).hasToString("a-b!");
    }
}
