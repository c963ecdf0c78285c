package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.InvalidQueryException;
import io.thingstead.registry.api.WildcardPattern;
import io.thingstead.registry.internal.search.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query string into {@link Token}s, following the Lucene query syntax AWS fleet indexing uses.
 *
 * <ul>
 *   <li>Words are separated by white space as {@link Character#isWhitespace(int)} defines it (AWS says so).
 *   <li>{@code ( ) [ ] { } : " < > \} always have a special meaning; to use one in a bare word, escape it with a
 *       backslash. {@code \}{@code uXXXX} is a Unicode escape. {@code *} and {@code ?} are wildcards unless escaped.
 *   <li>{@code AND}, {@code OR}, {@code NOT} (upper case only), {@code &&}, {@code ||}, and {@code !} or {@code -}
 *       before a word are operators.
 *   <li>Refused, with their position: {@code +} before a word, and unescaped {@code ~} (fuzzy search), {@code ^}
 *       (boosting) and {@code /} (regular expressions), none of which AWS supports; control characters and broken
 *       UTF-16.
 * </ul>
 */
final class QueryTokenizer {
    private final String query;
    private int pos;

    private QueryTokenizer(String query) {
        this.query = query;
    }

    /** Tokenizes {@code query}; the last token is always {@link Type#EOF}. */
    static List<Token> tokenize(String query) {
        return new QueryTokenizer(query).run();
    }

    private List<Token> run() {
        checkCharacters();
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= query.length()) {
                tokens.add(Token.symbol(Type.EOF, pos, pos, ""));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void checkCharacters() {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
                throw new InvalidQueryException(
                        i, String.format("control character U+%04X is not allowed in a query", (int) c));
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < query.length() && Character.isLowSurrogate(query.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidQueryException(i, "the query is not valid UTF-16 (unpaired surrogate)");
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidQueryException(i, "the query is not valid UTF-16 (unpaired surrogate)");
            }
        }
    }

    private void skipWhitespace() {
        while (pos < query.length() && Character.isWhitespace(query.charAt(pos))) {
            pos++;
        }
    }

    private Token next() {
        int start = pos;
        char c = query.charAt(pos);
        switch (c) {
            case '(':
                return symbol(Type.LPAREN, 1);
            case ')':
                return symbol(Type.RPAREN, 1);
            case '[':
                return symbol(Type.LBRACKET, 1);
            case ']':
                return symbol(Type.RBRACKET, 1);
            case '{':
                return symbol(Type.LBRACE, 1);
            case '}':
                return symbol(Type.RBRACE, 1);
            case ':':
                return symbol(Type.COLON, 1);
            case '>':
                return followedBy('=') ? symbol(Type.GE, 2) : symbol(Type.GT, 1);
            case '<':
                return followedBy('=') ? symbol(Type.LE, 2) : symbol(Type.LT, 1);
            case '"':
                return quoted();
            case '-':
                return symbol(Type.MINUS, 1);
            case '!':
                return symbol(Type.NOT, 1);
            case '+':
                throw new InvalidQueryException(
                        start, "'+' is not a supported operator; terms are required by default, or use AND");
            case '&':
                if (followedBy('&')) {
                    return symbol(Type.AND, 2);
                }
                return term();
            case '|':
                if (followedBy('|')) {
                    return symbol(Type.OR, 2);
                }
                return term();
            default:
                return term();
        }
    }

    private boolean followedBy(char c) {
        return pos + 1 < query.length() && query.charAt(pos + 1) == c;
    }

    private Token symbol(Type type, int length) {
        Token token = Token.symbol(type, pos, pos + length, query.substring(pos, pos + length));
        pos += length;
        return token;
    }

    private Token quoted() {
        int start = pos++;
        StringBuilder text = new StringBuilder();
        while (pos < query.length()) {
            char c = query.charAt(pos);
            if (c == '"') {
                pos++;
                return new Token(Type.QUOTED, start, pos, text.toString(), null, false);
            }
            if (c == '\\') {
                text.append(escape());
            } else {
                text.append(c);
                pos++;
            }
        }
        throw new InvalidQueryException(start, "the quoted value starting here has no closing '\"'");
    }

    private Token term() {
        int start = pos;
        StringBuilder text = new StringBuilder();
        WildcardPattern.Builder pattern = WildcardPattern.builder();
        boolean escaped = false;
        while (pos < query.length()) {
            char c = query.charAt(pos);
            if (Character.isWhitespace(c) || isDelimiter(c)) {
                break;
            }
            switch (c) {
                case '\\' -> {
                    escaped = true;
                    String literal = escape();
                    text.append(literal);
                    pattern.literal(literal);
                }
                case '*' -> {
                    text.append(c);
                    pattern.anyChars();
                    pos++;
                }
                case '?' -> {
                    text.append(c);
                    pattern.oneChar();
                    pos++;
                }
                case '~' ->
                    throw new InvalidQueryException(
                            pos,
                            "fuzzy and proximity search ('~') are not supported; escape it as '\\~' to search for it");
                case '^' ->
                    throw new InvalidQueryException(
                            pos, "boosting ('^') is not supported; escape it as '\\^' to search for it");
                case '/' ->
                    throw new InvalidQueryException(
                            pos, "regular expressions ('/') are not supported; escape it as '\\/' to search for it");
                default -> {
                    text.append(c);
                    pattern.literal(c);
                    pos++;
                }
            }
        }
        String word = text.toString();
        if (!escaped) {
            Type operator = switch (word) {
                case "AND" -> Type.AND;
                case "OR" -> Type.OR;
                case "NOT" -> Type.NOT;
                default -> null;
            };
            if (operator != null) {
                return Token.symbol(operator, start, pos, word);
            }
        }
        return new Token(Type.TERM, start, pos, word, pattern.build(), escaped);
    }

    private static boolean isDelimiter(char c) {
        return switch (c) {
            case '(', ')', '[', ']', '{', '}', ':', '"', '<', '>' -> true;
            default -> false;
        };
    }

    /** Reads the escape sequence at {@code pos} (a backslash) and returns the characters it stands for. */
    private String escape() {
        int start = pos;
        if (pos + 1 >= query.length()) {
            throw new InvalidQueryException(start, "'\\' at the end of the query escapes nothing");
        }
        char c = query.charAt(pos + 1);
        if (c != 'u') {
            int length = Character.isHighSurrogate(c) ? 2 : 1;
            pos += 1 + length;
            return query.substring(start + 1, start + 1 + length);
        }
        if (pos + 6 > query.length()) {
            throw new InvalidQueryException(start, "'\\u' must be followed by four hexadecimal digits");
        }
        int code = 0;
        for (int i = pos + 2; i < pos + 6; i++) {
            int digit = Character.digit(query.charAt(i), 16);
            if (digit < 0) {
                throw new InvalidQueryException(start, "'\\u' must be followed by four hexadecimal digits");
            }
            code = code * 16 + digit;
        }
        char decoded = (char) code;
        if ((Character.isISOControl(decoded) && !Character.isWhitespace(decoded)) || Character.isSurrogate(decoded)) {
            throw new InvalidQueryException(
                    start, String.format("the escape '\\u%04X' stands for a character not allowed in a query", code));
        }
        pos += 6;
        return String.valueOf(decoded);
    }
}
