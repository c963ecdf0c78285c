package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.InvalidQueryException;
import io.thingstead.registry.api.WildcardPattern;
import io.thingstead.registry.internal.search.SearchQuery.And;
import io.thingstead.registry.internal.search.SearchQuery.ExistsMatch;
import io.thingstead.registry.internal.search.SearchQuery.FieldRef;
import io.thingstead.registry.internal.search.SearchQuery.MatchAll;
import io.thingstead.registry.internal.search.SearchQuery.Not;
import io.thingstead.registry.internal.search.SearchQuery.Or;
import io.thingstead.registry.internal.search.SearchQuery.RangeBound;
import io.thingstead.registry.internal.search.SearchQuery.RangeMatch;
import io.thingstead.registry.internal.search.SearchQuery.Term;
import io.thingstead.registry.internal.search.SearchQuery.ValueMatch;
import io.thingstead.registry.internal.search.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the AWS IoT fleet indexing query language (the {@code queryString} of
 * {@code SearchIndex}, dynamic thing groups and fleet metrics). It checks syntax and the limits AWS documents; field
 * paths and value types are checked later by {@link SearchQueryCompiler}.
 *
 * <h2>Grammar</h2>
 *
 * <pre>
 * query      = or EOF
 * or         = and { ("OR" | "||") and }
 * and        = unary { ["AND" | "&amp;&amp;"] unary }          (terms side by side are ANDed: AWS's default operator)
 * unary      = { "NOT" | "!" | "-" } primary
 * primary    = "(" or ")"
 *            | FIELD ":" value | FIELD cmp bound        (cmp is &gt;, &gt;=, &lt;, &lt;=; spaces are allowed around ":" and cmp)
 *            | value                                   (free text, or a value of the enclosing field group)
 *            | cmp bound | range                       (only inside a field group)
 * value      = WORD | "QUOTED" | "*" | "(" or ")"      (a parenthesised value list is a field group: f:(a OR b))
 *            | range | cmp bound
 * range      = ("[" | "{") bound "TO" bound ("]" | "}")   ([ ] inclusive, { } exclusive, may be mixed; * is open)
 * </pre>
 *
 * <p>Operators are case-sensitive ({@code and} is a search word, as in Lucene). Precedence is NOT, then AND, then
 * OR. Unlike Lucene's classic parser, which has no real precedence ({@code a OR b AND c} there makes {@code b} and
 * {@code c} required and {@code a} optional), this parser gives {@code a OR (b AND c)}: the two agree whenever a
 * query groups mixed AND/OR with parentheses, and the conventional reading is what users of mixed queries expect.
 * {@code a NOT b} means {@code a AND NOT b}, as in AWS's examples.
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>At most {@value #MAX_TERMS} terms (AWS: "The maximum number of terms in a query is twelve").
 *   <li>At most {@value #MAX_LEADING_WILDCARD_TERMS} term starting with a wildcard ({@code *my}, {@code ?y}), and
 *       then a query of at most {@value #MAX_LEADING_WILDCARD_QUERY_LENGTH} characters (both AWS limits).
 *   <li>At most {@value #MAX_QUERY_LENGTH} characters. AWS documents no general maximum; this bound keeps hostile
 *       input cheap to refuse (it is checked before anything else) while leaving room for twelve terms with long
 *       attribute names and values.
 *   <li>Parentheses nested at most {@value #MAX_DEPTH} deep, so the recursion stays shallow whatever the input.
 * </ul>
 */
public final class SearchQueryParser {
    public static final int MAX_QUERY_LENGTH = 4096;
    public static final int MAX_TERMS = 12;
    public static final int MAX_LEADING_WILDCARD_TERMS = 1;
    public static final int MAX_LEADING_WILDCARD_QUERY_LENGTH = 100;
    public static final int MAX_DEPTH = 32;

    private final String query;
    private final List<Token> tokens;
    private int next;
    private int terms;
    private int leadingWildcards;

    private SearchQueryParser(String query, List<Token> tokens) {
        this.query = query;
        this.tokens = tokens;
    }

    /**
     * Parses a query string.
     *
     * @throws io.thingstead.registry.api.InvalidQueryException when it is not a valid query, with the position of the
     *     problem
     */
    public static SearchQuery parse(String query) {
        if (query == null || query.isBlank()) {
            throw new InvalidQueryException(0, "the query string is empty");
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new InvalidQueryException(
                    MAX_QUERY_LENGTH,
                    "the query is " + query.length() + " characters long; the maximum is " + MAX_QUERY_LENGTH);
        }
        SearchQueryParser parser = new SearchQueryParser(query, QueryTokenizer.tokenize(query));
        return parser.parseQuery();
    }

    private SearchQuery parseQuery() {
        SearchQuery result = parseOr(null, 0, null);
        Token trailing = peek();
        if (trailing.is(Type.RPAREN)) {
            throw new InvalidQueryException(trailing.start(), "')' has no matching '('");
        }
        if (!trailing.is(Type.EOF)) {
            throw new InvalidQueryException(trailing.start(), "unexpected " + trailing.describe());
        }
        if (leadingWildcards > 0 && query.length() > MAX_LEADING_WILDCARD_QUERY_LENGTH) {
            throw new InvalidQueryException(
                    MAX_LEADING_WILDCARD_QUERY_LENGTH,
                    "a query with a leading wildcard may be at most " + MAX_LEADING_WILDCARD_QUERY_LENGTH
                            + " characters long; this one is " + query.length());
        }
        return result;
    }

    // ---- boolean structure ----

    private SearchQuery parseOr(FieldRef field, int depth, Token opener) {
        List<SearchQuery> operands = new ArrayList<>();
        operands.add(parseAnd(field, depth, opener));
        while (peek().is(Type.OR)) {
            Token operator = advance();
            operands.add(parseAnd(field, depth, operator));
        }
        return operands.size() == 1 ? operands.get(0) : new Or(operands);
    }

    private SearchQuery parseAnd(FieldRef field, int depth, Token before) {
        List<SearchQuery> operands = new ArrayList<>();
        operands.add(parseUnary(field, depth, before));
        while (true) {
            Token token = peek();
            if (token.is(Type.AND)) {
                advance();
                operands.add(parseUnary(field, depth, token));
            } else if (startsOperand(token)) {
                operands.add(parseUnary(field, depth, null));
            } else {
                break;
            }
        }
        List<SearchQuery> flat = new ArrayList<>();
        for (SearchQuery operand : operands) {
            if (operand instanceof And and) {
                flat.addAll(and.operands());
            } else {
                flat.add(operand);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new And(flat);
    }

    private static boolean startsOperand(Token token) {
        return switch (token.type()) {
            case EOF, RPAREN, OR, AND -> false;
            default -> true;
        };
    }

    /** {@code before} is the operator or '(' right before this operand (for messages), or null. */
    private SearchQuery parseUnary(FieldRef field, int depth, Token before) {
        boolean negated = false;
        Token operator = before;
        while (peek().is(Type.NOT) || peek().is(Type.MINUS)) {
            operator = advance();
            negated = !negated;
        }
        SearchQuery operand = parsePrimary(field, depth, operator);
        return negated ? new Not(operand) : operand;
    }

    private SearchQuery parsePrimary(FieldRef field, int depth, Token before) {
        Token token = peek();
        switch (token.type()) {
            case EOF:
                throw missingOperand(token, before);
            case RPAREN:
                if (before != null && before.is(Type.LPAREN)) {
                    throw new InvalidQueryException(before.start(), "'()' is empty: put a search term inside");
                }
                if (before != null) {
                    throw missingOperand(token, before);
                }
                throw new InvalidQueryException(token.start(), "')' has no matching '('");
            case AND:
            case OR:
                if (before != null) {
                    throw missingOperand(token, before);
                }
                throw new InvalidQueryException(
                        token.start(),
                        token.describe() + " needs a search term before it, e.g. a " + token.text() + " b");
            case LPAREN:
                return parseGroup(field, depth);
            case QUOTED:
                advance();
                return valueTerm(field, token);
            case TERM:
                Token after = peekAhead();
                if (after.is(Type.COLON) && token.pattern().matchesEverything()) {
                    return parseMatchAllField(token);
                }
                if (after.is(Type.COLON)) {
                    FieldRef named = fieldRef(advance());
                    return parseFieldValue(named, depth, advance());
                }
                if (after.isComparison()) {
                    FieldRef named = fieldRef(advance());
                    return parseComparison(named, advance());
                }
                advance();
                return valueTerm(field, token);
            case GT:
            case GE:
            case LT:
            case LE:
                if (field == null) {
                    throw new InvalidQueryException(
                            token.start(),
                            "the comparison " + token.describe() + " needs a field before it, e.g. attributes.temp"
                                    + token.text() + "20");
                }
                return parseComparison(field, advance());
            case LBRACKET:
            case LBRACE:
                if (field == null) {
                    throw new InvalidQueryException(
                            token.start(), "a range needs a field before it, e.g. attributes.size:[1 TO 5]");
                }
                return parseRange(field);
            case COLON:
                throw new InvalidQueryException(token.start(), "':' must follow a field name, e.g. thingName:abc");
            case RBRACKET:
            case RBRACE:
                throw new InvalidQueryException(token.start(), token.describe() + " does not close a range");
            default:
                throw new InvalidQueryException(token.start(), "unexpected " + token.describe());
        }
    }

    /** {@code *:*}, Lucene's spelling of "everything". */
    private SearchQuery parseMatchAllField(Token star) {
        advance();
        Token colon = advance();
        Token value = peek();
        if (!value.is(Type.TERM) || !value.pattern().matchesEverything()) {
            throw new InvalidQueryException(
                    colon.start(),
                    "'*:' can only be followed by '*' (*:* matches every thing); field names cannot"
                            + " contain wildcards");
        }
        advance();
        countTerm(star);
        return new MatchAll(star.start());
    }

    private InvalidQueryException missingOperand(Token found, Token before) {
        if (before == null) {
            return new InvalidQueryException(found.start(), "expected a search term but found " + found.describe());
        }
        if (before.is(Type.LPAREN)) {
            return new InvalidQueryException(before.start(), "'(' is never closed with ')'");
        }
        return new InvalidQueryException(
                before.start(), before.describe() + " must be followed by a search term, not " + found.describe());
    }

    private SearchQuery parseGroup(FieldRef field, int depth) {
        Token open = advance();
        if (depth + 1 > MAX_DEPTH) {
            throw new InvalidQueryException(
                    open.start(), "parentheses are nested more than " + MAX_DEPTH + " levels deep");
        }
        SearchQuery inner = parseOr(field, depth + 1, open);
        Token close = peek();
        if (!close.is(Type.RPAREN)) {
            if (close.is(Type.EOF)) {
                throw new InvalidQueryException(open.start(), "'(' is never closed with ')'");
            }
            throw new InvalidQueryException(close.start(), "unexpected " + close.describe());
        }
        advance();
        return inner;
    }

    // ---- terms ----

    private FieldRef fieldRef(Token token) {
        if (token.pattern().hasWildcards()) {
            throw new InvalidQueryException(token.start(), "field names cannot contain wildcards");
        }
        return new FieldRef(token.text(), token.start());
    }

    /** After {@code field:}: a value, a field group, a range or a comparison. */
    private SearchQuery parseFieldValue(FieldRef field, int depth, Token colon) {
        Token token = peek();
        switch (token.type()) {
            case LPAREN:
                return parseGroup(field, depth);
            case LBRACKET:
            case LBRACE:
                return parseRange(field);
            case GT:
            case GE:
            case LT:
            case LE:
                return parseComparison(field, advance());
            case QUOTED:
            case TERM:
                advance();
                return valueTerm(field, token);
            case MINUS:
                Token number = signedValue(colon);
                return valueTerm(field, number);
            case AND:
            case OR:
            case NOT:
                throw new InvalidQueryException(
                        token.start(),
                        "expected a value after ':' but found the operator " + token.describe()
                                + "; quote it to search for the word");
            default:
                throw new InvalidQueryException(
                        colon.start(), "expected a value after ':' but found " + token.describe());
        }
    }

    /**
     * A {@code -} directly followed by a word where a value is expected (after {@code :}, a comparison, or in a range):
     * part of the value, e.g. the negative number {@code -5}. Anywhere else a {@code -} means NOT.
     */
    private Token signedValue(Token before) {
        Token minus = advance();
        Token word = peek();
        if (!word.is(Type.TERM) || word.start() != minus.end()) {
            throw new InvalidQueryException(
                    minus.start(),
                    "expected a value after " + before.describe() + " but found '-' on its own; write a negative"
                            + " number as -5, without a space");
        }
        advance();
        WildcardPattern pattern = WildcardPattern.parse("-" + word.pattern());
        return new Token(Type.TERM, minus.start(), word.end(), "-" + word.text(), pattern, word.escaped());
    }

    private SearchQuery valueTerm(FieldRef field, Token token) {
        boolean quoted = token.is(Type.QUOTED);
        if (quoted && token.text().isEmpty()) {
            throw new InvalidQueryException(token.start(), "the value \"\" is empty");
        }
        if (!quoted && token.pattern().matchesEverything()) {
            countTerm(token);
            return field == null ? new MatchAll(token.start()) : new Term(field, new ExistsMatch(token.start()));
        }
        if (!quoted && token.pattern().startsWithWildcard()) {
            leadingWildcards++;
            if (leadingWildcards > MAX_LEADING_WILDCARD_TERMS) {
                throw new InvalidQueryException(
                        token.start(),
                        "only " + MAX_LEADING_WILDCARD_TERMS + " term per query may start with a wildcard");
            }
        }
        countTerm(token);
        WildcardPattern pattern =
                quoted ? WildcardPattern.builder().literal(token.text()).build() : token.pattern();
        return new Term(field, new ValueMatch(token.text(), pattern, quoted, token.start()));
    }

    private void countTerm(Token token) {
        terms++;
        if (terms > MAX_TERMS) {
            throw new InvalidQueryException(
                    token.start(), "a query may have at most " + MAX_TERMS + " terms; this is term " + terms);
        }
    }

    private SearchQuery parseComparison(FieldRef field, Token comparison) {
        RangeBound bound = parseBound(comparison, comparison.describe());
        if (bound == null) {
            throw new InvalidQueryException(
                    comparison.start(), "'*' cannot be compared with; use " + field.path() + ":* to find any value");
        }
        RangeMatch range = switch (comparison.type()) {
            case GT -> new RangeMatch(withInclusive(bound, false), null, comparison.start());
            case GE -> new RangeMatch(withInclusive(bound, true), null, comparison.start());
            case LT -> new RangeMatch(null, withInclusive(bound, false), comparison.start());
            case LE -> new RangeMatch(null, withInclusive(bound, true), comparison.start());
            default -> throw new IllegalStateException("not a comparison: " + comparison);
        };
        countTerm(comparison);
        return new Term(field, range);
    }

    private static RangeBound withInclusive(RangeBound bound, boolean inclusive) {
        return new RangeBound(bound.text(), bound.quoted(), inclusive, bound.position());
    }

    private SearchQuery parseRange(FieldRef field) {
        Token open = advance();
        if (peek().isWord("TO")) {
            throw new InvalidQueryException(
                    peek().start(), "the range has no lower bound before TO; use * for an open end");
        }
        RangeBound lower = parseBound(open, "the range opened by " + open.describe());
        Token to = peek();
        if (!to.isWord("TO")) {
            throw new InvalidQueryException(
                    to.start(),
                    "expected TO between the bounds of the range, e.g. [1 TO 5], but found " + to.describe());
        }
        advance();
        RangeBound upper = parseBound(to, "TO");
        Token close = peek();
        if (!close.is(Type.RBRACKET) && !close.is(Type.RBRACE)) {
            throw new InvalidQueryException(
                    close.is(Type.EOF) ? open.start() : close.start(),
                    "the range opened by " + open.describe() + " must be closed with ']' or '}', not "
                            + close.describe());
        }
        advance();
        boolean lowerInclusive = open.is(Type.LBRACKET);
        boolean upperInclusive = close.is(Type.RBRACKET);
        countTerm(open);
        if (lower == null && upper == null) {
            return new Term(field, new ExistsMatch(open.start()));
        }
        return new Term(
                field,
                new RangeMatch(
                        lower == null ? null : withInclusive(lower, lowerInclusive),
                        upper == null ? null : withInclusive(upper, upperInclusive),
                        open.start()));
    }

    /** A range or comparison bound after {@code before}; null for the open bound {@code *}. */
    private RangeBound parseBound(Token before, String what) {
        Token token = peek();
        if (token.is(Type.MINUS)) {
            token = signedValue(before);
        } else if (token.is(Type.TERM) || token.is(Type.QUOTED)) {
            advance();
        } else {
            throw new InvalidQueryException(
                    token.is(Type.EOF) ? before.start() : token.start(),
                    "expected a value after " + what + " but found " + token.describe());
        }
        if (token.is(Type.QUOTED)) {
            if (token.text().isEmpty()) {
                throw new InvalidQueryException(token.start(), "the value \"\" is empty");
            }
            return new RangeBound(token.text(), true, true, token.start());
        }
        if (token.pattern().matchesEverything() && token.text().equals("*")) {
            return null;
        }
        if (token.pattern().hasWildcards()) {
            throw new InvalidQueryException(
                    token.start(), "wildcards cannot be used in a range or comparison; '*' alone is an open end");
        }
        return new RangeBound(token.text(), false, true, token.start());
    }

    // ---- token stream ----

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAhead() {
        return tokens.get(Math.min(next + 1, tokens.size() - 1));
    }

    private Token advance() {
        Token token = tokens.get(next);
        if (!token.is(Type.EOF)) {
            next++;
        }
        return token;
    }
}
