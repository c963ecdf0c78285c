package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Sql.run;
import static io.thingstead.rules.internal.sql.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Undefined and Null propagation, conversions and the operator tables of "Data types" and "Operators"
 * (iot-sql-data-types.html, iot-sql-operators.html). Payload for every row: a mix of types.
 */
class SemanticsTest {
    private static final String PAYLOAD = "{\"i\":5,\"d\":2.5,\"s\":\"abc\",\"n\":\"7\",\"t\":\"TRUE\",\"b\":true,"
            + "\"z\":null,\"a\":[1,2,3],\"o\":{\"k\":1},\"w\":10.0}";

    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // Undefined: a missing key; arithmetic, comparison, functions on it are Undefined
                "missing | ``",
                "missing + 1 | ``",
                "missing = 1 | ``",
                "missing <> 1 | ``",
                "abs(missing) | ``",
                "z | null",
                "z = z | true",
                "z <> z | false",
                "z + 1 | ``",
                // AND/OR/NOT: Booleans or "true"/"false" strings, anything else Undefined
                "b AND t | true",
                "b AND 'false' | false",
                "b AND i | ``",
                "b OR missing | ``",
                "NOT b | false",
                "NOT 'False' | true",
                "NOT i | ``",
                // = and <>: mismatched types are not equal, Int and Decimal compare by value
                "i = 5.0 | true",
                "i = '5' | false",
                "i <> '5' | true",
                "a = [1,2,3] | true",
                "a = [3,2,1] | false",
                "o = {'k': 1} | true",
                // ordering: numbers and numeric strings as Decimals, anything else Undefined
                "n > i | true",
                "'abc' > 'abb' | ``",
                "b > 1 | ``",
                "d >= 2.5 | true",
                // + concatenates with a String on either side
                "s + i | \"abc5\"",
                "i + s | \"5abc\"",
                "s + z | ``",
                "i + d | 7.5",
                "i + i | 10",
                "b + 1 | ``",
                // - * / %: Int op Int is Int (division truncates), numeric strings become Decimals
                "7 / 2 | 3",
                "7.5 / 3 | 2.5",
                // 2016-03-23 reads the literal 7.0 as the Int 7
                "7.0 / 2 | 3",
                "i - n | -2",
                "n * 2 | 14",
                "7 % 3 | 1",
                "1 / 0 | ``",
                "s * 2 | ``",
                "-i | -5",
                "-n | -7",
                "0.1 + 0.2 | 0.3",
                // 2016-03-23: whole-number decimals in payloads are Int
                "w | 10",
                // IN and IS
                "2 IN a | true",
                "4 IN a | false",
                "4 NOT IN a | true",
                "s IN ('x', 'abc') | true",
                "missing IN a | ``",
                "2 IN s | ``",
                "z IS NULL | true",
                "missing IS NULL | false",
                "missing IS UNDEFINED | true",
                "i IS NOT UNDEFINED | true",
                // cast
                "cast(d as Int) | 2",
                "cast(-2.5 as Int) | -3",
                "cast('1.5' as Decimal) | 1.5",
                "cast(0 as Boolean) | false",
                "cast(i as String) | \"5\"",
                "cast(a as String) | \"[1,2,3]\"",
                "cast(z as String) | ``",
                "cast(b as Double) | 1.0",
                // CASE without a subject is a chain of conditions
                "CASE WHEN i > 10 THEN 'big' WHEN i > 1 THEN 'small' END | \"small\"",
                "CASE WHEN i > 10 THEN 'big' END | ``",
                // get, index and member access
                "a[1] | 2",
                "a[9] | ``",
                "o.k | 1",
                "o.k.x | ``",
                "s.k | ``",
                "get(o, 'k') | 1",
                "nanvl(missing, 1) | 1",
                "nanvl(z, 1) | 1",
                "concat(s, missing) | ``",
                "regexp_matches(s, '(') | ``",
                "upper(z) | ``",
                "length(a) | 7"
            })
    void expression(String expression, String expected) {
        assertThat(value(expression, PAYLOAD)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // a SELECT whose items are all Undefined gives an empty object, as AWS serializes Undefined away
                "SELECT missing, other.x AS y FROM 't' | {}",
                // WHERE that is Undefined or not a Boolean does not match
                "SELECT * FROM 't' WHERE missing > 1 | NO MATCH",
                "SELECT * FROM 't' WHERE i | NO MATCH",
                "SELECT i FROM 't' WHERE 'true' | {\"i\":5}",
                // SELECT VALUE of Undefined is the empty payload
                "SELECT VALUE missing FROM 't' | ''",
                // the same key twice: the last wins
                "SELECT i AS k, 7 AS k FROM 't' | {\"k\":7}",
                // unaliased items: a name's last part, a function's name, else _<position>
                "SELECT o.k, upper('a'), 1 + 1 FROM 't' | {\"k\":1,\"upper\":\"A\",\"_3\":2}"
            })
    void statement(String sql, String expected) {
        String output = run(sql, PAYLOAD);
        assertThat(output).isEqualTo(expected.equals("''") ? "" : expected);
    }
}
