package io.thingstead.registry.internal.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.thingstead.registry.api.InvalidQueryException;
import io.thingstead.registry.internal.search.SearchQuery.And;
import io.thingstead.registry.internal.search.SearchQuery.ExistsMatch;
import io.thingstead.registry.internal.search.SearchQuery.MatchAll;
import io.thingstead.registry.internal.search.SearchQuery.Not;
import io.thingstead.registry.internal.search.SearchQuery.Or;
import io.thingstead.registry.internal.search.SearchQuery.RangeMatch;
import io.thingstead.registry.internal.search.SearchQuery.Term;
import io.thingstead.registry.internal.search.SearchQuery.ValueMatch;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchQueryParserTest {
    private static String render(String query) {
        return SearchQueryParser.parse(query).render();
    }

    private static InvalidQueryException refusal(String query) {
        try {
            SearchQueryParser.parse(query);
        } catch (InvalidQueryException e) {
            return e;
        }
        throw new AssertionError("expected the query to be refused: " + query);
    }

    @Nested
    class Constructs {
        @Test
        void fieldTerm() {
            SearchQuery query = SearchQueryParser.parse("thingName:myThingName");

            assertThat(query).isInstanceOfSatisfying(Term.class, term -> {
                assertThat(term.field().path()).isEqualTo("thingName");
                assertThat(term.field().position()).isZero();
                assertThat(term.match()).isInstanceOfSatisfying(ValueMatch.class, value -> {
                    assertThat(value.text()).isEqualTo("myThingName");
                    assertThat(value.isPattern()).isFalse();
                    assertThat(value.quoted()).isFalse();
                    assertThat(value.position()).isEqualTo(10);
                });
            });
        }

        @Test
        void freeTextTermHasNoField() {
            SearchQuery query = SearchQueryParser.parse("abc");

            assertThat(query).isInstanceOfSatisfying(Term.class, term -> {
                assertThat(term.field()).isNull();
                assertThat(term.position()).isZero();
                assertThat(((ValueMatch) term.match()).text()).isEqualTo("abc");
            });
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"thingName:my*", "thingName:ab?", "attributes.myAttribute:i*t", "thingName:*my*"})
        void wildcardValuesArePatterns(String query) {
            Term term = (Term) SearchQueryParser.parse(query);

            assertThat(((ValueMatch) term.match()).isPattern()).isTrue();
            assertThat(term.render()).isEqualTo(query);
        }

        @Test
        void escapedWildcardsAndQuotedValuesAreExact() {
            ValueMatch escaped = (ValueMatch) ((Term) SearchQueryParser.parse("thingName:a\\*b")).match();
            ValueMatch quoted = (ValueMatch) ((Term) SearchQueryParser.parse("thingName:\"a*b?\"")).match();

            assertThat(escaped.isPattern()).isFalse();
            assertThat(escaped.text()).isEqualTo("a*b");
            assertThat(quoted.isPattern()).isFalse();
            assertThat(quoted.quoted()).isTrue();
            assertThat(quoted.text()).isEqualTo("a*b?");
        }

        @Test
        void quotedPhraseKeepsSpacesAndEscapes() {
            ValueMatch value = (ValueMatch)
                    ((Term) SearchQueryParser.parse("shadow.reported.location:\"new \\\"york\\\" \\\\ city\"")).match();

            assertThat(value.text()).isEqualTo("new \"york\" \\ city");
            assertThat(value.quoted()).isTrue();
        }

        @Test
        void escapedSpecialCharactersInFieldNamesAndValues() {
            Term term = (Term) SearchQueryParser.parse("attributes.a\\:b:x\\(1\\)\\ y");

            assertThat(term.field().path()).isEqualTo("attributes.a:b");
            assertThat(((ValueMatch) term.match()).text()).isEqualTo("x(1) y");
        }

        @Test
        void fieldExistsQuery() {
            Term term = (Term) SearchQueryParser.parse("attributes.color:*");

            assertThat(term.match()).isEqualTo(new ExistsMatch(17));
            assertThat(term.render()).isEqualTo("attributes.color:*");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"*", "*:*", "**", " * "})
        void matchAll(String query) {
            assertThat(SearchQueryParser.parse(query)).isInstanceOf(MatchAll.class);
        }

        @Test
        void inclusiveExclusiveAndMixedRanges() {
            RangeMatch inclusive = range("attributes.myAttribute:[75 TO 80]");
            RangeMatch mixed = range("attributes.myAttribute:{75 TO 80]");
            RangeMatch exclusive = range("attributes.myAttribute:{75 TO 80}");

            assertThat(inclusive.lower().inclusive()).isTrue();
            assertThat(inclusive.upper().inclusive()).isTrue();
            assertThat(mixed.lower().inclusive()).isFalse();
            assertThat(mixed.upper().inclusive()).isTrue();
            assertThat(exclusive.lower().inclusive()).isFalse();
            assertThat(exclusive.upper().inclusive()).isFalse();
            assertThat(inclusive.lower().text()).isEqualTo("75");
            assertThat(inclusive.upper().text()).isEqualTo("80");
            assertThat(inclusive.position()).isEqualTo(23);
            assertThat(inclusive.lower().position()).isEqualTo(24);
            assertThat(inclusive.upper().position()).isEqualTo(30);
        }

        @Test
        void openEndedRanges() {
            assertThat(range("attributes.x:[* TO 5]").lower()).isNull();
            assertThat(range("attributes.x:{5 TO *]").upper()).isNull();
            assertThat(SearchQueryParser.parse("attributes.x:[* TO *]"))
                    .as("[* TO *] asks only that the field exists")
                    .isEqualTo(new Term(new SearchQuery.FieldRef("attributes.x", 0), new ExistsMatch(13)));
        }

        @Test
        void quotedRangeBounds() {
            RangeMatch range = range("attributes.serialNumber:[\"abcd\" TO \"abcf\"]");

            assertThat(range.lower().quoted()).isTrue();
            assertThat(range.lower().text()).isEqualTo("abcd");
            assertThat(range.upper().text()).isEqualTo("abcf");
        }

        @Test
        void negativeNumbersAfterColonComparisonOrInRange() {
            assertThat(render("attributes.t:-5")).isEqualTo("attributes.t:\\-5");
            assertThat(((ValueMatch) ((Term) SearchQueryParser.parse("attributes.t:-5")).match()).text())
                    .isEqualTo("-5");
            assertThat(range("attributes.t:[-10 TO -5]").lower().text()).isEqualTo("-10");
            assertThat(range("attributes.t:[-10 TO -5]").upper().text()).isEqualTo("-5");
            assertThat(range("attributes.t<-5").upper().text()).isEqualTo("-5");
        }

        private RangeMatch range(String query) {
            return (RangeMatch) ((Term) SearchQueryParser.parse(query)).match();
        }

        @Test
        void nodesAreImmutable() {
            And and = (And) SearchQueryParser.parse("a b c");

            assertThatThrownBy(() -> and.operands().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Structure {
        @ParameterizedTest(name = "{0}  ->  {1}")
        @CsvSource(delimiterString = "##", quoteCharacter = '`', textBlock = """
                thingName:abc thingTypeName:xyz                     ## (thingName:abc AND thingTypeName:xyz)
                thingName:abc AND thingTypeName:xyz                 ## (thingName:abc AND thingTypeName:xyz)
                a b c                                               ## (a AND b AND c)
                a AND b OR c                                        ## ((a AND b) OR c)
                a OR b AND c                                        ## (a OR (b AND c))
                a OR b c                                            ## (a OR (b AND c))
                a b OR c d                                          ## ((a AND b) OR (c AND d))
                a OR b OR c                                         ## (a OR b OR c)
                (a OR b) c                                          ## ((a OR b) AND c)
                NOT a AND b                                         ## (NOT a AND b)
                NOT (a OR b)                                        ## NOT (a OR b)
                a NOT b                                             ## (a AND NOT b)
                a OR NOT b                                          ## (a OR NOT b)
                NOT NOT a                                           ## a
                NOT -!a                                             ## NOT a
                -a                                                  ## NOT a
                !a                                                  ## NOT a
                - a                                                 ## NOT a
                a && b || c                                         ## ((a AND b) OR c)
                a and b                                             ## (a AND and AND b)
                a or b                                              ## (a AND or AND b)
                ((((a))))                                           ## a
                (a AND (b OR (c AND NOT d)))                        ## (a AND (b OR (c AND NOT d)))
                thingName:(a OR b)                                  ## (thingName:a OR thingName:b)
                thingName:(tv* AND -plasma)                         ## (thingName:tv* AND NOT thingName:plasma)
                thingName:(a b)                                     ## (thingName:a AND thingName:b)
                thingName:(a OR (b AND c))                          ## (thingName:a OR (thingName:b AND thingName:c))
                thingName:(a OR thingTypeName:b)                    ## (thingName:a OR thingTypeName:b)
                attributes.x:(>5 AND <=10)                          ## (attributes.x:{5 TO *] AND attributes.x:[* TO 10])
                attributes.x:([1 TO 2] OR [5 TO 6})                 ## (attributes.x:[1 TO 2] OR attributes.x:[5 TO 6})
                attributes.attr1:abc AND attributes.attr2<5 NOT attributes.attr3>10 ## (attributes.attr1:abc AND attributes.attr2:[* TO 5} AND NOT attributes.attr3:{10 TO *])
                shadow.reported.stats.battery:{70 TO 100} (v2 OR v3) NOT attributes.model:legacy ## (shadow.reported.stats.battery:{70 TO 100} AND (v2 OR v3) AND NOT attributes.model:legacy)
                shadow.reported.location:* NOT shadow.desired.stats.battery:* ## (shadow.reported.location:* AND NOT shadow.desired.stats.battery:*)
                connectivity.connected:true AND connectivity.timestamp : [1557651600000 TO 1557867600000] ## (connectivity.connected:true AND connectivity.timestamp:[1557651600000 TO 1557867600000])
                connectivity.timestamp > 1557651600000              ## connectivity.timestamp:{1557651600000 TO *]
                connectivity.timestamp >= 1                         ## connectivity.timestamp:[1 TO *]
                connectivity.timestamp:>1                           ## connectivity.timestamp:{1 TO *]
                connectivity.timestamp:<=1                          ## connectivity.timestamp:[* TO 1]
                attributes.a < "b c"                                ## attributes.a:[* TO "b c"}
                thingName :  abc                                    ## thingName:abc
                *:* AND thingName:a                                 ## (* AND thingName:a)
                TO                                                  ## \\TO
                """)
        void precedenceGroupingAndDefaultAnd(String query, String expected) {
            assertThat(render(query)).isEqualTo(expected);
        }

        @Test
        void notBindsTighterThanAndWhichBindsTighterThanOr() {
            SearchQuery query = SearchQueryParser.parse("NOT a b OR c");

            assertThat(query).isInstanceOfSatisfying(Or.class, or -> {
                assertThat(or.operands()).hasSize(2);
                assertThat(or.operands().get(0))
                        .isInstanceOfSatisfying(
                                And.class,
                                and -> assertThat(and.operands().get(0)).isInstanceOf(Not.class));
            });
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "thingName:abc thingTypeName:xyz",
                    "a OR b c NOT d",
                    "thingName:(tv* AND -plasma)",
                    "attributes.a\\:b:x\\(1\\)\\ y",
                    "attributes.x:[\"a b\" TO *}",
                    "attributes.t:[-10 TO -5] attributes.u<-1",
                    "shadow.reported.location:\"new \\\"york\\\"\"",
                    "thingName:\\AND OR \\-x OR a\\*",
                    "thingName:日本* OR \"\uD83D\uDE00\""
                })
        void renderingParsesBackToTheSameQuery(String query) {
            String rendered = render(query);

            assertThat(render(rendered)).isEqualTo(rendered);
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest(name = "[{0}] -> position {1}: {2}")
        @CsvSource(delimiterString = "##", quoteCharacter = '`', textBlock = """
                (thingName:a                    ## 0  ## '(' is never closed
                ((a)                            ## 0  ## '(' is never closed
                thingName:(a                    ## 10 ## '(' is never closed
                thingName:a)                    ## 11 ## ')' has no matching '('
                a) OR (b                        ## 1  ## ')' has no matching '('
                )                               ## 0  ## ')' has no matching '('
                ()                              ## 0  ## '()' is empty
                a AND ()                        ## 6  ## '()' is empty
                a AND                           ## 2  ## 'AND' must be followed by a search term, not the end of the query
                a OR                            ## 2  ## 'OR' must be followed by a search term
                AND a                           ## 0  ## 'AND' needs a search term before it
                OR a                            ## 0  ## 'OR' needs a search term before it
                a OR OR b                       ## 2  ## 'OR' must be followed by a search term, not 'OR'
                a AND OR b                      ## 2  ## 'AND' must be followed by a search term, not 'OR'
                a OR AND b                      ## 2  ## 'OR' must be followed by a search term, not 'AND'
                (a OR) b                        ## 3  ## 'OR' must be followed by a search term, not ')'
                thingName:(a OR )               ## 13 ## 'OR' must be followed by a search term, not ')'
                NOT                             ## 0  ## 'NOT' must be followed by a search term
                a NOT                           ## 2  ## 'NOT' must be followed by a search term
                -                               ## 0  ## '-' must be followed by a search term
                a && ||                         ## 2  ## '&&' must be followed by a search term, not '||'
                thingName:                      ## 9  ## expected a value after ':' but found the end of the query
                thingName: )                    ## 9  ## expected a value after ':' but found ')'
                thingName:""                    ## 10 ## the value "" is empty
                thingName:AND                   ## 10 ## found the operator 'AND'
                thingName:-                     ## 10 ## found '-' on its own
                thingName:- 5                   ## 10 ## found '-' on its own
                :abc                            ## 0  ## ':' must follow a field name
                a:b:c                           ## 3  ## ':' must follow a field name
                "thingName":abc                 ## 11 ## ':' must follow a field name
                thing*:a                        ## 0  ## field names cannot contain wildcards
                *:abc                           ## 1  ## '*:' can only be followed by '*'
                >5                              ## 0  ## needs a field before it
                [1 TO 5]                        ## 0  ## a range needs a field before it
                ]                               ## 0  ## ']' does not close a range
                a }                             ## 2  ## '}' does not close a range
                attributes.x:[1 TO 5            ## 13 ## must be closed with ']' or '}', not the end of the query
                attributes.x:[1 TO 5)           ## 20 ## must be closed with ']' or '}', not ')'
                attributes.x:[1 5]              ## 16 ## expected TO between the bounds
                attributes.x:[1 to 5]           ## 16 ## expected TO between the bounds
                attributes.x:[1 TO ]            ## 19 ## expected a value after TO but found ']'
                attributes.x:[TO 5]             ## 14 ## no lower bound before TO
                attributes.x:[]                 ## 14 ## expected a value after the range opened by '[' but found ']'
                attributes.x:[a* TO b]          ## 14 ## wildcards cannot be used in a range
                attributes.x:[a TO b*]          ## 19 ## wildcards cannot be used in a range
                attributes.x:["" TO b]          ## 14 ## the value "" is empty
                attributes.x>                   ## 12 ## expected a value after '>' but found the end of the query
                attributes.x>=*                 ## 12 ## '*' cannot be compared with
                attributes.x<a*                 ## 13 ## wildcards cannot be used in a range or comparison
                attributes.x:>                  ## 13 ## expected a value after '>'
                thingName:*a OR thingGroupNames:*b ## 32 ## only 1 term per query may start with a wildcard
                thingName:?a thingName:*b       ## 23 ## only 1 term per query may start with a wildcard
                *a *b                           ## 3  ## only 1 term per query may start with a wildcard
                """)
        void malformedQueries(String query, int position, String message) {
            InvalidQueryException e = refusal(query);

            assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
            assertThat(e.getMessage())
                    .startsWith("Invalid query at position " + position + " (0-based): ")
                    .contains(message);
            assertThat(e.code()).isEqualTo(io.thingstead.common.api.error.ErrorCode.INVALID_QUERY);
            assertThat(e.code().httpStatus()).isEqualTo(400);
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", " ", "\t\n "})
        void emptyQuery(String query) {
            InvalidQueryException e = refusal(query);

            assertThat(e.position()).isZero();
            assertThat(e.problem()).isEqualTo("the query string is empty");
        }

        @Test
        void nullQuery() {
            assertThat(refusal(null).problem()).isEqualTo("the query string is empty");
        }

        @Test
        void overLongQueryIsRefusedBeforeParsing() {
            String query = "thingName:" + "a".repeat(SearchQueryParser.MAX_QUERY_LENGTH);

            InvalidQueryException e = refusal(query);

            assertThat(e.position()).isEqualTo(4096);
            assertThat(e.problem()).isEqualTo("the query is 4106 characters long; the maximum is 4096");
        }

        @Test
        void queryOfExactlyTheMaximumLengthIsAccepted() {
            String query = "thingName:" + "a".repeat(SearchQueryParser.MAX_QUERY_LENGTH - 10);

            assertThat(((ValueMatch) ((Term) SearchQueryParser.parse(query)).match()).text())
                    .hasSize(4086);
        }

        @Test
        void hostileInputIsRefusedCheaply() {
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                assertThat(refusal("(".repeat(10_000) + "a" + ")".repeat(10_000))
                                .position())
                        .isEqualTo(4096);
                assertThat(refusal("thingName:" + "x".repeat(1_000_000)).position())
                        .isEqualTo(4096);
                assertThat(refusal("NOT ".repeat(1100) + "a").position()).isEqualTo(4096);
                assertThat(refusal("(".repeat(4000)).position()).isEqualTo(SearchQueryParser.MAX_DEPTH);
                assertThat(refusal("-".repeat(4000)).position()).isEqualTo(3999);
            });
        }

        @Test
        void nestingDepthIsLimited() {
            int depth = SearchQueryParser.MAX_DEPTH;
            String deepest = "(".repeat(depth) + "a" + ")".repeat(depth);
            String tooDeep = "(".repeat(depth + 1) + "a" + ")".repeat(depth + 1);

            assertThat(render(deepest)).isEqualTo("a");
            InvalidQueryException e = refusal(tooDeep);
            assertThat(e.position()).isEqualTo(depth);
            assertThat(e.problem()).isEqualTo("parentheses are nested more than 32 levels deep");
        }

        @Test
        void atMostTwelveTerms() {
            String twelve = IntStream.range(0, 12).mapToObj(i -> "t" + i).collect(Collectors.joining(" "));

            assertThat(((And) SearchQueryParser.parse(twelve)).operands()).hasSize(12);
            InvalidQueryException e = refusal(twelve + " t12");
            assertThat(e.position()).isEqualTo(twelve.length() + 1);
            assertThat(e.problem()).isEqualTo("a query may have at most 12 terms; this is term 13");
        }

        @Test
        void termsInFieldGroupsRangesAndComparisonsAllCount() {
            String query = "thingName:(a OR b OR c) attributes.x:[1 TO 2] attributes.y>3 attributes.z:* * "
                    + "shadow.reported.a:1 b c d";

            assertThat(((And) SearchQueryParser.parse(query)).operands()).hasSize(9);
            assertThat(refusal(query + " g h").position()).isEqualTo(query.length() + 3);
        }

        @Test
        void oneLeadingWildcardIsAllowedInQueriesOfUpToOneHundredCharacters() {
            String hundred = "thingName:*abc AND attributes.x:" + "y".repeat(100 - 32);
            assertThat(hundred).hasSize(100);

            assertThat(render(hundred)).startsWith("(thingName:*abc AND");
            InvalidQueryException e = refusal(hundred + "y");
            assertThat(e.position()).isEqualTo(100);
            assertThat(e.problem())
                    .isEqualTo("a query with a leading wildcard may be at most 100 characters long; this one is 101");
            assertThat(render("attributes.x:" + "y".repeat(200) + " thingName:abc*"))
                    .as("trailing wildcards have no such limit")
                    .endsWith(" AND thingName:abc*)");
        }
    }
}
