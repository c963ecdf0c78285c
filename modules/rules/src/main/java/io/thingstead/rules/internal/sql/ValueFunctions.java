package io.thingstead.rules.internal.sql;

import static io.thingstead.rules.internal.sql.Values.UNDEFINED;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Functions about values and collections: get, isNull, isUndefined, transform, encode, decode, and cast. */
final class ValueFunctions {
    private ValueFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                new FunctionDef("get", 2, 2, false, (c, a) -> get(a[0], a[1])),
                new FunctionDef("isnull", 1, 1, false, (c, a) -> a[0] == Values.NULL),
                new FunctionDef("isundefined", 1, 1, true, (c, a) -> a[0] == UNDEFINED),
                new FunctionDef("transform", 3, 3, true, (c, a) -> transform(a[0], a[1], a[2])),
                new FunctionDef("encode", 2, 2, true, (c, a) -> encode(a[0], a[1])),
                new FunctionDef("decode", 2, 2, true, (c, a) -> decode(c, a[0], a[1])));
    }

    /**
     * get(Array, index) and get(String, index) with the index converted to Int; get(Object, key) with a String key as
     * it is. Out of range, a missing key or anything else is Undefined.
     */
    static Object get(Object collection, Object key) {
        if (collection instanceof Map<?, ?> map) {
            return key instanceof String k ? Ctx.valueOf(map.get(k)) : UNDEFINED;
        }
        if (!(collection instanceof List) && !(collection instanceof String)) {
            return UNDEFINED;
        }
        Long index = standardInt(key);
        if (index == null) {
            return UNDEFINED;
        }
        if (collection instanceof List<?> list) {
            return index < 0 || index >= list.size() ? UNDEFINED : list.get((int) (long) index);
        }
        String s = (String) collection;
        return index < 0 || index >= s.length() ? UNDEFINED : String.valueOf(s.charAt((int) (long) index));
    }

    /** The standard "To int" conversion: Decimals rounded to the nearest Int, numeric Strings truncated. */
    static Long standardInt(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        BigDecimal d;
        RoundingMode mode;
        if (v instanceof BigDecimal || v instanceof Double || v instanceof BigInteger) {
            d = Values.decimalOrNull(v);
            mode = RoundingMode.HALF_UP;
        } else if (v instanceof String s) {
            d = Values.parseDecimal(s);
            mode = RoundingMode.DOWN;
        } else {
            return null;
        }
        if (d == null) {
            return null;
        }
        try {
            return d.setScale(0, mode).longValueExact();
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    /** transform('enrichArray', object, array of objects): each element with the object's attributes added. */
    private static Object transform(Object mode, Object attributes, Object array) {
        if (!(mode instanceof String m) || !m.equals("enrichArray")) {
            return UNDEFINED;
        }
        if (!(attributes instanceof Map<?, ?> extra) || !(array instanceof List<?> items)) {
            return UNDEFINED;
        }
        List<Object> result = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> element)) {
                return UNDEFINED;
            }
            Map<String, Object> enriched = new LinkedHashMap<>();
            element.forEach((k, v) -> enriched.put((String) k, v));
            extra.forEach((k, v) -> enriched.put((String) k, v));
            result.add(enriched);
        }
        return result;
    }

    static boolean isBase64(Object scheme) {
        return scheme instanceof String s && s.toLowerCase(Locale.ROOT).equals("base64");
    }

    /** encode(value, 'base64'): the value converted to a String and encoded ({@code *} encodes the raw payload). */
    static Object encode(Object value, Object scheme) {
        if (!isBase64(scheme)) {
            return UNDEFINED;
        }
        if (value instanceof Values.Binary binary) {
            return Base64.getEncoder().encodeToString(binary.bytes());
        }
        String s = Values.toStringOrNull(value);
        return s == null ? UNDEFINED : Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * decode(value, 'base64'): the decoded JSON document when it is one, else the decoded text; Null when the value is
     * not base64.
     */
    static Object decode(Ctx ctx, Object value, Object scheme) {
        if (!isBase64(scheme)) {
            return UNDEFINED;
        }
        String s = Values.toStringOrNull(value);
        if (s == null) {
            return UNDEFINED;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s.strip());
        } catch (IllegalArgumentException notBase64) {
            return Values.NULL;
        }
        Object json = Payloads.readAny(bytes, ctx.version);
        return json != null ? json : new String(bytes, StandardCharsets.UTF_8);
    }
}
