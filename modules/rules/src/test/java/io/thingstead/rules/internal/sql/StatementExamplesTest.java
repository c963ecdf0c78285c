package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Sql.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The statement examples of the AWS IoT SQL reference (https://docs.aws.amazon.com/iot/latest/developerguide/), one
 * test per page section, and the statements the seeds show (the AWS talks in /work/shared/seeds).
 */
class StatementExamplesTest {
    private static final String COLOR = "{\"color\":\"red\", \"temperature\":50}";

    /** How many reference and seed examples this class checks (kept in docs/rules.md). */
    static final int EXAMPLES = 37;

    @Test
    void sqlReferenceIntroduction() {
        // iot-sql-reference.html: SELECT color AS rgb ... WHERE temperature > 50 with temperature 100
        assertThat(run(
                        "SELECT color AS rgb FROM 'topic/subtopic' WHERE temperature > 50",
                        "{\"color\":\"red\",\"temperature\":100}"))
                .isEqualTo("{\"rgb\":\"red\"}");
    }

    @Test
    void selectClause() {
        // iot-sql-select.html: the eight examples in page order
        assertThat(run("SELECT * FROM 'topic/subtopic'", COLOR)).isEqualTo(COLOR);
        assertThat(run("SELECT color FROM 'topic/subtopic'", COLOR)).isEqualTo("{\"color\":\"red\"}");
        assertThat(run("SELECT color AS my_color FROM 'topic/subtopic'", COLOR)).isEqualTo("{\"my_color\":\"red\"}");
        assertThat(run("SELECT color as my_color, temperature as fahrenheit FROM 'topic/subtopic'", COLOR))
                .isEqualTo("{\"my_color\":\"red\",\"fahrenheit\":50}");
        assertThat(run("SELECT *, 15 as speed FROM 'topic/subtopic'", COLOR))
                .isEqualTo("{\"color\":\"red\",\"temperature\":50,\"speed\":15}");
        assertThat(run("SELECT VALUE color FROM 'topic/subtopic'", COLOR)).isEqualTo("\"red\"");
        assertThat(run(
                        "SELECT color.red as red_value FROM 'topic/subtopic'",
                        "{\"color\":{\"red\":255,\"green\":0,\"blue\":0}, \"temperature\":50}"))
                .isEqualTo("{\"red_value\":255}");
        assertThat(run(
                        "SELECT (temperature - 32) * 5 / 9 AS celsius, upper(color) as my_color FROM 'topic/subtopic'",
                        COLOR))
                .isEqualTo("{\"celsius\":10,\"my_color\":\"RED\"}");
    }

    @Test
    void fromClause() {
        // iot-sql-from.html: exact topic, '#' and '+' wildcard examples
        CompiledSql exact = Sql.ENGINE.compile("SELECT temperature AS t FROM 'topic/subtopic'", SqlVersion.V2016_03_23);
        assertThat(exact.matchesTopic("topic/subtopic")).isTrue();
        assertThat(exact.matchesTopic("topic/subtopic-2")).isFalse();
        assertThat(Sql.describe(exact.evaluate(Sql.input("topic/subtopic", "{\"temperature\": 50}"))))
                .isEqualTo("{\"t\":50}");

        CompiledSql hash = Sql.ENGINE.compile("SELECT temperature AS t FROM 'topic/#'", SqlVersion.V2016_03_23);
        assertThat(hash.matchesTopic("topic/subtopic")).isTrue();
        assertThat(hash.matchesTopic("topic/subtopic-2")).isTrue();
        assertThat(hash.matchesTopic("topic/subtopic-3/details")).isTrue();
        assertThat(hash.matchesTopic("topic-2/subtopic-x")).isFalse();

        CompiledSql plus = Sql.ENGINE.compile("SELECT temperature AS t FROM 'topic/+'", SqlVersion.V2016_03_23);
        assertThat(plus.matchesTopic("topic/subtopic")).isTrue();
        assertThat(plus.matchesTopic("topic/subtopic-2")).isTrue();
        assertThat(plus.matchesTopic("topic/subtopic-3/details")).isFalse();
        assertThat(plus.matchesTopic("topic-2/subtopic-x")).isFalse();
    }

    @Test
    void whereClause() {
        // iot-sql-where.html: temperature 40 does not pass "temperature > 50 AND color <> 'red'"
        assertThat(run(
                        "SELECT color AS my_color FROM 'topic/subtopic' WHERE temperature > 50 AND color <> 'red'",
                        "{\"color\":\"red\", \"temperature\":40}"))
                .isEqualTo("NO MATCH");
        // iot-sql-where.html, "Example with non-JSON payload": 80
        assertThat(run(
                        "SELECT decode(encode(*, 'base64'), 'base64') AS value FROM 'topic/subtopic' "
                                + "WHERE decode(encode(*, 'base64'), 'base64') > 50",
                        "80"))
                .isEqualTo("{\"value\":80}");
    }

    @Test
    void dataTypes() {
        // iot-sql-data-types.html: "SELECT NULL AS n FROM 'topic/subtopic'"
        assertThat(run("SELECT NULL AS n FROM 'topic/subtopic'", "{}")).isEqualTo("{\"n\":null}");
        // {"foo":null, "bar":undefined} is serialized as {"foo":null}
        assertThat(run("SELECT foo, bar FROM 'topic/subtopic'", "{\"foo\":null}"))
                .isEqualTo("{\"foo\":null}");
        // Conversions: 'abs("-5.123")' is treated as 'abs(-5.123)'
        assertThat(Sql.value("abs(\"-5.123\")")).isEqualTo("5.123");
        // "0", "-1.2", "5E-12" are converted automatically to Decimals
        assertThat(Sql.value("\"0\" - 0")).isEqualTo("0");
        assertThat(Sql.value("\"-1.2\" * 1")).isEqualTo("-1.2");
        assertThat(Sql.value("\"5E-12\" > 0")).isEqualTo("true");
        // 2016-03-23 processes whole numbers such as 10.0 as Int; 2015-10-08 keeps the Decimal
        assertThat(Sql.value("x", "{\"x\":10.0}", SqlVersion.V2016_03_23)).isEqualTo("10");
        assertThat(Sql.value("x", "{\"x\":10.0}", SqlVersion.V2015_10_08)).isEqualTo("10.0");
    }

    @Test
    void caseStatements() {
        // iot-sql-case.html: yellow gives caution
        assertThat(run(
                        "SELECT CASE color WHEN 'green' THEN 'go' WHEN 'yellow' THEN 'caution' WHEN 'red' THEN 'stop'"
                                + " ELSE 'you are not at a stop light' END as instructions FROM 'topic/subtopic'",
                        "{\"color\":\"yellow\"}"))
                .isEqualTo("{\"instructions\":\"caution\"}");
        // "If v is Undefined, the result of the case statement is Undefined."
        assertThat(Sql.value("CASE missing WHEN 1 THEN 'one' ELSE 'other' END")).isEmpty();
    }

    @Test
    void jsonExtensions() {
        // iot-sql-json.html: "SELECT foo.bar AS bar.baz" (a dotted alias builds a nested object here)
        assertThat(run(
                        "SELECT foo.bar AS bar.baz FROM 'topic/subtopic'",
                        "{\"foo\":{\"bar\":\"RED\",\"bar1\":\"GREEN\",\"bar2\":\"BLUE\"}}"))
                .isEqualTo("{\"bar\":{\"baz\":\"RED\"}}");
        // property names with a hyphen or starting with a digit need get(): the dotted form does not parse
        String payload = "{\"mydata\":{\"item2\":{\"0\":{\"my-key\":\"myValue\"}}}}";
        assertThatThrownBy(() -> Sql.ENGINE.compile(
                        "SELECT * from 'iot/rules' WHERE mydata.item2.0.my-key= \"myValue\"", SqlVersion.V2016_03_23))
                .isInstanceOf(SqlParseException.class)
                .hasMessageContaining("expected a field name");
        assertThat(run(
                        "SELECT * from 'iot/rules' WHERE get(get(get(mydata,\"item2\"),\"0\"),\"my-key\") = \"myValue\"",
                        payload))
                .isEqualTo(payload);
        // "Applying a Function to an Attribute Value": md5(deviceid), FROM written without quotes as on the page
        String device = "{\"deviceid\":\"iot123\",\"temp\":54.98,\"humidity\":32.43,"
                + "\"coords\":{\"latitude\":47.615694,\"longitude\":-122.3359976}}";
        assertThat(run("SELECT temp, md5(deviceid) AS hashed_id FROM topic/#", device))
                .isEqualTo("{\"temp\":54.98,\"hashed_id\":\"e37f81fb397e595c4aeb5645b8cbbbd1\"}");
    }

    @Test
    void literals() {
        // iot-sql-literals.html: an object literal and an array literal
        assertThat(run(
                        "SELECT {'latitude': get(lat_long, 0),'longitude':get(lat_long, 1)} as lat_long"
                                + " FROM 'topic/subtopic'",
                        "{\"lat_long\": [47.606,-122.332]}"))
                .isEqualTo("{\"lat_long\":{\"latitude\":47.606,\"longitude\":-122.332}}");
        // (the page's output shows 47.606 for an input of 47.696: a typo)
        assertThat(run("SELECT [lat,long] as lat_long FROM 'topic/subtopic'", "{\"lat\": 47.696, \"long\": -122.332}"))
                .isEqualTo("{\"lat_long\":[47.696,-122.332]}");
        // "Literals are available only when using SQL version 2016-03-23 or later."
        assertThatThrownBy(() -> Sql.ENGINE.compile("SELECT [lat] AS x FROM 'a'", SqlVersion.V2015_10_08))
                .isInstanceOf(SqlParseException.class)
                .hasMessageContaining("2016-03-23");
    }

    @Test
    void nestedObjectQueries() {
        // iot-sql-nested-queries.html: the three examples
        String payload = "{\"e\":[{\"n\":\"temperature\",\"u\":\"Cel\",\"t\":1234,\"v\":22.5},"
                + "{\"n\":\"light\",\"u\":\"lm\",\"t\":1235,\"v\":135},{\"n\":\"acidity\",\"u\":\"pH\",\"t\":1235,\"v\":7}]}";
        assertThat(run("SELECT (SELECT VALUE n FROM e) as sensors FROM 'my/topic'", payload))
                .isEqualTo("{\"sensors\":[\"temperature\",\"light\",\"acidity\"]}");
        assertThat(run("SELECT (SELECT v FROM e WHERE n = 'temperature') as temperature FROM 'my/topic'", payload))
                .isEqualTo("{\"temperature\":[{\"v\":22.5}]}");
        assertThat(run(
                        "SELECT get((SELECT v FROM e WHERE n = 'temperature'), 0).v as temperature FROM 'topic'",
                        payload))
                .isEqualTo("{\"temperature\":22.5}");
        assertThatThrownBy(() -> Sql.ENGINE.compile(
                        "SELECT (SELECT VALUE n FROM e) as sensors FROM 'my/topic'", SqlVersion.V2015_10_08))
                .isInstanceOf(SqlParseException.class);
    }

    @Test
    void topLevelArrayFromSqlVersions() {
        // iot-rule-sql-version.html: "SELECT VALUE arr FROM 'topic'" outputs [1,2,3,4]
        assertThat(run("SELECT VALUE arr FROM 'topic'", "{\"a\": {\"b\":\"c\"}, \"arr\":[1,2,3,4]}"))
                .isEqualTo("[1,2,3,4]");
    }

    @Test
    void binaryPayloads() {
        // binary-payloads.html: each SELECT the page lists, with a payload that is not JSON
        String binary = "\u0001\u0002binary\u00ff";
        assertThat(run("SELECT * FROM 'topic/subtopic'", binary)).isEqualTo(binary);
        CompiledSql modulo =
                Sql.ENGINE.compile("SELECT * FROM 'topic/subtopic' WHERE timestamp() % 12 = 0", SqlVersion.V2016_03_23);
        SqlInput at = SqlInput.of("topic/subtopic", new byte[] {1, 2, 3}, 1200);
        assertThat(((SqlResult.Matched) modulo.evaluate(at)).output().bytes()).containsExactly(1, 2, 3);
        // "If you have an empty or a JSON payload, the resulting payload can have data added"
        assertThat(run("SELECT *, principal() as principal, timestamp() as time FROM 'topic/subtopic'", ""))
                .isEqualTo("{\"principal\":\"ba67293af50bf2506f5f93469686da660c7c844e7b3950bfb16813e0d31e9373\","
                        + "\"time\":" + Sql.NOW + "}");
        assertThat(run("SELECT *, principal() as principal, timestamp() as time FROM 'topic/subtopic'", binary))
                .startsWith("FAILED: the payload is not a JSON object");
        String base64 = Base64.getEncoder().encodeToString(binary.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(run("SELECT encode(*, 'base64') AS data, timestamp() AS ts FROM 'topic/subtopic'", binary))
                .isEqualTo("{\"data\":\"" + base64 + "\",\"ts\":" + Sql.NOW + "}");
        assertThat(run("SELECT * FROM 'topic/subtopic' WHERE device_type = 'thermostat'", binary))
                .isEqualTo("NO MATCH");
        SubstitutionTemplate topic = Sql.ENGINE.template("device/${device_id}", SqlVersion.V2016_03_23);
        assertThat(topic.render(Sql.input("topic/subtopic", binary))).isEqualTo("device/");
        assertThat(topic.render(Sql.input("topic/subtopic", "{\"device_id\":\"d-7\"}")))
                .isEqualTo("device/d-7");
        assertThat(run("SELECT encode(*, 'base64') AS data FROM 'my_topic'", "abc"))
                .isEqualTo("{\"data\":\"YWJj\"}");
        assertThat(run("SELECT decode(encode(*, 'base64'), 'base64') AS payload FROM 'topic'", "plain text"))
                .isEqualTo("{\"payload\":\"plain text\"}");
    }

    @Test
    void substitutionTemplates() {
        // iot-substitution-templates.html: ${topic()}/republish, SELECT *, timestamp() AS timestamp
        String payload = "{\"deviceid\":\"iot123\",\"temp\":54.98,\"humidity\":32.43,"
                + "\"coords\":{\"latitude\":47.615694,\"longitude\":-122.3359976}}";
        SubstitutionTemplate topic = Sql.ENGINE.template("${topic()}/republish", SqlVersion.V2016_03_23);
        assertThat(topic.render(Sql.input("my/iot/topic", payload))).isEqualTo("my/iot/topic/republish");
        assertThat(Sql.run(
                        "SELECT *, timestamp() AS timestamp FROM 'my/iot/topic'",
                        "my/iot/topic",
                        payload,
                        SqlVersion.V2016_03_23))
                .isEqualTo(payload.substring(0, payload.length() - 1) + ",\"timestamp\":" + Sql.NOW + "}");
    }

    @Test
    void errorActionKeyTemplate() {
        // rule-error-handling.html: "${replace(topic(), '/', '-') + '-' + timestamp() + '-' + newuuid()}"
        SubstitutionTemplate key = Sql.ENGINE.template(
                "${replace(topic(), '/', '-') + '-' + timestamp() + '-' + newuuid()}", SqlVersion.V2016_03_23);
        assertThat(key.render(Sql.input("testme/action", "{}"))).matches("testme-action-" + Sql.NOW + "-[0-9a-f-]{36}");
    }

    @Test
    void seedStatements() {
        // seed 002 (Summit deep dive), "Handling lifecycle events": FROM without quotes
        String lifecycle = "SELECT status, topic(2) as deviceId, timestamp() as time, isCrash FROM lifecycle/#"
                + " WHERE status='offline'";
        assertThat(Sql.run(
                        lifecycle,
                        "lifecycle/sensor-123",
                        "{\"status\": \"offline\", \"isCrash\": true}",
                        SqlVersion.V2016_03_23))
                .isEqualTo("{\"status\":\"offline\",\"deviceId\":\"sensor-123\",\"time\":" + Sql.NOW
                        + ",\"isCrash\":true}");
        assertThat(Sql.run(lifecycle, "lifecycle/sensor-123", "{\"status\": \"online\"}", SqlVersion.V2016_03_23))
                .isEqualTo("NO MATCH");
        // seed 002, "Example rule": SELECT * AS message FROM 'macdonald/#' with ${topic(2)} and ${timestamp()}
        CompiledSql macdonald = Sql.ENGINE.compile("SELECT * AS message FROM 'macdonald/#'", SqlVersion.V2015_10_08);
        assertThat(macdonald.matchesTopic("macdonald/sprinkler-456/temperature"))
                .isTrue();
        assertThat(Sql.describe(macdonald.evaluate(Sql.input("macdonald/sprinkler-456/temperature", "{\"t\":21}"))))
                .isEqualTo("{\"message\":{\"t\":21}}");
        assertThat(Sql.ENGINE
                        .template("${topic(2)}", SqlVersion.V2015_10_08)
                        .render(Sql.input("macdonald/sprinkler-456/temperature", "{}")))
                .isEqualTo("sprinkler-456");
        // seed 003 (tutorial): a shadow topic, and clientId() in any case
        CompiledSql shadow = Sql.ENGINE.compile(
                "SELECT * FROM '$aws/things/RaspberryPi/shadow/update/accepted'", SqlVersion.V2016_03_23);
        assertThat(shadow.matchesTopic("$aws/things/RaspberryPi/shadow/update/accepted"))
                .isTrue();
        assertThat(Sql.run("SELECT *, clientId() as MQTTClientId FROM 'things/thing-2/color'", "{\"c\":1}"))
                .isEqualTo("{\"c\":1,\"MQTTClientId\":\"sensor-1\"}");
        // seed 001 (IoT Lens): its example misplaces a quote, and is refused with the position
        assertThatThrownBy(() -> Sql.ENGINE.compile(
                        "SELECT * FROM 'command/iot/response WHERE code = 'error'", SqlVersion.V2016_03_23))
                .isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("Line 1:");
    }
}
