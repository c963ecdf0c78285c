package io.thingstead.rules.internal.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits IoT SQL into tokens. Keywords are identifiers here (the parser compares them case-insensitively); strings
 * are single- or double-quoted with backslash escapes (as JSON) or a doubled quote; numbers are {@code 12}, {@code
 * 1.5}, {@code 5E-12}. Comments do not exist in AWS IoT SQL, so {@code --} is two minus signs.
 */
final class Lexer {
    enum Kind {
        IDENT,
        NUMBER,
        STRING,
        SYMBOL,
        EOF
    }

    /** A token: {@code text} is the identifier, number or symbol as written, or the decoded string value. */
    record Token(Kind kind, String text, int offset, int end) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isWord(String word) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(word);
        }

        String describe() {
            return switch (kind) {
                case EOF -> "end of statement";
                case STRING -> "string '" + text + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private static final String[] SYMBOLS = {
        "<>", "!=", "<=", ">=", "*", ",", ".", "(", ")", "[", "]", "{", "}", ":", "+", "-", "/", "%", "=", "<", ">"
    };

    private final String source;
    private final int end;

    Lexer(String source, int start, int end) {
        this.source = source;
        this.pos = start;
        this.end = end;
    }

    private int pos;

    /** Every token up to {@code end}, then one EOF token. */
    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source, 0, source.length());
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != Kind.EOF);
        return tokens;
    }

    Token next() {
        while (pos < end && Character.isWhitespace(source.charAt(pos))) {
            pos++;
        }
        if (pos >= end) {
            return new Token(Kind.EOF, "", end, end);
        }
        int start = pos;
        char c = source.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            pos++;
            while (pos < end && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
                pos++;
            }
            return new Token(Kind.IDENT, source.substring(start, pos), start, pos);
        }
        if (c >= '0' && c <= '9') {
            return number(start);
        }
        if (c == '\'' || c == '"') {
            return string(start, c);
        }
        for (String symbol : SYMBOLS) {
            if (source.startsWith(symbol, pos) && pos + symbol.length() <= end) {
                pos += symbol.length();
                return new Token(Kind.SYMBOL, symbol, start, pos);
            }
        }
        throw new SqlParseException(source, start, "unexpected character '" + printable(c) + "'");
    }

    /** The offset the next token would start at (for templates, which hand the rest back to plain text). */
    int position() {
        return pos;
    }

    /** Continues at {@code offset} (after text the parser took as it is, such as an unquoted topic filter). */
    void reset(int offset) {
        pos = offset;
    }

    private Token number(int start) {
        digits();
        if (pos + 1 < end && source.charAt(pos) == '.' && isDigit(source.charAt(pos + 1))) {
            pos++;
            digits();
        }
        if (pos < end && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < end && (source.charAt(pos) == '-' || source.charAt(pos) == '+')) {
                pos++;
            }
            if (pos < end && isDigit(source.charAt(pos))) {
                digits();
            } else {
                pos = mark;
            }
        }
        if (pos < end && (Character.isLetter(source.charAt(pos)) || source.charAt(pos) == '_')) {
            throw new SqlParseException(source, pos, "unexpected character '" + source.charAt(pos) + "' in a number");
        }
        return new Token(Kind.NUMBER, source.substring(start, pos), start, pos);
    }

    private void digits() {
        while (pos < end && isDigit(source.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token string(int start, char quote) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= end) {
                throw new SqlParseException(source, start, "unterminated string");
            }
            char c = source.charAt(pos++);
            if (c == quote) {
                if (pos < end && source.charAt(pos) == quote) {
                    value.append(quote);
                    pos++;
                    continue;
                }
                return new Token(Kind.STRING, value.toString(), start, pos);
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= end) {
                throw new SqlParseException(source, start, "unterminated string");
            }
            char escaped = source.charAt(pos++);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'u' -> value.append(unicode());
                // any other character stands for itself: \\ \' \" \/ and regular expression escapes such as \d
                default -> {
                    if (escaped != '\\' && escaped != '\'' && escaped != '"' && escaped != '/') {
                        value.append('\\');
                    }
                    value.append(escaped);
                }
            }
        }
    }

    private char unicode() {
        if (pos + 4 > end) {
            throw new SqlParseException(source, pos, "incomplete \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(source.charAt(pos + i), 16);
            if (digit < 0) {
                throw new SqlParseException(source, pos + i, "invalid \\u escape");
            }
            code = code * 16 + digit;
        }
        pos += 4;
        return (char) code;
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
