package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the quoted parts of compiled SQL, to prove that none of them came from a query. */
final class SqlText {
    /** Every string literal the compiler itself writes. */
    static final Set<String> COMPILER_LITERALS = Set.of(
            "'\\'",
            "''",
            "'{}'",
            "'string'",
            "'number'",
            "'boolean'",
            "'lax $[*]'",
            "'strict $.**'",
            "'" + Literal.Numeric.SQL_NUMBER_REGEX + "'",
            "\"C\"");

    private SqlText() {}

    /** The '...' literals and "..." identifiers in {@code sql}, quotes included. */
    static List<String> literals(String sql) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (true) {
                    end = sql.indexOf(c, end);
                    if (end < 0) {
                        throw new AssertionError("unterminated quote in " + sql);
                    }
                    if (end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                        end += 2;
                    } else {
                        break;
                    }
                }
                literals.add(sql.substring(i, end + 1));
                i = end + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    /** {@code sql} without its quoted parts. */
    static String outsideLiterals(String sql) {
        String rest = sql;
        for (String literal : literals(sql)) {
            rest = rest.replace(literal, "");
        }
        return rest;
    }
}
