package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code cast(value AS type)} ("Functions", cast): the standard conversions plus numbers to and from Booleans. The
 * type keywords String, Nvarchar, Text, Ntext, varchar, Int, Integer and Double exist in both SQL versions; Decimal,
 * Bool and Boolean only in 2016-03-23.
 */
final class Casts {
    enum Target {
        STRING,
        INT,
        DOUBLE,
        DECIMAL,
        BOOLEAN
    }

    private Casts() {}

    static Optional<Target> target(String keyword, SqlVersion version) {
        Target target = switch (keyword.toLowerCase(Locale.ROOT)) {
            case "string", "nvarchar", "text", "ntext", "varchar" -> Target.STRING;
            case "int", "integer" -> Target.INT;
            case "double" -> Target.DOUBLE;
            case "decimal" -> version.since2016() ? Target.DECIMAL : null;
            case "bool", "boolean" -> version.since2016() ? Target.BOOLEAN : null;
            default -> null;
        };
        return Optional.ofNullable(target);
    }

    static Object cast(Object value, Target target, SqlVersion version) {
        return switch (target) {
            case STRING -> {
                String s = Values.toStringOrNull(value);
                yield s == null ? UNDEFINED : s;
            }
            case INT -> toInt(value);
            case DOUBLE -> toDouble(value);
            case DECIMAL -> toDecimal(value, version);
            case BOOLEAN -> toBoolean(value);
        };
    }

    /** Int as it is; Decimals and numeric Strings rounded down; true 1, false 0. */
    private static Object toInt(Object v) {
        if (Values.isInt(v)) {
            return v;
        } else if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        } else if (v instanceof Double d && !Double.isFinite(d)) {
            return UNDEFINED;
        } else if (v instanceof BigDecimal || v instanceof Double || v instanceof String) {
            BigDecimal d = Values.decimalOrNull(v);
            return d == null
                    ? UNDEFINED
                    : Values.normalizeInt(d.setScale(0, RoundingMode.FLOOR).toBigInteger());
        }
        return UNDEFINED;
    }

    private static Object toDouble(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        } else if (Values.isNumber(v) || v instanceof String) {
            Object d = Values.toDecimal(v);
            return d instanceof BigDecimal b ? (Object) b.doubleValue() : d;
        }
        return UNDEFINED;
    }

    /** As "Cast to decimal"; SQL 2016-03-23 gives whole numbers back as Int. */
    private static Object toDecimal(Object v, SqlVersion version) {
        BigDecimal d;
        if (v instanceof Boolean b) {
            d = b ? BigDecimal.ONE.setScale(1) : BigDecimal.ZERO.setScale(1);
        } else if (v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal || v instanceof String) {
            d = Values.decimalOrNull(v);
        } else if (v instanceof Double x) {
            if (!Double.isFinite(x)) {
                return v;
            }
            d = BigDecimal.valueOf(x);
        } else {
            return UNDEFINED;
        }
        if (d == null) {
            return UNDEFINED;
        }
        return version.since2016() ? Values.wholeNumberAsInt(d) : d;
    }

    /** Numbers: zero is false, anything else true; Strings "true"/"false" in any case. */
    private static Object toBoolean(Object v) {
        if (v instanceof Boolean) {
            return v;
        } else if (v instanceof Long l) {
            return l != 0;
        } else if (v instanceof BigInteger i) {
            return i.signum() != 0;
        } else if (v instanceof BigDecimal d) {
            return d.signum() != 0;
        } else if (v instanceof Double d) {
            return d != 0;
        }
        Boolean b = Values.toBooleanOrNull(v);
        return b == null ? UNDEFINED : b;
    }
}
