package io.thingstead.rules.internal.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The IoT SQL value model and the standard conversions of the AWS IoT SQL reference ("Data types", "Conversions").
 *
 * <p>Values are plain Java objects, so that a field read from a payload costs no wrapper: {@code Int} is {@link Long}
 * (or {@link BigInteger} past 64 bits), {@code Decimal} is {@link BigDecimal} (34 digits, {@code DECIMAL128}) or
 * {@link Double} for the results AWS computes "with double precision" (trigonometry, {@code power}, {@code cast(x as
 * Double)}), {@code Boolean} is {@link Boolean}, {@code String} is {@link String}, {@code Array} is {@link List},
 * {@code Object} is {@link Map} (insertion ordered), and {@link #NULL} and {@link #UNDEFINED} are the two markers. A
 * payload that is not a JSON object is a {@link Binary} when referenced as {@code *}.
 */
final class Values {
    /** Not a value: a missing key, a failed conversion, a function given arguments it cannot use. */
    static final Object UNDEFINED = Marker.UNDEFINED;
    /** JSON {@code null}. */
    static final Object NULL = Marker.NULL;

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    enum Marker {
        UNDEFINED,
        NULL
    }

    /** The raw bytes of a payload that is not a JSON object ({@code *} of a binary payload). */
    record Binary(byte[] bytes) {
        String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Binary that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[" + bytes.length + " bytes]";
        }
    }

    private Values() {}

    static boolean isUndefined(Object v) {
        return v == UNDEFINED;
    }

    static boolean isInt(Object v) {
        return v instanceof Long || v instanceof BigInteger;
    }

    static boolean isDecimal(Object v) {
        return v instanceof BigDecimal || v instanceof Double;
    }

    static boolean isNumber(Object v) {
        return isInt(v) || isDecimal(v);
    }

    /** The IoT SQL type name of a value, as the reference spells it (for error messages and tests). */
    static String typeName(Object v) {
        if (v == UNDEFINED) {
            return "Undefined";
        } else if (v == NULL) {
            return "Null";
        } else if (isInt(v)) {
            return "Int";
        } else if (isDecimal(v)) {
            return "Decimal";
        } else if (v instanceof Boolean) {
            return "Boolean";
        } else if (v instanceof String) {
            return "String";
        } else if (v instanceof List) {
            return "Array";
        } else if (v instanceof Map) {
            return "Object";
        } else if (v instanceof Binary) {
            return "Binary";
        }
        throw new IllegalStateException("not an IoT SQL value: " + v.getClass());
    }

    /** An Int from a BigInteger, as a Long when it fits. */
    static Object normalizeInt(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /**
     * SQL version 2016-03-23 processes whole-number decimals ({@code 10.0}) as Int ("Data types": Decimal); version
     * 2015-10-08 keeps them Decimal.
     */
    static Object wholeNumberAsInt(BigDecimal value) {
        if (value.scale() <= 0) {
            return toBigIntegerIfWhole(value);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() <= 0 ? toBigIntegerIfWhole(stripped) : value;
    }

    private static Object toBigIntegerIfWhole(BigDecimal value) {
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            return value.longValueExact();
        }
        return value.precision() - value.scale() <= 34 ? value.toBigIntegerExact() : value;
    }

    // ---- "To decimal" -------------------------------------------------------------------------------------------

    /**
     * The "To decimal" conversion: Int and Decimal as they are (as a BigDecimal or a Double), a String matching
     * {@code ^-?\d+(\.\d+)?((?i)E-?\d+)?$} parsed, Null as {@link #NULL}, everything else {@link #UNDEFINED}.
     */
    static Object toDecimal(Object v) {
        if (v instanceof BigDecimal || v instanceof Double) {
            return v;
        } else if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        } else if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        } else if (v instanceof String s) {
            BigDecimal parsed = parseDecimal(s);
            return parsed == null ? UNDEFINED : parsed;
        } else if (v == NULL) {
            return NULL;
        }
        return UNDEFINED;
    }

    /** A String as a Decimal, or null when it does not match the reference's pattern. */
    static BigDecimal parseDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digits) {
            return null;
        }
        if (i < n && s.charAt(i) == '.') {
            int fraction = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == fraction) {
                return null;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && s.charAt(i) == '-') {
                i++;
            }
            int exponent = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exponent || i - exponent > 9) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A number (Int or Decimal, or a numeric String) as a BigDecimal, or null; NaN and infinities give null. */
    static BigDecimal decimalOrNull(Object v) {
        Object d = toDecimal(v);
        if (d instanceof BigDecimal b) {
            return b;
        } else if (d instanceof Double x && Double.isFinite(x)) {
            return BigDecimal.valueOf(x);
        }
        return null;
    }

    /** A number or numeric String as a double (for the functions AWS computes with double precision), or NaN. */
    static double doubleOrNaN(Object v) {
        Object d = toDecimal(v);
        if (d instanceof BigDecimal b) {
            return b.doubleValue();
        } else if (d instanceof Double x) {
            return x;
        }
        return Double.NaN;
    }

    // ---- "To int" -----------------------------------------------------------------------------------------------

    /**
     * An Int argument "rounded down to the nearest Int" as the functions with Int parameters describe it (floor), or
     * null when the value is not a number or numeric String, or does not fit in a long.
     */
    static Long flooredLongOrNull(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        BigDecimal d = decimalOrNull(v);
        if (d == null) {
            return null;
        }
        BigDecimal floor = d.setScale(0, RoundingMode.FLOOR);
        if (floor.compareTo(LONG_MIN) < 0 || floor.compareTo(LONG_MAX) > 0) {
            return null;
        }
        return floor.longValue();
    }

    // ---- "To Boolean" -------------------------------------------------------------------------------------------

    /** "To Boolean": a Boolean, or the strings "true"/"false" in any case; otherwise null (Undefined). */
    static Boolean toBooleanOrNull(Object v) {
        if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof String s) {
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            } else if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    // ---- "To string" --------------------------------------------------------------------------------------------

    /**
     * "To string": Int in standard notation, Decimal possibly in scientific notation, Boolean lowercase, Array and
     * Object serialized to JSON; Null and Undefined give null (Undefined). The raw bytes of a binary payload are read
     * as UTF-8.
     */
    static String toStringOrNull(Object v) {
        if (v instanceof String s) {
            return s;
        } else if (v instanceof Long || v instanceof BigInteger || v instanceof Boolean) {
            return v.toString();
        } else if (v instanceof BigDecimal b) {
            return b.toString();
        } else if (v instanceof Double d) {
            return d.toString();
        } else if (v instanceof List || v instanceof Map) {
            return JsonOut.toJson(v);
        } else if (v instanceof Binary b) {
            return b.utf8();
        }
        return null;
    }

    /** A value written on its own, as a substitution template does: Undefined is the empty string. */
    static String render(Object v) {
        if (v == UNDEFINED) {
            return "";
        } else if (v == NULL) {
            return "null";
        }
        String s = toStringOrNull(v);
        return s == null ? "" : s;
    }

    // ---- comparisons --------------------------------------------------------------------------------------------

    /**
     * The {@code =} operator: Undefined on either side gives Undefined; numbers compare by value (Int converted to
     * Decimal); Strings, Booleans, Arrays (same items in the same order) and Objects (same keys and values) compare by
     * content; Null equals Null; mismatched types are not equal.
     */
    static Object sqlEquals(Object a, Object b) {
        if (a == UNDEFINED || b == UNDEFINED) {
            return UNDEFINED;
        }
        return same(a, b);
    }

    /** The {@code <>} operator: the negation of {@code =}, Undefined stays Undefined. */
    static Object sqlNotEquals(Object a, Object b) {
        if (a == UNDEFINED || b == UNDEFINED) {
            return UNDEFINED;
        }
        return !same(a, b);
    }

    /** Deep equality under the {@code =} rules (Undefined never equals anything, not even Undefined). */
    static boolean same(Object a, Object b) {
        if (a == UNDEFINED || b == UNDEFINED) {
            return false;
        }
        if (a == b) {
            return true;
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                return x.longValue() == y.longValue();
            }
            Integer c = compareNumbers(a, b);
            return c != null && c == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object other = y.get(e.getKey());
                if (other == null || !same(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * The ordering operators: both operands converted to Decimal (Strings that parse), compared; otherwise null
     * (Undefined).
     */
    static Integer compareForOrdering(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (!(isNumber(a) || a instanceof String) || !(isNumber(b) || b instanceof String)) {
            return null;
        }
        return compareNumbers(toDecimal(a), toDecimal(b));
    }

    /** Compares two numbers (Int or Decimal); null when either is not a number or is NaN. */
    static Integer compareNumbers(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x.isNaN() || y.isNaN() ? null : Double.compare(x, y);
        }
        if (a instanceof Double x && !Double.isFinite(x)) {
            return x.isNaN() || !isNumber(b) ? null : (x > 0 ? 1 : -1);
        }
        if (b instanceof Double y && !Double.isFinite(y)) {
            return y.isNaN() || !isNumber(a) ? null : (y > 0 ? -1 : 1);
        }
        BigDecimal x = exactDecimal(a);
        BigDecimal y = exactDecimal(b);
        if (x == null || y == null) {
            return null;
        }
        return x.compareTo(y);
    }

    private static BigDecimal exactDecimal(Object v) {
        if (v instanceof BigDecimal b) {
            return b;
        } else if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        } else if (v instanceof BigInteger i) {
            return new BigDecimal(i);
        } else if (v instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return null;
    }
}
