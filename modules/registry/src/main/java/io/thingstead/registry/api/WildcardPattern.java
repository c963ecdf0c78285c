package io.thingstead.registry.api;

import java.util.BitSet;
import java.util.Objects;

/**
 * A query value containing the wildcards {@code *} (any run of characters, possibly empty) and {@code ?} (exactly one
 * character), e.g. {@code my*} or {@code ab?}. Characters the user escaped ({@code \*}) are literal. Immutable.
 */
public final class WildcardPattern {
    private static final char ANY = '*';
    private static final char ONE = '?';

    private final String chars;
    private final BitSet wildcards;

    private WildcardPattern(String chars, BitSet wildcards) {
        this.chars = chars;
        this.wildcards = wildcards;
    }

    /** Builds a pattern character by character. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the query syntax of a pattern: unescaped {@code *} and {@code ?} are wildcards, a backslash makes the
     * next character literal. For tests and for providers; the query parser builds patterns itself.
     */
    public static WildcardPattern parse(String text) {
        Builder builder = builder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                builder.literal(text.charAt(++i));
            } else if (c == ANY) {
                builder.anyChars();
            } else if (c == ONE) {
                builder.oneChar();
            } else {
                builder.literal(c);
            }
        }
        return builder.build();
    }

    /** True when the pattern has at least one wildcard; a pattern without any is an exact value. */
    public boolean hasWildcards() {
        return !wildcards.isEmpty();
    }

    /** True for a leading wildcard ({@code *xyz}, {@code ?yz}), which AWS limits to one term per query. */
    public boolean startsWithWildcard() {
        return wildcards.get(0);
    }

    /** True when the pattern is only {@code *}s, i.e. it matches every value (a field-exists query). */
    public boolean matchesEverything() {
        if (chars.isEmpty()) {
            return false;
        }
        for (int i = 0; i < chars.length(); i++) {
            if (!wildcards.get(i) || chars.charAt(i) != ANY) {
                return false;
            }
        }
        return true;
    }

    /** The literal characters before the first wildcard ({@code sens} for {@code sens*r?}); empty for {@code *x}. */
    public String literalPrefix() {
        int first = wildcards.nextSetBit(0);
        return first < 0 ? chars : chars.substring(0, first);
    }

    /** The literal (non-wildcard) characters, in order. */
    public String literalCharacters() {
        StringBuilder out = new StringBuilder(chars.length());
        for (int i = 0; i < chars.length(); i++) {
            if (!wildcards.get(i)) {
                out.append(chars.charAt(i));
            }
        }
        return out.toString();
    }

    /**
     * The pattern for SQL {@code LIKE ... ESCAPE '\'}: {@code *} becomes {@code %}, {@code ?} becomes {@code _}, and
     * the literal characters {@code %}, {@code _} and {@code \} are escaped with a backslash.
     */
    public String toLikePattern() {
        StringBuilder out = new StringBuilder(chars.length() + 8);
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (wildcards.get(i)) {
                out.append(c == ANY ? '%' : '_');
            } else {
                if (c == '%' || c == '_' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The pattern in query syntax: literal characters that the query language would read as syntax (wildcards, white
     * space, brackets, quotes, {@code : < > \\ ~ ^ /}, an operator character or word at the start) are escaped with a
     * backslash, so parsing the result gives this pattern back.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(chars.length() + 8);
        boolean operatorWord = !hasWildcards()
                && (chars.equals("AND") || chars.equals("OR") || chars.equals("NOT") || chars.equals("TO"));
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (!wildcards.get(i) && (needsEscape(c, i == 0) || (i == 0 && operatorWord))) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean needsEscape(char c, boolean first) {
        if (Character.isWhitespace(c)) {
            return true;
        }
        return switch (c) {
            case ANY, ONE, '\\', '(', ')', '[', ']', '{', '}', ':', '"', '<', '>', '~', '^', '/' -> true;
            case '-', '+', '!', '&', '|' -> first;
            default -> false;
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WildcardPattern that && chars.equals(that.chars) && wildcards.equals(that.wildcards);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chars, wildcards);
    }

    /** Accumulates the characters of a pattern. */
    public static final class Builder {
        private final StringBuilder chars = new StringBuilder();
        private final BitSet wildcards = new BitSet();

        private Builder() {}

        public Builder literal(char c) {
            chars.append(c);
            return this;
        }

        public Builder literal(String text) {
            chars.append(text);
            return this;
        }

        public Builder anyChars() {
            wildcards.set(chars.length());
            chars.append(ANY);
            return this;
        }

        public Builder oneChar() {
            wildcards.set(chars.length());
            chars.append(ONE);
            return this;
        }

        public WildcardPattern build() {
            return new WildcardPattern(chars.toString(), (BitSet) wildcards.clone());
        }
    }
}
