package io.thingstead.registry.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A parameterised SQL boolean expression, for {@code SELECT ... FROM registry_thing t WHERE <sql>}: {@link #sql()}
 * has one JDBC placeholder {@code ?} per element of {@link #parameters()}, in order. Parameters are {@link String},
 * {@link Long}, {@link java.math.BigDecimal}, {@link Boolean} or {@link java.util.UUID} values, never {@code null};
 * bind them with {@code PreparedStatement.setObject}.
 *
 * <p>Every predicate is self-contained: it can be joined with {@code AND}/{@code OR} without extra parentheses.
 */
public record SqlPredicate(String sql, List<Object> parameters) {
    public static final SqlPredicate TRUE = new SqlPredicate("TRUE", List.of());
    public static final SqlPredicate FALSE = new SqlPredicate("FALSE", List.of());

    /**
     * @throws IllegalArgumentException when the number of placeholders (outside quoted literals and identifiers)
     *     differs from the number of parameters
     * @throws NullPointerException when a parameter is {@code null}
     */
    public SqlPredicate {
        Objects.requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
        int placeholders = countPlaceholders(sql);
        if (placeholders != parameters.size()) {
            throw new IllegalArgumentException(
                    "SQL has " + placeholders + " placeholders but " + parameters.size() + " parameters: " + sql);
        }
    }

    public static SqlPredicate of(String sql, Object... parameters) {
        return new SqlPredicate(sql, Arrays.asList(parameters));
    }

    /** All of {@code operands}; {@link #TRUE} for none, the operand itself for one. */
    public static SqlPredicate and(List<SqlPredicate> operands) {
        return join(operands, " AND ", TRUE);
    }

    /** Any of {@code operands}; {@link #FALSE} for none, the operand itself for one. */
    public static SqlPredicate or(List<SqlPredicate> operands) {
        return join(operands, " OR ", FALSE);
    }

    /**
     * The negation, in which SQL {@code NULL} ("unknown", e.g. comparing a missing attribute) counts as no match, so
     * {@code NOT attributes.model:legacy} also finds things without a {@code model} attribute, as AWS does.
     */
    public SqlPredicate not() {
        return new SqlPredicate("NOT COALESCE(" + sql + ", FALSE)", parameters);
    }

    private static SqlPredicate join(List<SqlPredicate> operands, String operator, SqlPredicate empty) {
        if (operands.isEmpty()) {
            return empty;
        }
        if (operands.size() == 1) {
            return operands.get(0);
        }
        StringBuilder sql = new StringBuilder("(");
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                sql.append(operator);
            }
            sql.append(operands.get(i).sql());
            parameters.addAll(operands.get(i).parameters());
        }
        return new SqlPredicate(sql.append(')').toString(), parameters);
    }

    /** Counts {@code ?} outside '...' literals, "..." identifiers and E'...' escape strings. */
    static int countPlaceholders(String sql) {
        int count = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                boolean escapeString = c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                i = skipQuoted(sql, i, c, escapeString);
            } else {
                if (c == '?') {
                    count++;
                }
                i++;
            }
        }
        return count;
    }

    private static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated quote in SQL: " + sql);
    }
}
