package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;

/** The numeric functions of the AWS IoT SQL reference ("Functions"), each following its argument-type table. */
final class MathFunctions {
    private MathFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                new FunctionDef("abs", 1, 1, false, (c, a) -> abs(a[0])),
                doubleFunction("acos", Math::acos),
                doubleFunction("asin", Math::asin),
                doubleFunction("atan", Math::atan),
                new FunctionDef("atan2", 2, 2, false, (c, a) -> doubles(a[0], a[1], Math::atan2)),
                bitwise("bitand", (x, y) -> x & y),
                bitwise("bitor", (x, y) -> x | y),
                bitwise("bitxor", (x, y) -> x ^ y),
                new FunctionDef("bitnot", 1, 1, false, (c, a) -> {
                    Long x = Values.flooredLongOrNull(a[0]);
                    return x == null ? UNDEFINED : (Object) ~x;
                }),
                new FunctionDef("ceil", 1, 1, false, (c, a) -> rounded(a[0], RoundingMode.CEILING)),
                doubleFunction("cos", Math::cos),
                doubleFunction("cosh", Math::cosh),
                doubleFunction("exp", Math::exp),
                new FunctionDef("floor", 1, 1, false, (c, a) -> rounded(a[0], RoundingMode.FLOOR)),
                doubleFunction("ln", Math::log),
                doubleFunction("log", Math::log10),
                new FunctionDef("mod", 2, 2, false, (c, a) -> Arithmetic.apply(Arithmetic.Op.REMAINDER, a[0], a[1])),
                new FunctionDef(
                        "remainder", 2, 2, false, (c, a) -> Arithmetic.apply(Arithmetic.Op.REMAINDER, a[0], a[1])),
                new FunctionDef("nanvl", 2, 2, false, (c, a) -> nanvl(a[0], a[1])),
                new FunctionDef("power", 2, 2, false, (c, a) -> doubles(a[0], a[1], Math::pow)),
                new FunctionDef(
                        "rand",
                        0,
                        0,
                        false,
                        (c, a) -> ThreadLocalRandom.current().nextDouble()),
                new FunctionDef("round", 1, 1, false, (c, a) -> rounded(a[0], RoundingMode.HALF_UP)),
                new FunctionDef("sign", 1, 1, false, (c, a) -> sign(a[0])),
                doubleFunction("sin", Math::sin),
                doubleFunction("sinh", Math::sinh),
                doubleFunction("sqrt", Math::sqrt),
                doubleFunction("tan", Math::tan),
                doubleFunction("tanh", Math::tanh),
                new FunctionDef("trunc", 2, 2, false, (c, a) -> trunc(a[0], a[1])));
    }

    /** Int stays Int, Decimal stays Decimal, a numeric String becomes a Decimal; anything else is Undefined. */
    static Object abs(Object v) {
        if (v instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : (Object) Math.abs(l);
        } else if (v instanceof BigInteger i) {
            return i.abs();
        } else if (v instanceof Double d) {
            return Math.abs(d);
        } else if (v instanceof BigDecimal || v instanceof String) {
            BigDecimal d = Values.decimalOrNull(v);
            return d == null ? UNDEFINED : d.abs();
        }
        return UNDEFINED;
    }

    /** "Decimal arguments are rounded to double precision before function application"; NaN results are Undefined. */
    private static FunctionDef doubleFunction(String name, DoubleUnaryOperator f) {
        return new FunctionDef(name, 1, 1, false, (c, a) -> {
            if (!numberOrString(a[0])) {
                return UNDEFINED;
            }
            double x = Values.doubleOrNaN(a[0]);
            if (Double.isNaN(x)) {
                return UNDEFINED;
            }
            double result = f.applyAsDouble(x);
            return Double.isNaN(result) ? UNDEFINED : (Object) result;
        });
    }

    private static Object doubles(Object a, Object b, DoubleBinaryOperator f) {
        if (!numberOrString(a) || !numberOrString(b)) {
            return UNDEFINED;
        }
        double x = Values.doubleOrNaN(a);
        double y = Values.doubleOrNaN(b);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return UNDEFINED;
        }
        double result = f.applyAsDouble(x, y);
        return Double.isNaN(result) ? UNDEFINED : (Object) result;
    }

    private static boolean numberOrString(Object v) {
        return Values.isNumber(v) || v instanceof String;
    }

    /** Both arguments rounded down to Ints (Strings through Decimal); anything else Undefined. */
    private static FunctionDef bitwise(String name, LongBinaryOperator f) {
        return new FunctionDef(name, 2, 2, false, (c, a) -> {
            Long x = Values.flooredLongOrNull(a[0]);
            Long y = Values.flooredLongOrNull(a[1]);
            return x == null || y == null ? UNDEFINED : (Object) f.applyAsLong(x, y);
        });
    }

    /** ceil, floor and round: an Int from an Int, a Decimal or a numeric String; Undefined otherwise. */
    static Object rounded(Object v, RoundingMode mode) {
        if (Values.isInt(v)) {
            return v;
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return UNDEFINED;
            }
            v = BigDecimal.valueOf(d);
        }
        if (!(v instanceof BigDecimal) && !(v instanceof String)) {
            return UNDEFINED;
        }
        BigDecimal d = Values.decimalOrNull(v);
        if (d == null) {
            return UNDEFINED;
        }
        try {
            return Values.normalizeInt(d.setScale(0, mode).toBigIntegerExact());
        } catch (ArithmeticException tooLarge) {
            return UNDEFINED;
        }
    }

    private static Object sign(Object v) {
        if (v instanceof Long l) {
            return (long) Long.signum(l);
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) ? UNDEFINED : (Object) (long) Math.signum(d);
        }
        if (!Values.isNumber(v) && !(v instanceof String)) {
            return UNDEFINED;
        }
        BigDecimal d = Values.decimalOrNull(v);
        return d == null ? UNDEFINED : (Object) (long) d.signum();
    }

    /** Returns the second argument when the first is Undefined, Null or NaN. */
    private static Object nanvl(Object a, Object b) {
        if (a == UNDEFINED || a == Values.NULL || (a instanceof Double d && d.isNaN())) {
            return b;
        }
        return a;
    }

    /** Truncates to 0..34 decimal places, trailing zeros stripped; Int with an Int is the Int itself. */
    private static Object trunc(Object value, Object places) {
        if (!numberOrString(value) || !Values.isNumber(places) && !(places instanceof String)) {
            return UNDEFINED;
        }
        Long n = Values.flooredLongOrNull(places);
        if (n == null) {
            return UNDEFINED;
        }
        if (Values.isInt(value)) {
            return value;
        }
        BigDecimal d = Values.decimalOrNull(value);
        if (d == null) {
            return UNDEFINED;
        }
        int scale = (int) Math.max(0, Math.min(34, n));
        BigDecimal truncated = d.setScale(scale, RoundingMode.DOWN).stripTrailingZeros();
        if (truncated.scale() <= 0) {
            return Values.normalizeInt(truncated.toBigIntegerExact());
        }
        return truncated;
    }
}
