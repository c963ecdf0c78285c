package io.thingstead.rules.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random, truncated and mutated statements never make the engine throw anything but {@link SqlParseException}, and
 * whatever compiles evaluates to a result (never an exception) against JSON and binary payloads.
 */
class ParserFuzzTest {
    private static final List<String> VALID = List.of(
            "SELECT temp, topic(2) AS id FROM 'sensors/+/data' WHERE temp > 30",
            "SELECT *, 15 as speed FROM 'topic/subtopic'",
            "SELECT VALUE color FROM 'a/b'",
            "SELECT CASE color WHEN 'green' THEN 'go' ELSE 'stop' END as i FROM 'a/#' WHERE NOT (a IN [1,2])",
            "SELECT (SELECT v FROM e WHERE n = 'temperature') as t, get(e, 0).v AS v FROM 'my/topic'",
            "SELECT {'lat': get(ll, 0)} AS o, [a, b.c[0]] AS arr FROM '$aws/things/+/shadow/update'",
            "SELECT encode(*, 'base64') AS data, cast(x AS Int) AS i FROM 't' WHERE x IS NOT NULL AND y IS UNDEFINED",
            "SELECT decode(s, 'base64').t AS t, regexp_replace(s, 'a(.)', '$1') AS r FROM 't' WHERE s <> \"x\"",
            "SELECT parse_time('yyyy', timestamp()) AS y, (a - 32) * 5 / 9 % 2 AS c FROM t/# WHERE a >= -1.5E3");

    private static final List<String> TOKENS = List.of(
            "SELECT",
            "VALUE",
            "*",
            ",",
            "FROM",
            "WHERE",
            "AS",
            "AND",
            "OR",
            "NOT",
            "IN",
            "IS",
            "NULL",
            "UNDEFINED",
            "CASE",
            "WHEN",
            "THEN",
            "ELSE",
            "END",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ":",
            ".",
            "+",
            "-",
            "/",
            "%",
            "=",
            "<>",
            "<",
            ">=",
            "'t/+'",
            "'#'",
            "\"s\"",
            "'",
            "\"",
            "1",
            "2.5",
            "1e400",
            "-0",
            "a",
            "b.c",
            "x[0]",
            "topic(",
            "abs(",
            "cast(",
            "get(",
            "concat(",
            "encode(",
            "${",
            "\\",
            "\n",
            "\u0000",
            "é",
            "$aws");

    @Provide
    Arbitrary<String> statements() {
        Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMaxSize(30).map(list -> String.join(" ", list));
        Arbitrary<String> truncated = Combinators.combine(
                        Arbitraries.of(VALID), Arbitraries.integers().between(0, 120))
                .as((sql, n) -> sql.substring(0, Math.min(n, sql.length())));
        Arbitrary<String> mutated = Combinators.combine(
                        Arbitraries.of(VALID),
                        Arbitraries.integers().between(0, 119),
                        Arbitraries.of(TOKENS),
                        Arbitraries.integers().between(0, 3))
                .as((sql, at, token, op) -> mutate(sql, at % sql.length(), token, op));
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(80);
        return Arbitraries.oneOf(tokens, truncated, mutated, noise, Arbitraries.of(VALID));
    }

    private static String mutate(String sql, int at, String token, int op) {
        return switch (op) {
            case 0 -> sql.substring(0, at) + sql.substring(at + 1);
            case 1 -> sql.substring(0, at) + token + sql.substring(at);
            case 2 -> sql.substring(0, at) + token + sql.substring(Math.min(sql.length(), at + token.length()));
            default -> sql.substring(at) + " " + sql.substring(0, at);
        };
    }

    @Property(tries = 3000, seed = "20261201")
    void onlySqlParseExceptionsAndEvaluationNeverThrows(@ForAll("statements") String sql) {
        for (SqlVersion version : new SqlVersion[] {SqlVersion.V2015_10_08, SqlVersion.V2016_03_23}) {
            CompiledSql compiled;
            try {
                compiled = Sql.ENGINE.compile(sql, version);
            } catch (SqlParseException expected) {
                assertThat(expected.line()).isPositive();
                assertThat(expected.column()).isPositive();
                continue;
            }
            for (String payload : new String[] {
                "{\"temp\":31.5,\"a\":[1,{\"b\":2}],\"s\":\"eyJ0IjoxfQ==\",\"e\":[{\"n\":\"temperature\",\"v\":1}]}",
                "\u0001binary",
                ""
            }) {
                SqlResult result = compiled.evaluate(Sql.input("sensors/s1/data", payload));
                assertThat(result).isNotNull();
                if (result instanceof SqlResult.Failed failed) {
                    assertThat(failed.message()).doesNotStartWith("evaluating the statement failed");
                }
            }
        }
    }

    @Property(tries = 1000, seed = "20261202")
    void templatesOnlyThrowSqlParseException(@ForAll("statements") String body) {
        String text = "x/${" + body + "}/y";
        SubstitutionTemplate template;
        try {
            template = Sql.ENGINE.template(text, SqlVersion.V2016_03_23);
        } catch (SqlParseException expected) {
            return;
        }
        try {
            assertThat(template.render(Sql.input("a/b", "{\"a\":1}"))).isNotNull();
        } catch (SqlEvaluationException allowedForOneMessage) {
            assertThat(allowedForOneMessage.getMessage()).isNotBlank();
        }
        assertThat(template.text().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
    }
}
