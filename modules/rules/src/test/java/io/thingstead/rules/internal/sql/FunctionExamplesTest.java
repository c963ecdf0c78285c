package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of the AWS IoT SQL reference's "Functions" page
 * (https://docs.aws.amazon.com/iot/latest/developerguide/iot-sql-functions.html), one row each, named by the
 * function's section. Expected values are written as the JSON our output has ("" for Undefined, which serializes to
 * the empty string on its own). Where the page's example contradicts its own table, the row says so and follows the
 * table.
 */
class FunctionExamplesTest {
    /** How many reference examples this class checks (kept in docs/rules.md). */
    static final int EXAMPLES = examples().toList().size();

    static Stream<Arguments> examples() {
        return Stream.of(
                // abs(Decimal)
                row("abs", "abs(-5)", "5"),
                // accountid()
                row("accountid", "accountid()", "\"123456789012\""),
                // acos, asin, atan, atan2
                row("acos", "acos(0)", "1.5707963267948966"),
                row("asin", "asin(0)", "0.0"),
                row("atan", "atan(0)", "0.0"),
                row("atan2", "atan2(1, 0)", "1.5707963267948966"),
                // bitand, bitor, bitxor ("bitor(13, 5) = 8" is a typo for bitxor on the page)
                row("bitand", "bitand(13, 5)", "5"),
                row("bitor", "bitor(8, 5)", "13"),
                row("bitxor", "bitxor(13, 5)", "8"),
                // bitnot: the page says bitnot(13) = 2, a 4-bit NOT; Ints are 64-bit two's complement here
                row("bitnot (page: 2, see docs/rules.md)", "bitnot(13)", "-14"),
                // cast()
                row("cast", "cast(true as Int)", "1"),
                // ceil(Decimal)
                row("ceil", "ceil(1.2)", "2"),
                row("ceil", "ceil(-1.2)", "-1"),
                // chr(String)
                row("chr", "chr(65)", "\"A\""),
                row("chr", "chr(49)", "\"1\""),
                // clientid()
                row("clientid", "clientid()", "\"sensor-1\""),
                // concat()
                row("concat", "concat()", ""),
                row("concat", "concat(1)", "\"1\""),
                row("concat", "concat([1, 2, 3], 4)", "[1,2,3,4]"),
                row("concat", "concat([1, 2, 3], \"hello\")", "[1,2,3,\"hello\"]"),
                row("concat", "concat(\"con\", \"cat\")", "\"concat\""),
                row("concat", "concat(1, \"hello\")", "\"1hello\""),
                row("concat", "concat(\"he\",\"is\",\"man\")", "\"heisman\""),
                row("concat", "concat([1, 2, 3], \"hello\", [4, 5, 6])", "[1,2,3,\"hello\",4,5,6]"),
                // cos, cosh
                row("cos", "cos(0)", "1.0"),
                row("cosh", "cosh(2.3)", "5.037220649268761"),
                // endswith
                row("endswith", "endswith(\"cat\",\"at\")", "true"),
                // exp(Decimal): exp(1) = e
                row("exp", "exp(1)", Double.toString(Math.E)),
                // floor(Decimal)
                row("floor", "floor(1.2)", "1"),
                row("floor", "floor(-1.2)", "-2"),
                // get: the page says get("abc", 1) = "a", but its table says 0-based, which gives "b"
                row("get", "get([\"a\", \"b\", \"c\"], 1)", "\"b\""),
                row("get", "get({\"a\":\"b\"}, \"a\")", "\"b\""),
                row("get (page: \"a\", table: 0-based)", "get(\"abc\", 1)", "\"b\""),
                // Hashing functions
                row("md2", "md2(\"hello\")", "\"a9046c73e00331af68917d3804f70655\""),
                row("md5", "md5(\"hello\")", "\"5d41402abc4b2a76b9719d911017c592\""),
                // indexof
                row("indexof", "indexof(\"abcd\", \"bc\")", "1"),
                // isNull
                row("isNull", "isNull(5)", "false"),
                row("isNull", "isNull(Null)", "true"),
                // isUndefined
                row("isUndefined", "isUndefined(5)", "false"),
                row("isUndefined", "isUndefined(floor([1,2,3]))", "true"),
                // length
                row("length", "length(\"hi\")", "2"),
                row("length", "length(false)", "5"),
                // ln(e) = 1, log(100) = 2.0
                row("ln", "ln(exp(1))", "1.0"),
                row("log", "log(100)", "2.0"),
                // lower
                row("lower", "lower(\"HELLO\")", "\"hello\""),
                row("lower", "lower([\"HELLO\"])", "\"[\\\"hello\\\"]\""),
                // lpad
                row("lpad", "lpad(\"hello\", 2)", "\"  hello\""),
                row("lpad", "lpad(1, 3)", "\"   1\""),
                // ltrim
                row("ltrim", "Ltrim(\" h i \")", "\"h i \""),
                // mod
                row("mod", "mod(8, 3)", "2"),
                // nanvl
                row("nanvl", "Nanvl(8, 3)", "8"),
                // numbytes
                row("numbytes", "numbytes(\"hi\")", "2"),
                row("numbytes", "numbytes(\"€\")", "3"),
                // parse_time (example 1: the S3 payload {"ts": "1970.01.01 AD at 21:46:40 CST"})
                row(
                        "parse_time",
                        "parse_time(\"yyyy.MM.dd G 'at' HH:mm:ss z\", 100000000, 'America/Belize')",
                        "\"1970.01.01 AD at 21:46:40 CST\""),
                // power: 32.0
                row("power", "power(2, 5)", "32.0"),
                // principal(): an X.509 certificate thumbprint
                row("principal", "principal()", "\"ba67293af50bf2506f5f93469686da660c7c844e7b3950bfb16813e0d31e9373\""),
                // regexp_matches
                row("regexp_matches", "regexp_matches(\"aaaa\", \"a{2,}\")", "true"),
                row("regexp_matches", "regexp_matches(\"aaaa\", \"b\")", "false"),
                // regexp_replace
                row("regexp_replace", "regexp_replace(\"abcd\", \"bc\", \"x\")", "\"axd\""),
                row("regexp_replace", "regexp_replace(\"abcd\", \"b(.*)d\", \"$1\")", "\"ac\""),
                // regexp_substr
                row("regexp_substr", "regexp_substr(\"hihihello\", \"hi\")", "\"hi\""),
                row("regexp_substr", "regexp_substr(\"hihihello\", \"(hi)*\")", "\"hihi\""),
                // remainder
                row("remainder", "remainder(8, 3)", "2"),
                // replace
                row("replace", "replace(\"abcd\", \"bc\", \"x\")", "\"axd\""),
                row("replace", "replace(\"abcdabcd\", \"b\", \"x\")", "\"axcdaxcd\""),
                // rpad
                row("rpad", "rpad(\"hello\", 2)", "\"hello  \""),
                row("rpad", "rpad(1, 3)", "\"1   \""),
                // round
                row("round", "Round(1.2)", "1"),
                row("round", "Round(1.5)", "2"),
                row("round", "Round(1.7)", "2"),
                row("round", "Round(-1.1)", "-1"),
                row("round", "Round(-1.5)", "-2"),
                // rtrim
                row("rtrim", "rtrim(\" h i \")", "\" h i\""),
                // sign
                row("sign", "sign(-7)", "-1"),
                row("sign", "sign(0)", "0"),
                row("sign", "sign(13)", "1"),
                // sin, sinh
                row("sin", "sin(0)", "0.0"),
                row("sinh", "sinh(2.3)", "4.936961805545957"),
                // substring
                row("substring", "substring(\"012345\", 0)", "\"012345\""),
                row("substring", "substring(\"012345\", 2)", "\"2345\""),
                row("substring", "substring(\"012345\", 2.745)", "\"2345\""),
                row("substring", "substring(123, 2)", "\"3\""),
                row("substring", "substring(\"012345\", -1)", "\"012345\""),
                row("substring", "substring(true, 1.2)", "\"rue\""),
                row("substring", "substring(false, -2.411E247)", "\"false\""),
                row("substring", "substring(\"012345\", 1, 3)", "\"12\""),
                row("substring", "substring(\"012345\", -50, 50)", "\"012345\""),
                row("substring", "substring(\"012345\", 3, 1)", "\"\""),
                // sql_version
                row("sql_version", "sql_version()", "\"2016-03-23\""),
                // sqrt
                row("sqrt", "sqrt(9)", "3.0"),
                // startswith
                row("startswith", "startswith(\"ranger\",\"ran\")", "true"),
                // tan, tanh
                row("tan", "tan(3)", "-0.1425465430742778"),
                row("tanh", "tanh(2.3)", "0.9800963962661914"),
                // time_to_epoch
                row(
                        "time_to_epoch",
                        "time_to_epoch(\"2020-04-03 09:45:18 UTC+01:00\", \"yyyy-MM-dd HH:mm:ss VV\")",
                        "1585903518000"),
                row("time_to_epoch", "time_to_epoch(\"18 December 2015\", \"dd MMMM yyyy\")", "1450396800000"),
                row(
                        "time_to_epoch",
                        "time_to_epoch(\"2007-12-03 10:15:30.592 America/Los_Angeles\", \"yyyy-MM-dd HH:mm:ss.SSS z\")",
                        "1196705730592"),
                // timestamp(): the time the message was received
                row("timestamp", "timestamp()", Long.toString(Sql.NOW)),
                // traceid()
                row("traceid", "traceid()", "\"12345678-1234-1234-1234-123456789012\""),
                // trim
                row("trim", "Trim(\" hi \")", "\"hi\""),
                // trunc
                row("trunc", "trunc(2.3, 0)", "2"),
                row("trunc", "trunc(2.3123, 2)", "2.31"),
                row("trunc", "trunc(2.888, 2)", "2.88"),
                row("trunc", "trunc(2.00, 5)", "2"),
                // upper
                row("upper", "upper(\"hello\")", "\"HELLO\""),
                row("upper", "upper([\"hello\"])", "\"[\\\"HELLO\\\"]\""));
    }

    private static Arguments row(String section, String expression, String expected) {
        return Arguments.of(section, expression, expected);
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("examples")
    void referenceExample(String section, String expression, String expected) {
        assertThat(value(expression)).isEqualTo(expected);
    }

    @Test
    void topicExamples() {
        // topic(Decimal): topic() and topic(1) for things/myThings/thingOne
        String sql = "SELECT topic() AS all, topic(1) AS first FROM 'things/#'";
        assertThat(Sql.run(sql, "things/myThings/thingOne", "{}", SqlVersion.V2016_03_23))
                .isEqualTo("{\"all\":\"things/myThings/thingOne\",\"first\":\"things\"}");
        // Basic Ingest: the caller passes the topic without $aws/rules/<rule>/ (SqlInput), topic(3) = "Floor2"
        String ingest = "SELECT topic() AS all, topic(3) AS floor";
        assertThat(Sql.run(ingest, "Buildings/Building5/Floor2/Room201/Lights", "{}", SqlVersion.V2016_03_23))
                .isEqualTo("{\"all\":\"Buildings/Building5/Floor2/Room201/Lights\",\"floor\":\"Floor2\"}");
    }

    @Test
    void newuuidIsARandomUuid() {
        // newuuid(): "Returns a random 16-byte UUID"
        String a = value("newuuid()");
        String b = value("newuuid()");
        assertThat(a).matches("\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\"");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void randIsBetweenZeroAndOne() {
        // rand(): "a pseudorandom, uniformly distributed double between 0.0 and 1.0"
        double r = Double.parseDouble(value("rand()"));
        assertThat(r).isBetween(0.0, 1.0);
    }

    @Test
    void parseTimeWithTimestampAndAsTemplate() {
        // parse_time example 2 (timestamp()) and example 3 (a substitution template in an S3 key)
        assertThat(value("parse_time(\"yyyy.MM.dd G 'at' HH:mm:ss z\", timestamp())"))
                .isEqualTo("\"2016.12.15 AD at 18:07:31 UTC\"");
        SubstitutionTemplate key =
                Sql.ENGINE.template("${parse_time('yyyy', timestamp(), 'UTC')}", SqlVersion.V2016_03_23);
        assertThat(key.render(Sql.input("A/B", "{}"))).isEqualTo("2016");
    }

    @Test
    void decodeExample() {
        // decode(value, decodingScheme): encoded_temp decodes to {"temperature": 33}
        String sql = "SELECT decode(encoded_temp,\"base64\").temperature AS temp from 'topic/subtopic'";
        assertThat(Sql.run(sql, "{\"encoded_temp\": \"eyAidGVtcGVyYXR1cmUiOiAzMyB9Cg==\"}"))
                .isEqualTo("{\"temp\":33}");
    }

    @Test
    void getThingShadowExamples() {
        // get_thing_shadow(thingName, shadowName, roleARN): named and classic shadows in WHERE
        Sql.SHADOWS.put("MyThing/MyThingShadow", "{\"state\":{\"reported\":{\"alarm\":\"ON\"}},\"version\":3}");
        Sql.SHADOWS.put("MyThing/", "{\"state\":{\"reported\":{\"alarm\":\"OFF\"}},\"version\":9}");
        String named = "SELECT * from 'topic/subtopic' WHERE get_thing_shadow(\"MyThing\",\"MyThingShadow\","
                + "\"arn:aws:iam::123456789012:role/AllowsThingShadowAccess\").state.reported.alarm = 'ON'";
        String classic = "SELECT * from 'topic/subtopic' WHERE get_thing_shadow(\"MyThing\","
                + "\"arn:aws:iam::123456789012:role/AllowsThingShadowAccess\").state.reported.alarm = 'ON'";
        assertThat(Sql.run(named, "{\"a\":1}")).isEqualTo("{\"a\":1}");
        assertThat(Sql.run(classic, "{\"a\":1}")).isEqualTo("NO MATCH");
    }

    @Test
    void transformExamples() {
        // transform(String, Object, Array): examples 1, 2 and 3
        String payload = "{\"attributes\":{\"data1\":1,\"data2\":2},\"values\":[{\"a\":3},{\"b\":4},{\"c\":5}]}";
        assertThat(Sql.run("select value transform(\"enrichArray\", attributes, values) from 'A/B'", payload))
                .isEqualTo("[{\"a\":3,\"data1\":1,\"data2\":2},{\"b\":4,\"data1\":1,\"data2\":2},"
                        + "{\"c\":5,\"data1\":1,\"data2\":2}]");
        assertThat(Sql.run(
                        "select value transform(\"enrichArray\", {\"key\": attributes.data1}, values) from 'A/B'",
                        payload))
                .isEqualTo("[{\"a\":3,\"key\":1},{\"b\":4,\"key\":1},{\"c\":5,\"key\":1}]");
        String nested = "{\"data1\":\"example\",\"data2\":{\"a\":\"first attribute\",\"b\":\"second attribute\","
                + "\"c\":[{\"x\":{\"someInt\":5,\"someString\":\"hello\"},\"y\":true},"
                + "{\"x\":{\"someInt\":10,\"someString\":\"world\"},\"y\":false}]}}";
        assertThat(Sql.run(
                        "select value transform('enrichArray', (select a, b from data2), (select value c from data2))"
                                + " from 'A/B'",
                        nested))
                .isEqualTo("[{\"x\":{\"someInt\":5,\"someString\":\"hello\"},\"y\":true,\"a\":\"first attribute\","
                        + "\"b\":\"second attribute\"},{\"x\":{\"someInt\":10,\"someString\":\"world\"},\"y\":false,"
                        + "\"a\":\"first attribute\",\"b\":\"second attribute\"}]");
    }

    @Test
    void everyListedFunctionIsDocumented() throws Exception {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("../../docs/rules.md"));
        List<String> missing = Functions.names().stream()
                .filter(name -> !docs.toLowerCase(java.util.Locale.ROOT).contains("`" + name + "("))
                .toList();
        assertThat(missing).as("functions without a line in docs/rules.md").isEmpty();
    }
}
