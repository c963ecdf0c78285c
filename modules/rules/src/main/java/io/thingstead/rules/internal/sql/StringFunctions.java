package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string functions of the AWS IoT SQL reference. Arguments that are not Strings go through the standard "To
 * string" conversion; Null and Undefined make the result Undefined.
 */
final class StringFunctions {
    private StringFunctions() {}

    static List<FunctionDef> all() {
        List<FunctionDef> all = new ArrayList<>(List.of(
                new FunctionDef("chr", 1, 1, false, (c, a) -> chr(a[0])),
                new FunctionDef("concat", 0, FunctionDef.ANY, false, (c, a) -> concat(a)),
                new FunctionDef("endswith", 2, 2, false, (c, a) -> strings2(a, String::endsWith)),
                new FunctionDef("startswith", 2, 2, false, (c, a) -> strings2(a, String::startsWith)),
                new FunctionDef("indexof", 2, 2, true, (c, a) -> {
                    String s = Values.toStringOrNull(a[0]);
                    String t = Values.toStringOrNull(a[1]);
                    return s == null || t == null ? UNDEFINED : (Object) (long) s.indexOf(t);
                }),
                new FunctionDef("length", 1, 1, true, (c, a) -> {
                    String s = Values.toStringOrNull(a[0]);
                    return s == null ? UNDEFINED : (Object) (long) s.codePointCount(0, s.length());
                }),
                new FunctionDef("numbytes", 1, 1, true, (c, a) -> {
                    String s = Values.toStringOrNull(a[0]);
                    return s == null ? UNDEFINED : (Object) (long) s.getBytes(StandardCharsets.UTF_8).length;
                }),
                string1("lower", s -> s.toLowerCase(Locale.ROOT)),
                string1("upper", s -> s.toUpperCase(Locale.ROOT)),
                string1("trim", String::strip),
                string1("ltrim", String::stripLeading),
                string1("rtrim", String::stripTrailing),
                new FunctionDef("lpad", 2, 2, false, (c, a) -> pad(a[0], a[1], true)),
                new FunctionDef("rpad", 2, 2, false, (c, a) -> pad(a[0], a[1], false)),
                new FunctionDef("replace", 3, 3, false, (c, a) -> {
                    String s = Values.toStringOrNull(a[0]);
                    String from = Values.toStringOrNull(a[1]);
                    String to = Values.toStringOrNull(a[2]);
                    return s == null || from == null || to == null ? UNDEFINED : s.replace(from, to);
                }),
                new FunctionDef("substring", 2, 3, false, (c, a) -> substring(a)),
                new FunctionDef("regexp_matches", 2, 2, false, (c, a) -> regexpMatches(c, a[0], pattern(a[1]))),
                new FunctionDef("regexp_replace", 3, 3, false, (c, a) -> regexpReplace(c, a[0], pattern(a[1]), a[2])),
                new FunctionDef("regexp_substr", 2, 2, false, (c, a) -> regexpSubstr(c, a[0], pattern(a[1])))));
        for (String[] hash : new String[][] {
            {"md2", "MD2"},
            {"md5", "MD5"},
            {"sha1", "SHA-1"},
            {"sha224", "SHA-224"},
            {"sha256", "SHA-256"},
            {"sha384", "SHA-384"},
            {"sha512", "SHA-512"}
        }) {
            all.add(hash(hash[0], hash[1]));
        }
        return List.copyOf(all);
    }

    private static FunctionDef string1(String name, UnaryOperator<String> f) {
        return new FunctionDef(name, 1, 1, false, (c, a) -> {
            String s = Values.toStringOrNull(a[0]);
            return s == null ? UNDEFINED : f.apply(s);
        });
    }

    private interface StringPredicate {
        boolean test(String a, String b);
    }

    private static Object strings2(Object[] a, StringPredicate f) {
        String s = Values.toStringOrNull(a[0]);
        String t = Values.toStringOrNull(a[1]);
        return s == null || t == null ? UNDEFINED : (Object) f.test(s, t);
    }

    /** The ASCII character of an Int (Decimals and numeric Strings rounded down); Undefined outside 0-127. */
    private static Object chr(Object v) {
        if (!Values.isNumber(v) && !(v instanceof String)) {
            return UNDEFINED;
        }
        Long code = Values.flooredLongOrNull(v);
        return code == null || code < 0 || code > 127 ? UNDEFINED : String.valueOf((char) (long) code);
    }

    /**
     * No arguments: Undefined. One: the argument itself (as a String unless it is an Array). More: one Array when any
     * argument is an Array (arrays spread, other values appended), else the concatenated String conversions.
     */
    static Object concat(Object[] args) {
        if (args.length == 0) {
            return UNDEFINED;
        }
        for (Object arg : args) {
            if (arg == UNDEFINED) {
                return UNDEFINED;
            }
        }
        if (args.length == 1) {
            if (args[0] instanceof List) {
                return args[0];
            }
            String s = Values.toStringOrNull(args[0]);
            return s == null ? UNDEFINED : s;
        }
        boolean anyArray = false;
        for (Object arg : args) {
            anyArray |= arg instanceof List;
        }
        if (anyArray) {
            List<Object> result = new ArrayList<>();
            for (Object arg : args) {
                if (arg instanceof List<?> list) {
                    result.addAll(list);
                } else {
                    result.add(arg);
                }
            }
            return result;
        }
        StringBuilder result = new StringBuilder();
        for (Object arg : args) {
            String s = Values.toStringOrNull(arg);
            if (s == null) {
                return UNDEFINED;
            }
            result.append(s);
        }
        return result.toString();
    }

    /** Pads with 0 to 1000 spaces (the count rounded down and clamped). */
    private static Object pad(Object value, Object count, boolean left) {
        String s = Values.toStringOrNull(value);
        if (s == null || !(Values.isNumber(count) || count instanceof String)) {
            return UNDEFINED;
        }
        BigDecimal n = Values.decimalOrNull(count);
        if (n == null) {
            return UNDEFINED;
        }
        int spaces = clamp(n, 0, 1000);
        return left ? " ".repeat(spaces) + s : s + " ".repeat(spaces);
    }

    /** substring(String, Int[, Int]): indices rounded down and clamped to 0..length; empty when start >= end. */
    private static Object substring(Object[] a) {
        String s = Values.toStringOrNull(a[0]);
        if (s == null) {
            return UNDEFINED;
        }
        BigDecimal from = index(a[1]);
        BigDecimal to = a.length > 2 ? index(a[2]) : BigDecimal.valueOf(s.length());
        if (from == null || to == null) {
            return UNDEFINED;
        }
        int start = clamp(from, 0, s.length());
        int end = clamp(to, 0, s.length());
        return start >= end ? "" : s.substring(start, end);
    }

    private static BigDecimal index(Object v) {
        return Values.isNumber(v) || v instanceof String ? Values.decimalOrNull(v) : null;
    }

    private static int clamp(BigDecimal value, int min, int max) {
        BigDecimal floor = value.setScale(0, RoundingMode.FLOOR);
        if (floor.compareTo(BigDecimal.valueOf(min)) < 0) {
            return min;
        }
        if (floor.compareTo(BigDecimal.valueOf(max)) > 0) {
            return max;
        }
        return floor.intValue();
    }

    /** The pattern argument: converted to a String and compiled; null when it is not a valid regular expression. */
    static Pattern pattern(Object v) {
        String s = Values.toStringOrNull(v);
        return s == null ? null : Regex.compile(s);
    }

    static Object regexpMatches(Ctx ctx, Object value, Pattern pattern) {
        String s = Values.toStringOrNull(value);
        if (s == null || pattern == null) {
            return UNDEFINED;
        }
        return pattern.matcher(Regex.budgeted(ctx, s)).find();
    }

    static Object regexpReplace(Ctx ctx, Object value, Pattern pattern, Object replacement) {
        String s = Values.toStringOrNull(value);
        String with = Values.toStringOrNull(replacement);
        if (s == null || pattern == null || with == null) {
            return UNDEFINED;
        }
        try {
            return pattern.matcher(Regex.budgeted(ctx, s)).replaceAll(with);
        } catch (IllegalArgumentException | IndexOutOfBoundsException invalidReplacement) {
            return UNDEFINED;
        }
    }

    /** The first match, or Undefined when there is none. */
    static Object regexpSubstr(Ctx ctx, Object value, Pattern pattern) {
        String s = Values.toStringOrNull(value);
        if (s == null || pattern == null) {
            return UNDEFINED;
        }
        Matcher matcher = pattern.matcher(Regex.budgeted(ctx, s));
        return matcher.find() ? matcher.group() : UNDEFINED;
    }

    private static FunctionDef hash(String name, String algorithm) {
        try {
            MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("the JDK has no " + algorithm, missing);
        }
        return new FunctionDef(name, 1, 1, false, (c, a) -> {
            String s = Values.toStringOrNull(a[0]);
            if (s == null) {
                return UNDEFINED;
            }
            try {
                MessageDigest digest = MessageDigest.getInstance(algorithm);
                return HexFormat.of().formatHex(digest.digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException checkedAbove) {
                throw new IllegalStateException(checkedAbove);
            }
        });
    }
}
