package io.thingstead.registry.internal.search;

import io.thingstead.registry.api.WildcardPattern;

/**
 * One token of a query string.
 *
 * @param type what it is
 * @param start 0-based position of its first character
 * @param end position just after its last character
 * @param text for {@link Type#TERM} and {@link Type#QUOTED}: the value with escapes removed; otherwise the source text
 * @param pattern for a {@link Type#TERM}: its wildcard pattern (which may have no wildcards)
 * @param escaped for a {@link Type#TERM}: whether it contained a backslash escape
 */
record Token(Type type, int start, int end, String text, WildcardPattern pattern, boolean escaped) {

    enum Type {
        /** A bare word: a field name, a value, a pattern, or the range keyword {@code TO}. */
        TERM,
        /** A value in double quotes. */
        QUOTED,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        LBRACE,
        RBRACE,
        COLON,
        GT,
        GE,
        LT,
        LE,
        /** {@code AND} or {@code &&}. */
        AND,
        /** {@code OR} or {@code ||}. */
        OR,
        /** {@code NOT} or {@code !}. */
        NOT,
        /** {@code -} before a term: NOT, or the sign of a number right after {@code :}, a comparison or a range. */
        MINUS,
        EOF
    }

    static Token symbol(Type type, int start, int end, String text) {
        return new Token(type, start, end, text, null, false);
    }

    boolean is(Type other) {
        return type == other;
    }

    boolean isComparison() {
        return type == Type.GT || type == Type.GE || type == Type.LT || type == Type.LE;
    }

    /** The bare, unescaped word {@code word} (the range keyword {@code TO}, say). */
    boolean isWord(String word) {
        return type == Type.TERM && !escaped && !pattern.hasWildcards() && text.equals(word);
    }

    /** How the token reads in messages. */
    String describe() {
        return switch (type) {
            case EOF -> "the end of the query";
            case QUOTED -> "\"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
