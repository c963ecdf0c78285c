package io.thingstead.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.policy.internal.Template.Text;
import io.thingstead.policy.internal.Template.Variable;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Template.Resolver VALUES =
            name -> Map.of("iot:ClientId", "dev-1", "star", "*").get(name);

    @Test
    void splitsTextAndVariables() {
        Template template = Template.parse("topic/${iot:ClientId}/data", true);

        assertThat(template.pieces())
                .containsExactly(new Text("topic/", true), new Variable("iot:ClientId"), new Text("/data", true));
        assertThat(template.hasVariables()).isTrue();
        assertThat(template.variableNames()).containsExactly("iot:ClientId");
        assertThat(template.resolveToString(VALUES)).isEqualTo("topic/dev-1/data");
    }

    @Test
    void escapesStandForLiteralCharacters() {
        Template template = Template.parse("a${*}b${?}c${$}d", true);

        assertThat(template.hasVariables()).isFalse();
        assertThat(template.resolveToString(VALUES)).isEqualTo("a*b?c$d");
        GlobPattern pattern = template.resolveToPattern(VALUES, false);
        assertThat(pattern.matches("a*b?c$d")).isTrue();
        assertThat(pattern.matches("axbyc$d")).isFalse();
    }

    @Test
    void dollarWithoutACompleteVariableIsText() {
        assertThat(Template.parse("$aws/things/x", true).pieces()).containsExactly(new Text("$aws/things/x", true));
        assertThat(Template.parse("a${b", true).pieces()).containsExactly(new Text("a${b", true));
        assertThat(Template.parse("a${}b", true).pieces()).containsExactly(new Text("a${}b", true));
        assertThat(Template.parse("ends with $", true).resolveToString(VALUES)).isEqualTo("ends with $");
    }

    @Test
    void withoutVariablesEverythingIsText() {
        Template template = Template.parse("topic/${iot:ClientId}", false);

        assertThat(template.hasVariables()).isFalse();
        assertThat(template.resolveToString(VALUES)).isEqualTo("topic/${iot:ClientId}");
    }

    @Test
    void unresolvedVariableResolvesToNull() {
        Template template = Template.parse("x/${iot:Connection.Thing.ThingName}", true);

        assertThat(template.resolveToString(VALUES)).isNull();
        assertThat(template.resolveToPattern(VALUES, false)).isNull();
    }

    @Test
    void substitutedValuesAreNeverWildcards() {
        GlobPattern pattern = Template.parse("t/${star}/x*", true).resolveToPattern(VALUES, false);

        assertThat(pattern.matches("t/*/xyz")).isTrue();
        assertThat(pattern.matches("t/anything/xyz")).isFalse();
    }

    @Test
    void keepsItsSource() {
        assertThat(Template.parse("a${b}c", true).source()).isEqualTo("a${b}c");
    }
}
