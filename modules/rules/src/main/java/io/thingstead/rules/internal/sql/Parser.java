package io.thingstead.rules.internal.sql;

import io.thingstead.rules.internal.sql.Ast.ArrayLiteral;
import io.thingstead.rules.internal.sql.Ast.Binary;
import io.thingstead.rules.internal.sql.Ast.Call;
import io.thingstead.rules.internal.sql.Ast.Case;
import io.thingstead.rules.internal.sql.Ast.Cast;
import io.thingstead.rules.internal.sql.Ast.Expr;
import io.thingstead.rules.internal.sql.Ast.Field;
import io.thingstead.rules.internal.sql.Ast.In;
import io.thingstead.rules.internal.sql.Ast.Index;
import io.thingstead.rules.internal.sql.Ast.Is;
import io.thingstead.rules.internal.sql.Ast.Item;
import io.thingstead.rules.internal.sql.Ast.Literal;
import io.thingstead.rules.internal.sql.Ast.Member;
import io.thingstead.rules.internal.sql.Ast.ObjectLiteral;
import io.thingstead.rules.internal.sql.Ast.Ref;
import io.thingstead.rules.internal.sql.Ast.Select;
import io.thingstead.rules.internal.sql.Ast.Star;
import io.thingstead.rules.internal.sql.Ast.SubQuery;
import io.thingstead.rules.internal.sql.Ast.Unary;
import io.thingstead.rules.internal.sql.Ast.When;
import io.thingstead.rules.internal.sql.Lexer.Kind;
import io.thingstead.rules.internal.sql.Lexer.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A recursive-descent parser for AWS IoT SQL. Precedence from loosest: {@code OR}, {@code AND}, {@code NOT},
 * comparisons ({@code = <> != < <= > >=}, {@code IN}, {@code IS}), {@code + -}, {@code * / %}, unary minus, then
 * member access ({@code a.b}, {@code a[0]}). Tokens are read lazily so that a substitution template can hand the text
 * after its {@code }} back to the template.
 */
final class Parser {
    /** Words that cannot be bare field names (use {@code get(*, 'name')} for such keys). */
    static final Set<String> RESERVED = Set.of(
            "SELECT", "FROM", "WHERE", "AS", "AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN",
            "THEN", "ELSE", "END");

    /** Deeper nesting than this is refused rather than risking the evaluator's stack. */
    static final int MAX_DEPTH = 100;

    private final String source;
    private final Lexer lexer;
    private final SqlVersion version;
    private final List<Token> buffer = new ArrayList<>();
    private int index;
    private int depth;

    Parser(String source, int start, int end, SqlVersion version) {
        this.source = source;
        this.lexer = new Lexer(source, start, end);
        this.version = version;
    }

    /** A whole statement: SELECT ... [FROM 'topic'] [WHERE ...], nothing after. */
    static Select statement(String source, SqlVersion version) {
        Parser parser = new Parser(source, 0, source.length(), version);
        Select select = parser.select(true);
        parser.expectEnd();
        return select;
    }

    // ---- tokens -------------------------------------------------------------------------------------------------

    Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        while (buffer.size() <= index + ahead) {
            Token last = buffer.isEmpty() ? null : buffer.get(buffer.size() - 1);
            buffer.add(last != null && last.kind() == Kind.EOF ? last : lexer.next());
        }
        return buffer.get(index + ahead);
    }

    Token advance() {
        Token token = peek();
        index++;
        return token;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().is(symbol)) {
            index++;
            return true;
        }
        return false;
    }

    private boolean acceptWord(String word) {
        if (peek().isWord(word)) {
            index++;
            return true;
        }
        return false;
    }

    Token expectSymbol(String symbol) {
        Token token = peek();
        if (!token.is(symbol)) {
            throw error(token, "expected '" + symbol + "' but found " + token.describe());
        }
        return advance();
    }

    private void expectWord(String word) {
        Token token = peek();
        if (!token.isWord(word)) {
            throw error(token, "expected " + word + " but found " + token.describe());
        }
        advance();
    }

    private void expectEnd() {
        Token token = peek();
        if (token.kind() != Kind.EOF) {
            throw error(token, "unexpected " + token.describe() + " after the end of the statement");
        }
    }

    SqlParseException error(Token token, String problem) {
        return new SqlParseException(source, token.offset(), problem);
    }

    private SqlParseException error(int offset, String problem) {
        return new SqlParseException(source, offset, problem);
    }

    // ---- statements ---------------------------------------------------------------------------------------------

    private Select select(boolean topLevel) {
        Token start = peek();
        expectWord("SELECT");
        boolean value = false;
        if (peek().isWord("VALUE") && valueKeywordFollows(peek(1))) {
            advance();
            value = true;
        }
        List<Item> items = new ArrayList<>();
        do {
            items.add(item(value));
        } while (acceptSymbol(","));
        if (value && items.size() > 1) {
            throw error(items.get(1).pos(), "SELECT VALUE selects exactly one item");
        }
        Optional<String> topic = Optional.empty();
        int topicPos = -1;
        Optional<Expr> from = Optional.empty();
        if (peek().isWord("FROM")) {
            advance();
            if (topLevel) {
                topicPos = lexerOffsetOfNext();
                topic = Optional.of(topic());
            } else {
                from = Optional.of(expression());
            }
        } else if (!topLevel) {
            throw error(peek(), "a nested SELECT needs FROM, found " + peek().describe());
        }
        Optional<Expr> where = Optional.empty();
        if (acceptWord("WHERE")) {
            where = Optional.of(expression());
        }
        return new Select(value, List.copyOf(items), topic, topicPos, from, where, start.offset());
    }

    /** After SELECT, {@code value} is the VALUE keyword when an expression follows, and a field name otherwise. */
    private static boolean valueKeywordFollows(Token next) {
        return switch (next.kind()) {
            case NUMBER, STRING -> true;
            case IDENT ->
                !Set.of("FROM", "AS", "AND", "OR", "IN", "IS", "WHERE")
                        .contains(next.text().toUpperCase(Locale.ROOT));
            case SYMBOL -> next.is("(") || next.is("{") || next.is("*") || next.is("-");
            case EOF -> false;
        };
    }

    private Item item(boolean value) {
        Token start = peek();
        Expr expr;
        if (start.is("*")) {
            advance();
            expr = new Star(start.offset());
        } else {
            expr = expression();
        }
        Optional<List<String>> alias = Optional.empty();
        if (acceptWord("AS")) {
            if (value) {
                throw error(start, "SELECT VALUE takes no alias");
            }
            List<String> names = new ArrayList<>();
            do {
                Token name = advance();
                if (name.kind() != Kind.IDENT) {
                    throw error(name, "expected a name after AS but found " + name.describe());
                }
                names.add(name.text());
            } while (acceptSymbol("."));
            alias = Optional.of(List.copyOf(names));
        }
        return new Item(expr, alias, start.offset());
    }

    private int lexerOffsetOfNext() {
        if (buffer.size() > index) {
            return buffer.get(index).offset();
        }
        int pos = lexer.position();
        while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /**
     * The FROM topic filter: a quoted string as AWS documents it, or (as the AWS talk in the seeds writes it, {@code
     * FROM lifecycle/#}) the unquoted characters up to the next white space.
     */
    private String topic() {
        int start = lexerOffsetOfNext();
        if (start < source.length() && (source.charAt(start) == '\'' || source.charAt(start) == '"')) {
            Token token = advance();
            return token.text();
        }
        if (buffer.size() > index) {
            throw error(start, "expected a topic filter");
        }
        int end = start;
        while (end < source.length() && !Character.isWhitespace(source.charAt(end))) {
            end++;
        }
        if (end == start) {
            throw error(start, "expected a topic filter after FROM");
        }
        String topic = source.substring(start, end);
        lexerSkipTo(end);
        return topic;
    }

    private void lexerSkipTo(int offset) {
        lexer.reset(offset);
    }

    // ---- expressions --------------------------------------------------------------------------------------------

    Expr expression() {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "the statement nests deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return or();
        } finally {
            depth--;
        }
    }

    private Expr or() {
        Expr left = and();
        while (peek().isWord("OR")) {
            Token op = advance();
            left = new Binary("OR", left, and(), op.offset());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isWord("AND")) {
            Token op = advance();
            left = new Binary("AND", left, not(), op.offset());
        }
        return left;
    }

    private Expr not() {
        if (peek().isWord("NOT")) {
            Token op = advance();
            if (++depth > MAX_DEPTH) {
                throw error(op, "the statement nests deeper than " + MAX_DEPTH + " levels");
            }
            try {
                return new Unary("NOT", not(), op.offset());
            } finally {
                depth--;
            }
        }
        return predicate();
    }

    private Expr predicate() {
        Expr left = additive();
        Token token = peek();
        if (token.kind() == Kind.SYMBOL) {
            String op = switch (token.text()) {
                case "=", "<>", "<", "<=", ">", ">=" -> token.text();
                case "!=" -> "<>";
                default -> null;
            };
            if (op != null) {
                advance();
                return new Binary(op, left, additive(), token.offset());
            }
        }
        if (token.isWord("IN") || (token.isWord("NOT") && peek(1).isWord("IN"))) {
            boolean negated = acceptWord("NOT");
            advance();
            return in(left, negated, token.offset());
        }
        if (token.isWord("IS")) {
            advance();
            boolean negated = acceptWord("NOT");
            Token what = advance();
            if (what.isWord("NULL")) {
                return new Is(left, false, negated, token.offset());
            } else if (what.isWord("UNDEFINED")) {
                return new Is(left, true, negated, token.offset());
            }
            throw error(what, "expected NULL or UNDEFINED after IS but found " + what.describe());
        }
        return left;
    }

    private Expr in(Expr value, boolean negated, int pos) {
        if (peek().is("(") && !peek(1).isWord("SELECT")) {
            advance();
            List<Expr> candidates = new ArrayList<>();
            do {
                candidates.add(expression());
            } while (acceptSymbol(","));
            expectSymbol(")");
            return new In(value, List.copyOf(candidates), true, negated, pos);
        }
        return new In(value, List.of(additive()), false, negated, pos);
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().is("+") || peek().is("-")) {
            Token op = advance();
            left = new Binary(op.text(), left, multiplicative(), op.offset());
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            Token op = advance();
            left = new Binary(op.text(), left, unary(), op.offset());
        }
        return left;
    }

    private Expr unary() {
        if (peek().is("-") || peek().is("+")) {
            Token op = advance();
            if (++depth > MAX_DEPTH) {
                throw error(op, "the statement nests deeper than " + MAX_DEPTH + " levels");
            }
            try {
                Expr operand = unary();
                return op.is("-") ? new Unary("-", operand, op.offset()) : operand;
            } finally {
                depth--;
            }
        }
        return postfix(primary());
    }

    private Expr postfix(Expr target) {
        while (true) {
            Token token = peek();
            if (token.is(".")) {
                advance();
                Token name = advance();
                if (name.kind() != Kind.IDENT) {
                    throw error(
                            name,
                            "expected a field name after '.' but found " + name.describe()
                                    + " (use get() for keys that are not names)");
                }
                target = new Field(target, name.text(), name.offset());
            } else if (token.is("[")) {
                advance();
                Expr index = expression();
                expectSymbol("]");
                target = new Index(target, index, token.offset());
            } else {
                return target;
            }
        }
    }

    private Expr primary() {
        Token token = advance();
        switch (token.kind()) {
            case NUMBER:
                return new Literal(number(token), token.offset());
            case STRING:
                return new Literal(token.text(), token.offset());
            case EOF:
                throw error(token, "expected an expression but found the end of the statement");
            case SYMBOL:
                return symbolPrimary(token);
            case IDENT:
            default:
                return wordPrimary(token);
        }
    }

    private Expr symbolPrimary(Token token) {
        switch (token.text()) {
            case "*":
                return new Star(token.offset());
            case "(":
                if (peek().isWord("SELECT")) {
                    requireVersion(token, "nested SELECT queries");
                    Select nested = select(false);
                    expectSymbol(")");
                    return new SubQuery(nested, token.offset());
                }
                Expr inner = expression();
                expectSymbol(")");
                return inner;
            case "{":
                requireVersion(token, "object literals");
                return objectLiteral(token);
            case "[":
                requireVersion(token, "array literals");
                return arrayLiteral(token);
            default:
                throw error(token, "expected an expression but found " + token.describe());
        }
    }

    private Expr wordPrimary(Token token) {
        String upper = token.text().toUpperCase(Locale.ROOT);
        switch (upper) {
            case "TRUE":
                return new Literal(Boolean.TRUE, token.offset());
            case "FALSE":
                return new Literal(Boolean.FALSE, token.offset());
            case "NULL":
                return new Literal(Values.NULL, token.offset());
            case "CASE":
                return caseExpression(token);
            default:
                break;
        }
        if (peek().is("(")) {
            advance();
            if (upper.equals("CAST")) {
                return cast(token);
            }
            List<Expr> args = new ArrayList<>();
            if (!peek().is(")")) {
                do {
                    args.add(argument());
                } while (acceptSymbol(","));
            }
            expectSymbol(")");
            return new Call(token.text(), List.copyOf(args), token.offset());
        }
        if (RESERVED.contains(upper)) {
            throw error(token, "expected an expression but found " + upper);
        }
        return new Ref(token.text(), token.offset());
    }

    private Expr argument() {
        if (peek().is("*") && (peek(1).is(",") || peek(1).is(")"))) {
            Token star = advance();
            return new Star(star.offset());
        }
        return expression();
    }

    private Expr cast(Token name) {
        Expr value = expression();
        expectWord("AS");
        Token type = advance();
        if (type.kind() != Kind.IDENT) {
            throw error(type, "expected a type after AS but found " + type.describe());
        }
        expectSymbol(")");
        return new Cast(value, type.text(), type.offset(), name.offset());
    }

    private Expr caseExpression(Token start) {
        Optional<Expr> subject = peek().isWord("WHEN") ? Optional.empty() : Optional.of(expression());
        List<When> whens = new ArrayList<>();
        while (acceptWord("WHEN")) {
            Expr test = expression();
            expectWord("THEN");
            whens.add(new When(test, expression()));
        }
        if (whens.isEmpty()) {
            throw error(peek(), "CASE needs at least one WHEN, found " + peek().describe());
        }
        Optional<Expr> otherwise = acceptWord("ELSE") ? Optional.of(expression()) : Optional.empty();
        expectWord("END");
        return new Case(subject, List.copyOf(whens), otherwise, start.offset());
    }

    private Expr objectLiteral(Token start) {
        List<Member> members = new ArrayList<>();
        if (!acceptSymbol("}")) {
            do {
                Token key = advance();
                if (key.kind() != Kind.STRING && key.kind() != Kind.IDENT) {
                    throw error(key, "expected a key but found " + key.describe());
                }
                expectSymbol(":");
                members.add(new Member(key.text(), expression()));
            } while (acceptSymbol(","));
            expectSymbol("}");
        }
        return new ObjectLiteral(List.copyOf(members), start.offset());
    }

    private Expr arrayLiteral(Token start) {
        List<Expr> items = new ArrayList<>();
        if (!acceptSymbol("]")) {
            do {
                items.add(expression());
            } while (acceptSymbol(","));
            expectSymbol("]");
        }
        return new ArrayLiteral(List.copyOf(items), start.offset());
    }

    private void requireVersion(Token token, String feature) {
        if (!version.since2016()) {
            throw error(token, feature + " need SQL version 2016-03-23 (this rule uses " + version.id() + ")");
        }
    }

    /** An Int, or a Decimal (SQL 2016-03-23 reads whole-number decimals such as {@code 10.0} as Int). */
    private Object number(Token token) {
        String text = token.text();
        boolean decimal = text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0;
        try {
            if (!decimal) {
                return text.length() < 19 ? (Object) Long.parseLong(text) : Values.normalizeInt(new BigInteger(text));
            }
            BigDecimal value = new BigDecimal(text);
            return version.since2016() ? Values.wholeNumberAsInt(value) : value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(token, "invalid number " + text);
        }
    }
}
