package io.thingstead.defender.internal.detect;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a CBOR item (RFC 8949) into the JSON value it stands for, for metrics reports on {@code .../metrics/cbor}:
 * unsigned and negative integers, text strings, arrays, maps with text keys, floats (half, single, double), true,
 * false and null, definite and indefinite lengths, 32 levels deep at most. Byte strings, tags and other simple values
 * have no place in a metrics report and are refused. Written here rather than taken from a library: it is the only
 * CBOR Thingstead reads, and WildFly's Jackson modules are not visible to the EAR's libraries.
 */
public final class Cbor {
    /** Why the bytes are not a CBOR item Thingstead accepts. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_DEPTH = 32;
    private static final Object BREAK = new Object();

    private final byte[] bytes;
    private int position;

    private Cbor(byte[] bytes) {
        this.bytes = bytes;
    }

    public static JsonValue decode(byte[] bytes) throws Malformed {
        Cbor cbor = new Cbor(bytes);
        Object item = cbor.item(0);
        if (item == BREAK) {
            throw new Malformed("unexpected break");
        }
        if (cbor.position != bytes.length) {
            throw new Malformed("trailing bytes after the CBOR item");
        }
        return (JsonValue) item;
    }

    private int next() throws Malformed {
        if (position >= bytes.length) {
            throw new Malformed("truncated CBOR item");
        }
        return bytes[position++] & 0xff;
    }

    private long argument(int info) throws Malformed {
        if (info < 24) {
            return info;
        }
        int length = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new Malformed("reserved additional information " + info);
        };
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | next();
        }
        return value;
    }

    private Object item(int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw new Malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
        int initial = next();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        switch (major) {
            case 0 -> {
                long value = argument(info);
                return value >= 0
                        ? Json.createValue(value)
                        : Json.createValue(new BigInteger(Long.toUnsignedString(value)));
            }
            case 1 -> {
                long value = argument(info);
                return value >= 0
                        ? Json.createValue(-1 - value)
                        : Json.createValue(new BigInteger(Long.toUnsignedString(value))
                                .negate()
                                .subtract(BigInteger.ONE));
            }
            case 2 -> throw new Malformed("byte strings are not allowed in a metrics report");
            case 3 -> {
                return Json.createValue(text(info));
            }
            case 4 -> {
                JsonArrayBuilder array = Json.createArrayBuilder();
                if (info == 31) {
                    for (Object element; (element = item(depth + 1)) != BREAK; ) {
                        array.add((JsonValue) element);
                    }
                } else {
                    long count = argument(info);
                    for (long i = 0; i < count; i++) {
                        array.add(value(depth));
                    }
                }
                return array.build();
            }
            case 5 -> {
                JsonObjectBuilder map = Json.createObjectBuilder();
                if (info == 31) {
                    while (true) {
                        Object key = item(depth + 1);
                        if (key == BREAK) {
                            break;
                        }
                        map.add(key(key), value(depth));
                    }
                } else {
                    long count = argument(info);
                    for (long i = 0; i < count; i++) {
                        String key = key(item(depth + 1));
                        map.add(key, value(depth));
                    }
                }
                return map.build();
            }
            case 6 -> throw new Malformed("tags are not allowed in a metrics report");
            default -> {
                return simple(info);
            }
        }
    }

    private JsonValue value(int depth) throws Malformed {
        Object value = item(depth + 1);
        if (value == BREAK) {
            throw new Malformed("unexpected break");
        }
        return (JsonValue) value;
    }

    private static String key(Object key) throws Malformed {
        if (key instanceof jakarta.json.JsonString string) {
            return string.getString();
        }
        throw new Malformed("map keys must be text strings");
    }

    private String text(int info) throws Malformed {
        if (info == 31) {
            StringBuilder text = new StringBuilder();
            while (true) {
                int initial = next();
                if (initial == 0xff) {
                    return text.toString();
                }
                if (initial >>> 5 != 3) {
                    throw new Malformed("an indefinite text string may only hold text strings");
                }
                text.append(text(initial & 0x1f));
            }
        }
        long length = argument(info);
        if (length > bytes.length - position) {
            throw new Malformed("truncated text string");
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes, position, (int) length))
                    .toString();
            position += (int) length;
            return text;
        } catch (CharacterCodingException e) {
            throw new Malformed("a text string is not UTF-8");
        }
    }

    private Object simple(int info) throws Malformed {
        return switch (info) {
            case 20 -> JsonValue.FALSE;
            case 21 -> JsonValue.TRUE;
            case 22 -> JsonValue.NULL;
            case 25 -> number(halfToDouble((int) argument(25)));
            case 26 -> number(Float.intBitsToFloat((int) argument(26)));
            case 27 -> number(Double.longBitsToDouble(argument(27)));
            case 31 -> BREAK;
            default -> throw new Malformed("simple value " + info + " is not allowed in a metrics report");
        };
    }

    private static JsonValue number(double value) throws Malformed {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new Malformed("NaN and infinity are not numbers JSON can hold");
        }
        return Json.createValue(BigDecimal.valueOf(value));
    }

    private static double halfToDouble(int half) {
        int exponent = (half >> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        double value;
        if (exponent == 0) {
            value = mantissa * Math.pow(2, -24);
        } else if (exponent == 31) {
            value = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            value = (mantissa + 1024) * Math.pow(2, exponent - 25);
        }
        return (half & 0x8000) != 0 ? -value : value;
    }
}
