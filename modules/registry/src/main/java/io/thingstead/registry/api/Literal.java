package io.thingstead.registry.api;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A value from a query term, typed by the field it is compared with. */
public sealed interface Literal permits Literal.Text, Literal.Numeric, Literal.Bool {

    /**
     * Text as the user wrote it, escapes removed. {@code quoted} records whether it was written in double quotes:
     * quoting a number ({@code "75"}) asks for a text comparison even in a range.
     */
    record Text(String value, boolean quoted) implements Literal {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        /** The number this text spells, if it is unquoted and spells one (see {@link Numeric#parse}). */
        public Optional<BigDecimal> number() {
            return quoted ? Optional.empty() : Numeric.parse(value);
        }
    }

    /** A number, for {@link FieldType#NUMBER} fields and numeric comparisons. */
    record Numeric(BigDecimal value) implements Literal {
        /**
         * What a number looks like in a query and, in SQL, in a stored string: optional sign, digits with an optional
         * fraction, an optional exponent of at most three digits (so no value overflows PostgreSQL's numeric type).
         * The SQL twin is {@link #SQL_NUMBER_REGEX}.
         */
        private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");

        /**
         * The same shape as a PostgreSQL regular expression, written without {@code ?} and {@code \} so that no JDBC
         * driver or {@code standard_conforming_strings} setting can misread it.
         */
        public static final String SQL_NUMBER_REGEX =
                "^[-+]{0,1}([0-9]+([.][0-9]*){0,1}|[.][0-9]+)([eE][-+]{0,1}[0-9]{1,3}){0,1}$";

        public Numeric {
            Objects.requireNonNull(value, "value");
        }

        /** The number {@code text} spells, or empty when it is not a number in the sense of {@link #NUMBER}. */
        public static Optional<BigDecimal> parse(String text) {
            if (text.isEmpty() || text.length() > 1000 || !NUMBER.matcher(text).matches()) {
                return Optional.empty();
            }
            return Optional.of(new BigDecimal(text));
        }

        /**
         * The value as a JDBC parameter: a {@link Long} when it is a whole number that fits one (so comparisons with
         * {@code bigint} columns stay index-friendly), a {@link BigDecimal} otherwise.
         */
        public Object jdbcValue() {
            BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
            if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
                return stripped.longValueExact();
            }
            return value;
        }
    }

    /** {@code true} or {@code false}, for {@link FieldType#BOOLEAN} fields. */
    record Bool(boolean value) implements Literal {}
}
