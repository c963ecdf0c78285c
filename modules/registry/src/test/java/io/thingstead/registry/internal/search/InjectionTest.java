package io.thingstead.registry.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.registry.api.SqlPredicate;
import io.thingstead.registry.api.WildcardPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Nothing a query says reaches the SQL text: values and field path parts only ever travel as bind parameters. */
class InjectionTest {
    private static final SearchQueryCompiler COMPILER = new SearchQueryCompiler(FieldCatalog.standard());

    /** The invariants every compiled predicate must keep, whatever the query. */
    private static void assertNoUserTextInSql(SqlPredicate predicate) {
        String sql = predicate.sql();
        assertThat(SqlText.literals(sql)).as(sql).isSubsetOf(SqlText.COMPILER_LITERALS);
        String code = SqlText.outsideLiterals(sql);
        assertThat(code).as(sql).doesNotContain(";", "--", "/*", "*/", "$$", "\\");
        assertThat(code).as(sql).matches("[A-Za-z0-9_ .,()=<>@?:*#~\\[\\]$|{}-]*");
    }

    static Stream<Arguments> hostileQueries() {
        return Stream.of(
                Arguments.of("thingName:x' OR '1'='1", List.of("x'", "'1'='1")),
                Arguments.of("thingName:\"x' OR '1'='1\"", List.of("x' OR '1'='1")),
                Arguments.of(
                        "thingName:\"'; DROP TABLE registry_thing; --\"", List.of("'; DROP TABLE registry_thing; --")),
                Arguments.of("attributes.a'--:b", List.of("a'--", "b")),
                Arguments.of("attributes.x\\\"y\\)\\ OR\\ 1=1:1", List.of("x\"y) OR 1=1", "1")),
                Arguments.of("attributes.x:%", List.of("x", "%")),
                Arguments.of("attributes.x:%*", List.of("x", "\\%%")),
                Arguments.of("attributes.x:_\\\\*", List.of("x", "\\_\\\\%")),
                Arguments.of("attributes.x>\"'\"", List.of("x", "'")),
                Arguments.of("shadow.reported.a'b.c\\\"d:1", List.of("a'b", "c\"d", "1")),
                Arguments.of("shadow.name.x'\\;DROP.reported.k:v", List.of("k", "x';DROP", "v")),
                Arguments.of("shadow.reported.k:[\"' OR 1=1 --\" TO *]", List.of("k", "' OR 1=1 --")),
                Arguments.of("shadow.desired.k:\"}]'\"", List.of("k", "}]'")),
                Arguments.of("thingName:\\u0027\\u003B\\u002D\\u002D", List.of("';--")),
                Arguments.of("thingGroupNames:\"$$ $body$ E'\\\\x'\"", List.of("$$ $body$ E'\\x'")),
                Arguments.of("\"') OR TRUE --\"", List.of("') OR TRUE --")),
                Arguments.of("thingId:\"' OR ''='\"", List.of()),
                Arguments.of("thingName:\\/\\*x\\*\\/", List.of("/*x*/")),
                Arguments.of("attributes.ключ:значение*", List.of("ключ", "значение%")),
                Arguments.of("thingName:\uD83D\uDE00*", List.of("\uD83D\uDE00%")),
                Arguments.of("connectivity.disconnectReason:\"\\\\\"", List.of("\\")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileQueries")
    void hostileQueriesOnlyReachParameters(String query, List<Object> expectedParameters) {
        SqlPredicate predicate = COMPILER.compile(query);

        assertNoUserTextInSql(predicate);
        assertThat(predicate.parameters()).containsAll(expectedParameters);
    }

    @Test
    void anUnquotedQuoteIsJustPartOfAWord() {
        SqlPredicate predicate = COMPILER.compile("thingName:x' OR '1'='1");

        assertThat(predicate.sql()).startsWith("(lower(t.name) = lower(?) OR (");
        assertThat(predicate.parameters().get(0)).isEqualTo("x'");
        assertThat(predicate.parameters().subList(1, 7)).containsOnly("'1'='1");
    }

    @Test
    void likeMetacharactersAreEscaped() {
        SqlPredicate literalPercent = COMPILER.compile("thingName:100%_\\\\*");
        SqlPredicate escapedWildcard = COMPILER.compile("thingName:a\\*b?");

        assertThat(literalPercent.sql()).isEqualTo("(t.name LIKE ? ESCAPE '\\' AND t.name ~>=~ ? AND t.name ~<~ ?)");
        assertThat(literalPercent.parameters()).containsExactly("100\\%\\_\\\\%", "100%_\\", "100%_]");
        assertThat(escapedWildcard.sql())
                .isEqualTo(
                        "(lower(t.name) LIKE lower(?) ESCAPE '\\' AND lower(t.name) ~>=~ ? AND lower(t.name) ~<~ ?)");
        assertThat(escapedWildcard.parameters()).containsExactly("a*b_", "a*b", "a*c");
    }

    @Test
    void exactMatchesNeedNoLikeEscaping() {
        SqlPredicate predicate = COMPILER.compile("thingName:100%_\\\\");

        assertThat(predicate.sql()).isEqualTo("t.name = ?");
        assertThat(predicate.parameters()).containsExactly("100%_\\");
    }

    static Stream<Arguments> randomValues() {
        Random random = new Random(20261124L);
        String pool = "'\"\\;-/*%_$()[]{}:?<>!&|+~^,=#@` \tabcXYZ019.éß日\uD83D\uDE00";
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StringBuilder value = new StringBuilder();
            int length = 1 + random.nextInt(24);
            while (value.length() < length) {
                int index = random.nextInt(pool.length());
                char c = pool.charAt(index);
                if (Character.isHighSurrogate(c)) {
                    value.append(c).append(pool.charAt(index + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    value.append(c);
                }
            }
            cases.add(Arguments.of(value.toString()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("randomValues")
    void randomHostileValuesAndNamesTravelVerbatimAsParameters(String value) {
        String quoted = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String bare = WildcardPattern.builder().literal(value).build().toString();
        String key = value.replace(".", "_");
        String bareKey = WildcardPattern.builder().literal(key).build().toString();

        SqlPredicate name = COMPILER.compile("thingName:" + quoted);
        SqlPredicate attribute = COMPILER.compile("attributes." + bare + ":" + quoted);
        SqlPredicate shadow = COMPILER.compile(
                "shadow.name." + bareKey.replace(".", "_") + ".reported." + bareKey + ":[" + quoted + " TO *]");
        SqlPredicate freeText = COMPILER.compile(quoted);

        for (SqlPredicate predicate : List.of(name, attribute, shadow, freeText)) {
            assertNoUserTextInSql(predicate);
        }
        assertThat(name.parameters()).containsExactly(value);
        assertThat(attribute.parameters()).containsExactly(value, value);
        assertThat(shadow.parameters()).containsExactly(key, key, value);
        assertThat(freeText.parameters()).containsOnly(value);
    }
}
