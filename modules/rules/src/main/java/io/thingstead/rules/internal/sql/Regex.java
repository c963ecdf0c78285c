package io.thingstead.rules.internal.sql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions for {@code regexp_matches}, {@code regexp_replace} and {@code regexp_substr}. Patterns written
 * as literals are compiled once with the statement; others are cached. A pattern runs against device data, so each
 * evaluation has a budget of character reads: a pattern that backtracks catastrophically fails that message (to the
 * error action) instead of holding a worker thread.
 */
final class Regex {
    /** Character reads one evaluation may spend on regular expressions (a few milliseconds of matching). */
    static final long STEPS_PER_EVALUATION = 2_000_000;

    private static final int CACHE_LIMIT = 256;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Regex() {}

    /** The compiled pattern, or null when it is not a valid regular expression (the function is then Undefined). */
    static Pattern compile(String pattern) {
        Pattern cached = CACHE.get(pattern);
        if (cached != null) {
            return cached;
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException | StackOverflowError invalid) {
            return null;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(pattern, compiled);
        return compiled;
    }

    /** {@code text} as the matcher should see it: every character read counts against the evaluation's budget. */
    static CharSequence budgeted(Ctx ctx, String text) {
        return new Budgeted(ctx, text, 0, text.length());
    }

    private record Budgeted(Ctx ctx, String text, int start, int end) implements CharSequence {
        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            if (--ctx.regexSteps < 0) {
                throw new SqlEvaluationException(
                        "a regular expression exceeded its evaluation budget (catastrophic backtracking?)");
            }
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new Budgeted(ctx, text, start + from, start + to);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
    }
}
