package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * The arithmetic operators of the AWS IoT SQL reference ("Operators"): Int op Int gives an Int, a Decimal on either
 * side gives a Decimal, Strings that parse as Decimals take part in {@code - * / %} (and give a Decimal), {@code +}
 * with a String on either side concatenates, anything else is Undefined. Division by zero is Undefined.
 */
final class Arithmetic {
    /** IoT SQL Decimals have 34 digits of precision. */
    static final MathContext PRECISION = MathContext.DECIMAL128;

    enum Op {
        ADD("+"),
        SUBTRACT("-"),
        MULTIPLY("*"),
        DIVIDE("/"),
        REMAINDER("%");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    private Arithmetic() {}

    static Object apply(Op op, Object a, Object b) {
        if (a == UNDEFINED || b == UNDEFINED) {
            return UNDEFINED;
        }
        if (op == Op.ADD) {
            if (a instanceof String || b instanceof String) {
                String left = Values.toStringOrNull(a);
                String right = Values.toStringOrNull(b);
                return left == null || right == null ? UNDEFINED : left.concat(right);
            }
            if (!Values.isNumber(a) || !Values.isNumber(b)) {
                return UNDEFINED;
            }
        } else if (!numeric(a) || !numeric(b)) {
            return UNDEFINED;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return longs(op, x, y);
        }
        if (Values.isInt(a) && Values.isInt(b)) {
            return bigIntegers(op, toBigInteger(a), toBigInteger(b));
        }
        Object x = Values.toDecimal(a);
        Object y = Values.toDecimal(b);
        if (x == UNDEFINED || y == UNDEFINED || x == Values.NULL || y == Values.NULL) {
            return UNDEFINED;
        }
        if (x instanceof Double || y instanceof Double) {
            double dx = Values.doubleOrNaN(x);
            double dy = Values.doubleOrNaN(y);
            if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
                return doubles(op, dx, dy);
            }
        }
        return decimals(op, Values.decimalOrNull(x), Values.decimalOrNull(y));
    }

    /** Unary minus: numbers and numeric strings (as a Decimal); anything else Undefined. */
    static Object negate(Object v) {
        if (v instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : (Object) (-l);
        } else if (v instanceof BigInteger b) {
            return Values.normalizeInt(b.negate());
        } else if (v instanceof BigDecimal d) {
            return d.negate();
        } else if (v instanceof Double d) {
            return -d;
        } else if (v instanceof String s) {
            BigDecimal d = Values.parseDecimal(s);
            return d == null ? UNDEFINED : d.negate();
        }
        return UNDEFINED;
    }

    private static boolean numeric(Object v) {
        return Values.isNumber(v) || (v instanceof String s && Values.parseDecimal(s) != null);
    }

    private static Object longs(Op op, long x, long y) {
        try {
            return switch (op) {
                case ADD -> Math.addExact(x, y);
                case SUBTRACT -> Math.subtractExact(x, y);
                case MULTIPLY -> Math.multiplyExact(x, y);
                case DIVIDE -> y == 0 ? UNDEFINED : (x == Long.MIN_VALUE && y == -1 ? overflow(op, x, y) : x / y);
                case REMAINDER -> y == 0 ? UNDEFINED : x % y;
            };
        } catch (ArithmeticException overflow) {
            return overflow(op, x, y);
        }
    }

    private static Object overflow(Op op, long x, long y) {
        return bigIntegers(op, BigInteger.valueOf(x), BigInteger.valueOf(y));
    }

    private static Object bigIntegers(Op op, BigInteger x, BigInteger y) {
        return switch (op) {
            case ADD -> Values.normalizeInt(x.add(y));
            case SUBTRACT -> Values.normalizeInt(x.subtract(y));
            case MULTIPLY -> Values.normalizeInt(x.multiply(y));
            case DIVIDE -> y.signum() == 0 ? UNDEFINED : Values.normalizeInt(x.divide(y));
            case REMAINDER -> y.signum() == 0 ? UNDEFINED : Values.normalizeInt(x.remainder(y));
        };
    }

    private static Object decimals(Op op, BigDecimal x, BigDecimal y) {
        if (x == null || y == null) {
            return UNDEFINED;
        }
        try {
            return switch (op) {
                case ADD -> x.add(y, PRECISION);
                case SUBTRACT -> x.subtract(y, PRECISION);
                case MULTIPLY -> x.multiply(y, PRECISION);
                case DIVIDE -> y.signum() == 0 ? UNDEFINED : x.divide(y, PRECISION);
                case REMAINDER -> y.signum() == 0 ? UNDEFINED : x.remainder(y, PRECISION);
            };
        } catch (ArithmeticException e) {
            // exponent overflow past what BigDecimal represents: not a value
            return UNDEFINED;
        }
    }

    private static Object doubles(Op op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> y == 0 ? UNDEFINED : x / y;
            case REMAINDER -> y == 0 ? UNDEFINED : x % y;
        };
    }

    private static BigInteger toBigInteger(Object v) {
        return v instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) v;
    }
}
