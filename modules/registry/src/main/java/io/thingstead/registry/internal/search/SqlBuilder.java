package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.Literal;
import io.thingstead.registry.api.SqlPredicate;
import io.thingstead.registry.api.TermCondition;
import io.thingstead.registry.api.WildcardPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Accumulates SQL text and its bind parameters in step, so that a {@code ?} and its value can only be added
 * together. SQL text passed to {@link #sql(String)} must be a constant of this package, never user input.
 */
final class SqlBuilder {
    /** The LIKE escape clause matching {@link WildcardPattern#toLikePattern()}. */
    static final String LIKE_ESCAPE = " ESCAPE '\\'";

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    /** A SQL expression that may carry its own parameters (e.g. {@code t.attributes ->> ?::text}). */
    @FunctionalInterface
    interface Expression {
        void writeTo(SqlBuilder builder);
    }

    SqlBuilder sql(String constant) {
        sql.append(constant);
        return this;
    }

    SqlBuilder param(Object value) {
        sql.append('?');
        parameters.add(value);
        return this;
    }

    SqlBuilder expr(Expression expression) {
        expression.writeTo(this);
        return this;
    }

    SqlBuilder predicate(SqlPredicate predicate) {
        sql.append(predicate.sql());
        parameters.addAll(predicate.parameters());
        return this;
    }

    SqlPredicate build() {
        return new SqlPredicate(sql.toString(), parameters);
    }

    static SqlPredicate of(Expression expression) {
        return new SqlBuilder().expr(expression).build();
    }

    // ---- case-insensitive text comparisons ----

    /**
     * True when {@code text} has no letters with case (digits, punctuation, most symbols). Comparing such a value
     * case-insensitively is the same as comparing it exactly, so the compiler can use the exact, index-friendly form.
     */
    static boolean caseless(String text) {
        return text.toLowerCase(Locale.ROOT).equals(text)
                && text.toUpperCase(Locale.ROOT).equals(text);
    }

    /** {@code expr = ?}, case-insensitively: {@code lower(expr) = lower(?)} unless the value is caseless. */
    SqlBuilder textEquals(Expression expression, String value) {
        if (caseless(value)) {
            return expr(expression).sql(" = ").param(value);
        }
        return sql("lower(").expr(expression).sql(") = lower(").param(value).sql(")");
    }

    /**
     * {@code expr LIKE ? ESCAPE '\'}, case-insensitively unless the pattern's literal characters are caseless. A
     * literal prefix ({@code sensor*}) also becomes a byte-wise range ({@code ~>=~ ? AND ~<~ ?}), which a
     * {@code text_pattern_ops} index serves even when the statement is prepared with a generic plan (a LIKE with a
     * bound pattern cannot use the index then).
     */
    SqlBuilder textLike(Expression expression, WildcardPattern pattern) {
        boolean exact = caseless(pattern.literalCharacters());
        String prefix =
                exact ? pattern.literalPrefix() : pattern.literalPrefix().toLowerCase(Locale.ROOT);
        Optional<String> upper = isThingName(expression) ? prefixUpperBound(prefix) : Optional.empty();
        if (upper.isPresent()) {
            sql("(");
        }
        if (exact) {
            expr(expression).sql(" LIKE ").param(pattern.toLikePattern()).sql(LIKE_ESCAPE);
        } else {
            sql("lower(")
                    .expr(expression)
                    .sql(") LIKE lower(")
                    .param(pattern.toLikePattern())
                    .sql(")")
                    .sql(LIKE_ESCAPE);
        }
        if (upper.isPresent()) {
            Expression narrowed =
                    exact ? expression : b -> b.sql("lower(").expr(expression).sql(")");
            sql(" AND ").expr(narrowed).sql(" ~>=~ ").param(prefix);
            sql(" AND ").expr(narrowed).sql(" ~<~ ").param(upper.get());
            sql(")");
        }
        return this;
    }

    /** Only the thing name has the {@code text_pattern_ops} indexes the prefix range is for. */
    private static boolean isThingName(Expression expression) {
        return "t.name".equals(new SqlBuilder().expr(expression).build().sql());
    }

    /**
     * The smallest string greater than every string starting with {@code prefix} (byte-wise, as {@code ~<~}
     * compares): the prefix with its last character incremented. Empty when there is no usable bound.
     */
    static Optional<String> prefixUpperBound(String prefix) {
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        if (!prefix.chars().allMatch(c -> c < 0x7F)) {
            return Optional.empty(); // beyond ASCII, Java's and PostgreSQL's case mapping and byte order may differ
        }
        int last = prefix.charAt(prefix.length() - 1);
        return Optional.of(prefix.substring(0, prefix.length() - 1) + (char) (last + 1));
    }

    /** The predicate for a STRING field held in one text column (or text expression). */
    static SqlPredicate textCondition(Expression expression, TermCondition condition) {
        SqlBuilder builder = new SqlBuilder();
        switch (condition) {
            case TermCondition.Equals equals -> builder.textEquals(expression, text(equals.value()));
            case TermCondition.Matches matches -> builder.textLike(expression, matches.pattern());
            case TermCondition.Exists exists -> builder.expr(expression).sql(" IS NOT NULL");
            case TermCondition.Range range -> throw unsupported(condition);
        }
        return builder.build();
    }

    /** The predicate for a NUMBER field held in one numeric column (or numeric expression). */
    static SqlPredicate numberCondition(Expression expression, TermCondition condition) {
        SqlBuilder builder = new SqlBuilder();
        switch (condition) {
            case TermCondition.Equals equals ->
                builder.expr(expression)
                        .sql(" = ")
                        .param(numeric(equals.value()).jdbcValue());
            case TermCondition.Exists exists -> builder.expr(expression).sql(" IS NOT NULL");
            case TermCondition.Range range ->
                builder.range(expression, range, bound -> numeric(bound).jdbcValue());
            case TermCondition.Matches matches -> throw unsupported(condition);
        }
        return builder.build();
    }

    /** Bound values as parameters, for {@link #range}. */
    @FunctionalInterface
    interface BoundValue {
        Object of(Literal literal);
    }

    /**
     * {@code expr > ?}, {@code expr <= ?} ..., both bounds joined with AND in parentheses. {@code expression} is
     * written once per bound, so it must not carry parameters that should only be bound once.
     */
    SqlBuilder range(Expression expression, TermCondition.Range range, BoundValue value) {
        return range(expression, range, value, false);
    }

    /** {@link #range}, comparing with {@code lower(?)}: for case-insensitive text ranges. */
    SqlBuilder textRange(Expression expression, TermCondition.Range range) {
        return range(expression, range, SqlBuilder::text, true);
    }

    private SqlBuilder range(Expression expression, TermCondition.Range range, BoundValue value, boolean lower) {
        boolean both = range.lower() != null && range.upper() != null;
        if (both) {
            sql("(");
        }
        if (range.lower() != null) {
            bound(
                    expression,
                    range.lower().inclusive() ? " >= " : " > ",
                    value.of(range.lower().value()),
                    lower);
        }
        if (both) {
            sql(" AND ");
        }
        if (range.upper() != null) {
            bound(
                    expression,
                    range.upper().inclusive() ? " <= " : " < ",
                    value.of(range.upper().value()),
                    lower);
        }
        if (both) {
            sql(")");
        }
        return this;
    }

    private void bound(Expression expression, String operator, Object value, boolean lower) {
        expr(expression).sql(operator);
        if (lower) {
            sql("lower(").param(value).sql(")");
        } else {
            param(value);
        }
    }

    /** True when every bound of {@code range} is an unquoted number: the range then compares numerically. */
    static boolean numericRange(TermCondition.Range range) {
        return isNumber(range.lower()) && isNumber(range.upper());
    }

    private static boolean isNumber(TermCondition.Bound bound) {
        return bound == null
                || bound.value() instanceof Literal.Numeric
                || (bound.value() instanceof Literal.Text text && text.number().isPresent());
    }

    /** The numeric value of a bound of a {@link #numericRange}. */
    static Object numberValue(Literal literal) {
        return switch (literal) {
            case Literal.Numeric numeric -> numeric.value();
            case Literal.Text text -> text.number().orElseThrow();
            case Literal.Bool bool -> throw new IllegalArgumentException("not a number: " + literal);
        };
    }

    static String text(Literal literal) {
        if (literal instanceof Literal.Text text) {
            return text.value();
        }
        throw new IllegalArgumentException("expected a text value, got " + literal);
    }

    static Literal.Numeric numeric(Literal literal) {
        if (literal instanceof Literal.Numeric numeric) {
            return numeric;
        }
        throw new IllegalArgumentException("expected a number, got " + literal);
    }

    static IllegalArgumentException unsupported(TermCondition condition) {
        return new IllegalArgumentException("condition not valid for this field type: " + condition);
    }
}
