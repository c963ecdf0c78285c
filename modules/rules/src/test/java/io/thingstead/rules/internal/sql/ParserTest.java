package io.thingstead.rules.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.common.api.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What AWS refuses at create time, with the position: syntax, functions, arity, versions, topic filters, length. */
class ParserTest {
    private static SqlParseException refuse(String sql, SqlVersion version) {
        try {
            Sql.ENGINE.compile(sql, version);
        } catch (SqlParseException e) {
            return e;
        }
        throw new AssertionError("accepted: " + sql);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT FROM 'a' | 1 | 8 | expected an expression",
                "SELECT a FROM 'a' WHERE | 1 | 24 | expected an expression but found the end",
                "SELECT a b FROM 'a' | 1 | 10 | unexpected 'b'",
                "SELECT a FROM 'a' WHERE a = 'x | 1 | 29 | unterminated string",
                "SELECT foo(1) FROM 'a' | 1 | 8 | unknown function foo",
                "SELECT aws_lambda('arn', *) FROM 'a' | 1 | 8 | not supported by Thingstead",
                "SELECT abs(1, 2) FROM 'a' | 1 | 8 | function abs takes 1 argument, not 2",
                "SELECT topic(1, 2) FROM 'a' | 1 | 8 | function topic takes 0 to 1 arguments, not 2",
                "SELECT cast(a AS Money) FROM 'a' | 1 | 18 | cannot cast to Money",
                "SELECT encode(a, 'hex') FROM 'a' | 1 | 18 | only the 'base64' scheme",
                "SELECT parse_time('yyyy-qqqqqqq', 1) FROM 'a' | 1 | 19 | invalid date/time pattern",
                "SELECT a FROM 'a/#/b' | 1 | 15 | '#' must be a whole level and the last one",
                "SELECT a FROM 'a/b+' | 1 | 15 | '+' must be a whole level",
                "SELECT a FROM '' | 1 | 15 | the topic filter is empty",
                "SELECT a FROM 'a' WHERE b IS 5 | 1 | 30 | expected NULL or UNDEFINED",
                "SELECT CASE a END FROM 'a' | 1 | 15 | CASE needs at least one WHEN",
                "SELECT a.1 FROM 'a' | 1 | 10 | expected a field name",
                "SELECT a FROM 'a' WHERE a # 1 | 1 | 27 | unexpected character '#'"
            })
    void refusedWithPosition(String sql, int line, int column, String problem) {
        SqlParseException e = refuse(sql, SqlVersion.V2016_03_23);
        assertThat(e.code()).isEqualTo(ErrorCode.SQL_PARSE);
        assertThat(e.getMessage())
                .startsWith("Line " + line + ":" + column + ": ")
                .contains(problem);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT encode(a, 'base64') FROM 'a'",
                "SELECT isUndefined(a) FROM 'a'",
                "SELECT cast(a AS Decimal) FROM 'a'",
                "SELECT cast(a AS Boolean) FROM 'a'",
                "SELECT {'a': 1} AS o FROM 'a'",
                "SELECT [1] AS o FROM 'a'",
                "SELECT (SELECT VALUE n FROM e) AS o FROM 'a'",
                "SELECT get_thing_shadow('t', 'arn') AS s FROM 'a'"
            })
    void featuresOf2016AreRefusedIn2015(String sql) {
        assertThat(Sql.ENGINE.compile(sql, SqlVersion.V2016_03_23).sql()).isEqualTo(sql);
        assertThat(refuse(sql, SqlVersion.V2015_10_08).getMessage()).contains("2016-03-23");
    }

    @Test
    void positionOnLaterLines() {
        SqlParseException e = refuse("SELECT a,\n  b +\n  FROM 'a'", SqlVersion.V2016_03_23);
        assertThat(e.getMessage()).startsWith("Line 3:3: expected an expression");
        assertThat(e.offset()).isEqualTo(18);
    }

    @Test
    void lengthLimit() {
        String longSql = "SELECT a FROM 'a' WHERE a = '" + "x".repeat(SqlEngine.MAX_SQL_LENGTH) + "'";
        assertThat(refuse(longSql, SqlVersion.V2016_03_23).getMessage()).contains("longer than 262144 characters");
        assertThat(refuse("   ", SqlVersion.V2016_03_23).getMessage()).contains("empty");
    }

    @Test
    void nestingLimit() {
        String deep = "SELECT " + "(".repeat(500) + "1" + ")".repeat(500) + " AS x FROM 'a'";
        assertThat(refuse(deep, SqlVersion.V2016_03_23).getMessage()).contains("nests deeper than");
    }

    @Test
    void keywordsAreCaseInsensitiveAndFunctionsToo() {
        assertThat(Sql.run(
                        "select Upper(color) as c from 'topic/subtopic' where TEMP > 1 and TRUE",
                        "{\"color\":\"r\",\"TEMP\":2}"))
                .isEqualTo("{\"c\":\"R\"}");
    }

    @Test
    void valueIsAKeywordOnlyBeforeAnExpression() {
        assertThat(Sql.run("SELECT value FROM 'a'", "{\"value\":3}")).isEqualTo("{\"value\":3}");
        assertThat(Sql.run("SELECT value AS v, x FROM 'a'", "{\"value\":3,\"x\":1}"))
                .isEqualTo("{\"v\":3,\"x\":1}");
        assertThat(Sql.run("SELECT VALUE x FROM 'a'", "{\"value\":3,\"x\":1}")).isEqualTo("1");
        assertThat(refuse("SELECT VALUE a, b FROM 'a'", SqlVersion.V2016_03_23).getMessage())
                .contains("exactly one item");
    }

    @Test
    void withoutFromTheRuleIsForBasicIngestOnly() {
        CompiledSql rule = Sql.ENGINE.compile("SELECT * WHERE a > 1", SqlVersion.V2016_03_23);
        assertThat(rule.topicFilter()).isEmpty();
        assertThat(rule.matchesTopic("a")).isFalse();
    }

    @Test
    void stringsAndEscapes() {
        assertThat(Sql.value("'it''s'")).isEqualTo("\"it's\"");
        assertThat(Sql.value("\"say \\\"hi\\\"\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(Sql.value("'\\u00e9'")).isEqualTo("\"é\"");
        assertThat(Sql.value("regexp_matches('a1', '\\d')")).isEqualTo("true");
    }
}
