package io.thingstead.rules.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Substitution templates, and what fails one message (to the error action) rather than the rule. */
class TemplatesAndFailuresTest {
    private static SubstitutionTemplate template(String text) {
        return Sql.ENGINE.template(text, SqlVersion.V2016_03_23);
    }

    @Test
    void templatesRenderAgainstTheIncomingMessage() {
        SqlInput input = Sql.input("sensors/s-9/data", "{\"temp\":31.5,\"loc\":{\"room\":\"k\"},\"tags\":[1,2]}")
                .withUserProperties(List.of(new SqlInput.UserProperty("site", "berlin")));
        assertThat(template("alerts/${topic(2)}").render(input)).isEqualTo("alerts/s-9");
        assertThat(template("${clientid()}:${temp}:${loc.room}").render(input)).isEqualTo("sensor-1:31.5:k");
        assertThat(template("${loc}|${tags}|${missing}|${null}").render(input))
                .isEqualTo("{\"room\":\"k\"}|[1,2]||null");
        assertThat(template("${get_user_properties('site')[0]}").render(input)).isEqualTo("berlin");
        assertThat(template("${temp * 2} ${ {'a': 1}.a }").render(input)).isEqualTo("63.0 1");
        assertThat(template("no substitution").isConstant()).isTrue();
        assertThat(template("$ and } and {} stay").render(input)).isEqualTo("$ and } and {} stay");
    }

    @Test
    void badTemplatesAreRefusedWithThePosition() {
        assertThatThrownBy(() -> template("a/${topic(2}"))
                .isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("Line 1:12:");
        assertThatThrownBy(() -> template("a/${"))
                .isInstanceOf(SqlParseException.class)
                .hasMessageContaining("expected an expression");
        assertThatThrownBy(() -> template("${nosuch()}")).isInstanceOf(SqlParseException.class);
        assertThatThrownBy(() -> template("${}")).isInstanceOf(SqlParseException.class);
    }

    @Test
    void aShadowThatCannotBeReadFailsTheMessage() {
        String sql = "SELECT * FROM 'a' WHERE get_thing_shadow('broken', 'arn').state.reported.on = true";
        assertThat(Sql.run(sql, "{}"))
                .isEqualTo(
                        "FAILED: get_thing_shadow could not read the shadow of broken: " + "shadow store unavailable");
        // a shadow that does not exist is Undefined
        assertThat(Sql.run("SELECT VALUE isUndefined(get_thing_shadow('nobody', 'arn')) FROM 'a'", "{}"))
                .isEqualTo("true");
        assertThatThrownBy(
                        () -> template("${get_thing_shadow('broken', 'arn')}").render(Sql.input("a", "{}")))
                .isInstanceOf(SqlEvaluationException.class);
    }

    @Test
    void catastrophicBacktrackingFailsTheMessageNotTheThread() {
        String sql = "SELECT * FROM 'a' WHERE regexp_matches(s, '(.*a){12}b')";
        String payload = "{\"s\":\"" + "a".repeat(30) + "\"}";
        assertThat(Sql.run(sql, payload)).startsWith("FAILED: a regular expression exceeded its evaluation budget");
    }

    @Test
    void invalidDatePatternsAtRunTimeFailTheMessage() {
        assertThat(Sql.run("SELECT parse_time(p, 0) AS t FROM 'a'", "{\"p\":\"qqqqqqq\"}"))
                .startsWith("FAILED: parse_time: invalid pattern");
        assertThat(Sql.run("SELECT time_to_epoch(t, 'yyyy') AS t FROM 'a'", "{\"t\":\"not a year\"}"))
                .isEqualTo("{}");
    }

    @Test
    void userPropertiesOfMqtt5() {
        SqlInput input = Sql.input("a", "{}")
                .withUserProperties(List.of(new SqlInput.UserProperty("k", "1"), new SqlInput.UserProperty("k", "2")));
        CompiledSql sql = Sql.ENGINE.compile("SELECT get_user_properties('k') AS k FROM 'a'", SqlVersion.V2016_03_23);
        assertThat(Sql.describe(sql.evaluate(input))).isEqualTo("{\"k\":[\"1\",\"2\"]}");
    }

    @Test
    void outputsKnowWhetherTheyAreJson() {
        SqlResult.Matched binary =
                (SqlResult.Matched) Sql.evaluate("SELECT * FROM 'a'", "a", "\u0001x", SqlVersion.V2016_03_23);
        SqlResult.Matched json =
                (SqlResult.Matched) Sql.evaluate("SELECT * FROM 'a'", "a", "{\"a\":1}", SqlVersion.V2016_03_23);
        SqlResult.Matched built =
                (SqlResult.Matched) Sql.evaluate("SELECT a FROM 'a'", "a", "{\"a\":1}", SqlVersion.V2016_03_23);
        assertThat(binary.output().isJson()).isFalse();
        assertThat(json.output().isJson()).isTrue();
        assertThat(built.output().isJson()).isTrue();
    }
}
