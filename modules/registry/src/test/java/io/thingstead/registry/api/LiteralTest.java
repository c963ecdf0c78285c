package io.thingstead.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralTest {
    private static final Pattern SQL_REGEX = Pattern.compile(Literal.Numeric.SQL_NUMBER_REGEX);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "75", "-5", "+5", "1.5", "5.", ".5", "-0.25", "1e3", "1.5E-2", "2e+999"})
    void numbers(String text) {
        assertThat(Literal.Numeric.parse(text)).contains(new BigDecimal(text));
        assertThat(SQL_REGEX.matcher(text).matches())
                .as("the SQL regex accepts the same numbers")
                .isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "abc", "1a", "0x10", "NaN", "Infinity", "1e", "1e1000", "--1", "1.2.3", ".", "-", " 1"})
    void notNumbers(String text) {
        assertThat(Literal.Numeric.parse(text)).isEmpty();
        assertThat(SQL_REGEX.matcher(text).matches()).isFalse();
    }

    @Test
    void jdbcValuesAreLongsWhenTheyFit() {
        assertThat(new Literal.Numeric(new BigDecimal("1557651600000")).jdbcValue())
                .isEqualTo(1557651600000L);
        assertThat(new Literal.Numeric(new BigDecimal("1.50e2")).jdbcValue()).isEqualTo(150L);
        assertThat(new Literal.Numeric(new BigDecimal("0.000")).jdbcValue()).isEqualTo(0L);
        assertThat(new Literal.Numeric(new BigDecimal("-7")).jdbcValue()).isEqualTo(-7L);
        assertThat(new Literal.Numeric(new BigDecimal("1.5")).jdbcValue()).isEqualTo(new BigDecimal("1.5"));
        assertThat(new Literal.Numeric(new BigDecimal("12345678901234567890")).jdbcValue())
                .isEqualTo(new BigDecimal("12345678901234567890"));
    }

    @Test
    void quotedTextIsNeverANumber() {
        assertThat(new Literal.Text("75", false).number()).contains(new BigDecimal("75"));
        assertThat(new Literal.Text("75", true).number()).isEmpty();
        assertThat(new Literal.Text("abc", false).number()).isEmpty();
    }

    @Test
    void rangesNeedABound() {
        assertThatThrownBy(() -> new TermCondition.Range(null, null)).isInstanceOf(IllegalArgumentException.class);
        TermCondition.Bound bound = new TermCondition.Bound(new Literal.Bool(true), true);
        assertThat(new TermCondition.Range(bound, null).lower()).isEqualTo(bound);
    }

    @Test
    void invalidQueryExceptionIsAwsInvalidQueryException() {
        InvalidQueryException e = new InvalidQueryException(7, "something is wrong");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
        assertThat(e.toBody().errorTypeHeader()).isEqualTo("InvalidQueryException");
        assertThat(e.toBody().httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Invalid query at position 7 (0-based): something is wrong");
        assertThat(e.position()).isEqualTo(7);
        assertThat(e.problem()).isEqualTo("something is wrong");
    }
}
