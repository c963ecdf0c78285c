package io.thingstead.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.policy.internal.ConditionOperator.Comparison;
import io.thingstead.policy.internal.ConditionOperator.Kind;
import io.thingstead.policy.internal.ConditionOperator.Qualifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionOperatorTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "StringEquals, STRING, EQUALS, false",
        "StringNotEquals, STRING, EQUALS, true",
        "StringEqualsIgnoreCase, STRING_IGNORE_CASE, EQUALS, false",
        "StringNotEqualsIgnoreCase, STRING_IGNORE_CASE, EQUALS, true",
        "StringLike, STRING_LIKE, EQUALS, false",
        "StringNotLike, STRING_LIKE, EQUALS, true",
        "NumericEquals, NUMERIC, EQUALS, false",
        "NumericNotEquals, NUMERIC, EQUALS, true",
        "NumericLessThan, NUMERIC, LESS_THAN, false",
        "NumericLessThanEquals, NUMERIC, LESS_THAN_EQUALS, false",
        "NumericGreaterThan, NUMERIC, GREATER_THAN, false",
        "NumericGreaterThanEquals, NUMERIC, GREATER_THAN_EQUALS, false",
        "DateEquals, DATE, EQUALS, false",
        "DateNotEquals, DATE, EQUALS, true",
        "DateLessThan, DATE, LESS_THAN, false",
        "DateLessThanEquals, DATE, LESS_THAN_EQUALS, false",
        "DateGreaterThan, DATE, GREATER_THAN, false",
        "DateGreaterThanEquals, DATE, GREATER_THAN_EQUALS, false",
        "Bool, BOOL, EQUALS, false",
        "BinaryEquals, BINARY, EQUALS, false",
        "IpAddress, IP_ADDRESS, EQUALS, false",
        "NotIpAddress, IP_ADDRESS, EQUALS, true",
        "ArnEquals, ARN, EQUALS, false",
        "ArnLike, ARN, EQUALS, false",
        "ArnNotEquals, ARN, EQUALS, true",
        "ArnNotLike, ARN, EQUALS, true",
        "Null, NULL, EQUALS, false",
    })
    void knowsEveryIamOperator(String name, Kind kind, Comparison comparison, boolean negated) {
        ConditionOperator operator = ConditionOperator.parse(name);

        assertThat(operator.kind()).isEqualTo(kind);
        assertThat(operator.comparison()).isEqualTo(comparison);
        assertThat(operator.negated()).isEqualTo(negated);
        assertThat(operator.ifExists()).isFalse();
        assertThat(operator.qualifier()).isEqualTo(Qualifier.NONE);
        assertThat(operator.name()).isEqualTo(name);
    }

    @Test
    void readsSuffixAndQualifiers() {
        ConditionOperator operator = ConditionOperator.parse("ForAllValues:StringNotLikeIfExists");

        assertThat(operator.kind()).isEqualTo(Kind.STRING_LIKE);
        assertThat(operator.negated()).isTrue();
        assertThat(operator.ifExists()).isTrue();
        assertThat(operator.qualifier()).isEqualTo(Qualifier.FOR_ALL_VALUES);
        assertThat(ConditionOperator.parse("ForAnyValue:StringEquals").qualifier())
                .isEqualTo(Qualifier.FOR_ANY_VALUE);
        assertThat(ConditionOperator.parse("BoolIfExists").ifExists()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "StringEqual",
                "StringEqualsIfExist",
                "ForSomeValues:StringEquals",
                "NullIfExists",
                "ForAnyValue:Null",
                "IfExists",
                "",
                "ForAllValues:",
            })
    void refusesUnknownOperators(String name) {
        assertThatThrownBy(() -> ConditionOperator.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
    }

    @Test
    void suggestsTheRightCase() {
        assertThatThrownBy(() -> ConditionOperator.parse("stringequals"))
                .hasMessageContaining("did you mean \"StringEquals\"");
        assertThatThrownBy(() -> ConditionOperator.parse("boolIfExists")).hasMessageContaining("did you mean \"Bool\"");
    }

    @Test
    void comparisonsHold() {
        assertThat(Comparison.LESS_THAN.holds(-1)).isTrue();
        assertThat(Comparison.LESS_THAN.holds(0)).isFalse();
        assertThat(Comparison.LESS_THAN_EQUALS.holds(0)).isTrue();
        assertThat(Comparison.GREATER_THAN.holds(1)).isTrue();
        assertThat(Comparison.GREATER_THAN.holds(0)).isFalse();
        assertThat(Comparison.GREATER_THAN_EQUALS.holds(0)).isTrue();
        assertThat(Comparison.EQUALS.holds(0)).isTrue();
        assertThat(Comparison.EQUALS.holds(1)).isFalse();
    }
}
