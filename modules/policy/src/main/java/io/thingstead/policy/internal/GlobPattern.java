package io.thingstead.policy.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled IAM wildcard pattern: {@code *} matches any run of characters (including none), {@code ?} exactly one.
 * Which characters are wildcards is decided when the pattern is built (a {@code *} that came from {@code ${*}} or from a
 * substituted variable is an ordinary character), so the matcher never re-reads policy syntax.
 *
 * <p>The pattern is split at its stars into fixed-length parts. The first part is anchored at the start, the last at
 * the end, and each middle part is matched at its leftmost possible position, which is optimal for this kind of
 * pattern: no backtracking, no regular expressions, no allocation while matching. Runs of stars collapse into one, so
 * {@code "****...*"} costs the same as {@code "*"}.
 */
final class GlobPattern {
    private static final GlobPattern MATCH_ALL =
            new GlobPattern(new char[][] {{}, {}}, new boolean[][] {null, null}, false);

    /** The fixed parts between stars; one part means there is no star at all. */
    private final char[][] parts;
    /** Per part, which positions hold a {@code ?} wildcard; {@code null} when the part has none. */
    private final boolean[][] anyChar;

    private final boolean ignoreCase;
    private final int minLength;

    private GlobPattern(char[][] parts, boolean[][] anyChar, boolean ignoreCase) {
        this.parts = parts;
        this.anyChar = anyChar;
        this.ignoreCase = ignoreCase;
        int length = 0;
        for (char[] part : parts) {
            length += part.length;
        }
        this.minLength = length;
    }

    /** The pattern {@code *}. */
    static GlobPattern matchAll() {
        return MATCH_ALL;
    }

    /** A pattern in which {@code *} and {@code ?} are wildcards. */
    static GlobPattern wildcard(String text, boolean ignoreCase) {
        return compile(text.toCharArray(), null, true, ignoreCase);
    }

    /** A pattern that matches {@code text} exactly (no character is a wildcard). */
    static GlobPattern literal(String text, boolean ignoreCase) {
        return compile(text.toCharArray(), null, false, ignoreCase);
    }

    /**
     * Builds a pattern from characters and a parallel mask telling which of them are wildcards.
     *
     * @param wild {@code wild[i]} is true when {@code chars[i]} is a wildcard (only {@code *} and {@code ?} can be);
     *     {@code null} means "every {@code *} and {@code ?} is a wildcard" when {@code allWild} is true, none otherwise
     */
    static GlobPattern compile(char[] chars, boolean[] wild, boolean allWild, boolean ignoreCase) {
        List<char[]> parts = new ArrayList<>();
        List<boolean[]> masks = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        List<Integer> anyPositions = new ArrayList<>();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            boolean isWild = wild == null ? allWild && (c == '*' || c == '?') : wild[i];
            if (isWild && c == '*') {
                parts.add(part.toString().toCharArray());
                masks.add(mask(part.length(), anyPositions));
                part.setLength(0);
                anyPositions.clear();
                while (i + 1 < chars.length && chars[i + 1] == '*' && (wild == null ? allWild : wild[i + 1])) {
                    i++;
                }
            } else {
                if (isWild) {
                    anyPositions.add(part.length());
                }
                part.append(c);
            }
        }
        parts.add(part.toString().toCharArray());
        masks.add(mask(part.length(), anyPositions));
        if (parts.size() == 2 && parts.get(0).length == 0 && parts.get(1).length == 0) {
            return MATCH_ALL;
        }
        return new GlobPattern(parts.toArray(new char[0][]), masks.toArray(new boolean[0][]), ignoreCase);
    }

    private static boolean[] mask(int length, List<Integer> anyPositions) {
        if (anyPositions.isEmpty()) {
            return null;
        }
        boolean[] mask = new boolean[length];
        for (int position : anyPositions) {
            mask[position] = true;
        }
        return mask;
    }

    /** True when the pattern has no wildcard: it matches exactly one string. */
    boolean isLiteral() {
        return parts.length == 1 && anyChar[0] == null;
    }

    /** True for the pattern {@code *}, which matches everything. */
    boolean isMatchAll() {
        return parts.length == 2 && parts[0].length == 0 && parts[1].length == 0;
    }

    boolean matches(CharSequence text) {
        return matches(text, 0, text.length());
    }

    /**
     * True when every string that starts with {@code prefix[from, to)} matches: the pattern is a fixed first part
     * (which the prefix begins with) followed by a single {@code *}. Patterns of other shapes answer false even when
     * the answer could be true: the caller falls back to matching each string.
     */
    boolean matchesEveryExtensionOf(CharSequence prefix, int from, int to) {
        if (parts.length != 2 || parts[1].length != 0) {
            return false;
        }
        return parts[0].length <= to - from && partAt(0, prefix, from);
    }

    /**
     * False only when no string that starts with {@code prefix[from, to)} can match; true when one might (the caller
     * must then check each string).
     */
    boolean mayMatchAnExtensionOf(CharSequence prefix, int from, int to) {
        int length = to - from;
        char[] first = parts[0];
        if (parts.length == 1 && first.length < length) {
            return false; // no star: the pattern matches strings of its own length only, all shorter than the prefix
        }
        return partMatches(0, prefix, from, Math.min(first.length, length));
    }

    /** Matches the characters {@code text[from, to)} against the whole pattern. */
    boolean matches(CharSequence text, int from, int to) {
        int length = to - from;
        if (length < minLength) {
            return false;
        }
        int last = parts.length - 1;
        if (last == 0) {
            return length == parts[0].length && partAt(0, text, from);
        }
        char[] first = parts[0];
        if (!partAt(0, text, from)) {
            return false;
        }
        int tailStart = to - parts[last].length;
        if (!partAt(last, text, tailStart)) {
            return false;
        }
        int position = from + first.length;
        for (int p = 1; p < last; p++) {
            int found = find(p, text, position, tailStart);
            if (found < 0) {
                return false;
            }
            position = found + parts[p].length;
        }
        return true;
    }

    /** The leftmost index in {@code [from, limit)} where part {@code p} fits entirely before {@code limit}, or -1. */
    private int find(int p, CharSequence text, int from, int limit) {
        int lastStart = limit - parts[p].length;
        for (int start = from; start <= lastStart; start++) {
            if (partAt(p, text, start)) {
                return start;
            }
        }
        return -1;
    }

    private boolean partAt(int p, CharSequence text, int start) {
        return partMatches(p, text, start, parts[p].length);
    }

    /** Whether the first {@code count} characters of part {@code p} match {@code text} from {@code start}. */
    private boolean partMatches(int p, CharSequence text, int start, int count) {
        char[] part = parts[p];
        boolean[] any = anyChar[p];
        for (int i = 0; i < count; i++) {
            if (any != null && any[i]) {
                continue;
            }
            char expected = part[i];
            char actual = text.charAt(start + i);
            if (expected != actual && !(ignoreCase && equalsIgnoreCase(expected, actual))) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(char a, char b) {
        char upperA = Character.toUpperCase(a);
        char upperB = Character.toUpperCase(b);
        return upperA == upperB || Character.toLowerCase(upperA) == Character.toLowerCase(upperB);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < parts.length; p++) {
            if (p > 0) {
                text.append('*');
            }
            for (int i = 0; i < parts[p].length; i++) {
                text.append(anyChar[p] != null && anyChar[p][i] ? '?' : parts[p][i]);
            }
        }
        return text.toString();
    }
}
