package io.thingstead.registry.internal.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.registry.api.InvalidQueryException;
import io.thingstead.registry.internal.search.Token.Type;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTokenizerTest {
    private static List<Type> types(String query) {
        return QueryTokenizer.tokenize(query).stream().map(Token::type).toList();
    }

    @Test
    void splitsSymbolsAndWordsWithPositions() {
        List<Token> tokens = QueryTokenizer.tokenize("thingName:(a* OR \"b c\") attributes.x>=5");

        assertThat(tokens)
                .extracting(Token::type)
                .containsExactly(
                        Type.TERM,
                        Type.COLON,
                        Type.LPAREN,
                        Type.TERM,
                        Type.OR,
                        Type.QUOTED,
                        Type.RPAREN,
                        Type.TERM,
                        Type.GE,
                        Type.TERM,
                        Type.EOF);
        assertThat(tokens).extracting(Token::start).containsExactly(0, 9, 10, 11, 14, 17, 22, 24, 36, 38, 39);
        assertThat(tokens.get(5).text()).isEqualTo("b c");
        assertThat(tokens.get(3).pattern().hasWildcards()).isTrue();
    }

    @Test
    void allComparisonAndBracketSymbols() {
        assertThat(types("a>b a>=b a<b a<=b [ ] { }"))
                .containsExactly(
                        Type.TERM,
                        Type.GT,
                        Type.TERM,
                        Type.TERM,
                        Type.GE,
                        Type.TERM,
                        Type.TERM,
                        Type.LT,
                        Type.TERM,
                        Type.TERM,
                        Type.LE,
                        Type.TERM,
                        Type.LBRACKET,
                        Type.RBRACKET,
                        Type.LBRACE,
                        Type.RBRACE,
                        Type.EOF);
    }

    @Test
    void operatorsAreUpperCaseWordsOrLuceneSymbols() {
        assertThat(types("a AND b OR c NOT d"))
                .containsExactly(Type.TERM, Type.AND, Type.TERM, Type.OR, Type.TERM, Type.NOT, Type.TERM, Type.EOF);
        assertThat(types("a && b || !c -d"))
                .containsExactly(
                        Type.TERM, Type.AND, Type.TERM, Type.OR, Type.NOT, Type.TERM, Type.MINUS, Type.TERM, Type.EOF);
        assertThat(types("and or not And")).containsExactly(Type.TERM, Type.TERM, Type.TERM, Type.TERM, Type.EOF);
        assertThat(types("ANDROID ORDER NOTE")).containsExactly(Type.TERM, Type.TERM, Type.TERM, Type.EOF);
    }

    @Test
    void operatorCharactersInsideAWordAreLiteral() {
        List<Token> tokens = QueryTokenizer.tokenize("tv-plasma a&b x|y hi! a+b");

        assertThat(tokens).extracting(Token::text).containsExactly("tv-plasma", "a&b", "x|y", "hi!", "a+b", "");
        assertThat(tokens).extracting(Token::type).containsOnly(Type.TERM, Type.EOF);
    }

    @Test
    void escapedOperatorWordsAndWildcardsAreLiteral() {
        Token and = QueryTokenizer.tokenize("\\AND").get(0);
        assertThat(and.type()).isEqualTo(Type.TERM);
        assertThat(and.text()).isEqualTo("AND");
        assertThat(and.escaped()).isTrue();

        Token star = QueryTokenizer.tokenize("a\\*b*").get(0);
        assertThat(star.text()).isEqualTo("a*b*");
        assertThat(star.pattern().toLikePattern()).isEqualTo("a*b%");
    }

    @Test
    void escapesRemoveTheBackslash() {
        Token token = QueryTokenizer.tokenize("a\\:b\\ c\\(\\)\\\\d\\u0041\\\"").get(0);

        assertThat(token.text()).isEqualTo("a:b c()\\dA\"");
        assertThat(token.end()).isEqualTo(22);
    }

    @Test
    void quotedValuesKeepSpacesAndWildcardsLiterally() {
        Token token = QueryTokenizer.tokenize("\"new york * ? \\\"x\\\" \\\\\"").get(0);

        assertThat(token.type()).isEqualTo(Type.QUOTED);
        assertThat(token.text()).isEqualTo("new york * ? \"x\" \\");
    }

    @Test
    void whitespaceIsJavaWhitespace() {
        assertThat(types("a\tb\nc\u2003d\u000Be")).hasSize(6);
        assertThat(QueryTokenizer.tokenize("a\u00A0b").get(0).text())
                .as("a no-break space is not white space for Character.isWhitespace")
                .isEqualTo("a\u00A0b");
    }

    @Test
    void unicodeWordsAndSurrogatePairs() {
        Token token = QueryTokenizer.tokenize("日本語\uD83D\uDE00*").get(0);

        assertThat(token.text()).isEqualTo("日本語\uD83D\uDE00*");
        assertThat(token.pattern().toLikePattern()).isEqualTo("日本語\uD83D\uDE00%");
    }

    @ParameterizedTest(name = "{0} -> position {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            thingName:"abc                | 10 | no closing '"'
            thingName:abc\\               | 13 | escapes nothing
            thingName:a\\u00              | 11 | four hexadecimal digits
            thingName:a\\u00zz1           | 11 | four hexadecimal digits
            thingName:a\\u0000            | 11 | not allowed
            thingName:a\\uD800            | 11 | not allowed
            +thingName:a                  | 0  | '+' is not a supported operator
            thingName:abc~                | 13 | fuzzy
            thingName:abc~2               | 13 | fuzzy
            thingName:abc^2               | 13 | boosting
            thingName:/ab.*/              | 10 | regular expressions
            thingName:a/b                 | 11 | regular expressions
            """)
    void refusesWhatAwsDoesNotSupport(String query, int position, String message) {
        assertThatThrownBy(() -> QueryTokenizer.tokenize(query))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.getMessage())
                            .startsWith("Invalid query at position " + position + " (0-based): ")
                            .contains(message);
                });
    }

    @Test
    void refusesControlCharactersAndBrokenUtf16() {
        assertThatThrownBy(() -> QueryTokenizer.tokenize("thingName:a\u0000b"))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> {
                    assertThat(e.position()).isEqualTo(11);
                    assertThat(e.getMessage()).contains("control character U+0000");
                });
        assertThatThrownBy(() -> QueryTokenizer.tokenize("thingName:\u001Bx"))
                .isInstanceOfSatisfying(
                        InvalidQueryException.class,
                        e -> assertThat(e.position()).isEqualTo(10));
        assertThatThrownBy(() -> QueryTokenizer.tokenize("ab\uD800c"))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> {
                    assertThat(e.position()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("unpaired surrogate");
                });
        assertThatThrownBy(() -> QueryTokenizer.tokenize("ab\uDC00"))
                .isInstanceOfSatisfying(
                        InvalidQueryException.class,
                        e -> assertThat(e.position()).isEqualTo(2));
    }
}
