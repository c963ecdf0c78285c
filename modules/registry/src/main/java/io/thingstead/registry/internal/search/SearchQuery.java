package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.WildcardPattern;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The immutable syntax tree of a fleet indexing query, as {@link SearchQueryParser} builds it. Positions are 0-based
 * character positions in the query string. Field paths are not checked here; {@link SearchQueryCompiler} resolves them.
 *
 * <p>{@link #render()} writes the tree back in query syntax with every grouping explicit, e.g. {@code a b OR c}
 * renders as {@code ((a AND b) OR c)}.
 */
public sealed interface SearchQuery
        permits SearchQuery.And, SearchQuery.Or, SearchQuery.Not, SearchQuery.MatchAll, SearchQuery.Term {

    /** The query in canonical query syntax, fully parenthesised. */
    String render();

    /** All operands must match (explicit {@code AND}, {@code &&}, or terms side by side). Two or more operands. */
    record And(List<SearchQuery> operands) implements SearchQuery {
        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public String render() {
            return operands.stream().map(SearchQuery::render).collect(Collectors.joining(" AND ", "(", ")"));
        }
    }

    /** At least one operand must match ({@code OR}, {@code ||}). Two or more operands. */
    record Or(List<SearchQuery> operands) implements SearchQuery {
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public String render() {
            return operands.stream().map(SearchQuery::render).collect(Collectors.joining(" OR ", "(", ")"));
        }
    }

    /** The operand must not match ({@code NOT}, {@code !}, {@code -}). */
    record Not(SearchQuery operand) implements SearchQuery {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public String render() {
            return "NOT " + operand.render();
        }
    }

    /** {@code *} or {@code *:*}: every thing. */
    record MatchAll(int position) implements SearchQuery {
        @Override
        public String render() {
            return "*";
        }
    }

    /** One term: a field (or none, for free text) and what its value must be. */
    record Term(FieldRef field, TermMatch match) implements SearchQuery {
        public Term {
            Objects.requireNonNull(match, "match");
        }

        /** Where the term starts: its field name, or its value for free text. */
        public int position() {
            return field != null ? field.position() : match.position();
        }

        @Override
        public String render() {
            return field == null ? match.render() : literal(field.path()) + ":" + match.render();
        }
    }

    /** A field path as written (escapes removed) and where it starts. */
    record FieldRef(String path, int position) {
        public FieldRef {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The value part of a {@link Term}. */
    sealed interface TermMatch permits ValueMatch, ExistsMatch, RangeMatch {
        int position();

        String render();
    }

    /**
     * A value: exact ({@code pattern} has no wildcards) or a wildcard pattern. {@code quoted} values never have
     * wildcards.
     */
    record ValueMatch(String text, WildcardPattern pattern, boolean quoted, int position) implements TermMatch {
        public ValueMatch {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(pattern, "pattern");
        }

        public boolean isPattern() {
            return pattern.hasWildcards();
        }

        @Override
        public String render() {
            return quoted ? quote(text) : pattern.toString();
        }
    }

    /** {@code field:*}: the field has a value. */
    record ExistsMatch(int position) implements TermMatch {
        @Override
        public String render() {
            return "*";
        }
    }

    /**
     * {@code [a TO b]}, {@code {a TO b}}, mixed brackets, {@code *} for an open end; comparisons {@code >v}, {@code
     * >=v}, {@code <v}, {@code <=v} are ranges with one open end. A {@code null} bound is open; at least one is set.
     */
    record RangeMatch(RangeBound lower, RangeBound upper, int position) implements TermMatch {
        @Override
        public String render() {
            return (lower == null || lower.inclusive() ? "[" : "{")
                    + (lower == null ? "*" : lower.render())
                    + " TO "
                    + (upper == null ? "*" : upper.render())
                    + (upper == null || upper.inclusive() ? "]" : "}");
        }
    }

    /** One end of a {@link RangeMatch}. */
    record RangeBound(String text, boolean quoted, boolean inclusive, int position) {
        public RangeBound {
            Objects.requireNonNull(text, "text");
        }

        String render() {
            return quoted ? quote(text) : literal(text);
        }
    }

    /** {@code text} as a bare word of query syntax, special characters escaped. */
    private static String literal(String text) {
        return WildcardPattern.builder().literal(text).build().toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
