package io.thingstead.rules.internal.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link Values} as compact JSON in UTF-8. Undefined is not representable, so an object member or array item
 * that is Undefined (or a NaN or infinite double) is left out, as AWS serializes {@code {"foo":null,
 * "bar":undefined}} as {@code {"foo":null}}. The raw bytes of a binary payload nested in a document are written as a
 * base64 string. Small and allocation-light: one growing byte array.
 */
final class JsonOut {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int size;

    JsonOut(int capacity) {
        buffer = new byte[capacity];
    }

    static String toJson(Object value) {
        JsonOut out = new JsonOut(64);
        out.value(value);
        return new String(out.buffer, 0, out.size, StandardCharsets.UTF_8);
    }

    static byte[] toBytes(Object value) {
        JsonOut out = new JsonOut(128);
        out.value(value);
        return out.toByteArray();
    }

    /** Whether a value appears in JSON at all. */
    static boolean writable(Object value) {
        return value != Values.UNDEFINED && !(value instanceof Double d && !Double.isFinite(d));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    JsonOut raw(char c) {
        ensure(1);
        buffer[size++] = (byte) c;
        return this;
    }

    JsonOut rawBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** A member name followed by a colon. */
    JsonOut key(String key) {
        string(key);
        return raw(':');
    }

    void value(Object value) {
        if (value instanceof String s) {
            string(s);
        } else if (value instanceof Long l) {
            ascii(Long.toString(l));
        } else if (value instanceof Boolean b) {
            ascii(b ? "true" : "false");
        } else if (value instanceof BigDecimal d) {
            ascii(d.toString());
        } else if (value instanceof Double d) {
            ascii(Double.isFinite(d) ? d.toString() : "null");
        } else if (value instanceof BigInteger i) {
            ascii(i.toString());
        } else if (value == Values.NULL || value == Values.UNDEFINED) {
            ascii("null");
        } else if (value instanceof Map<?, ?> map) {
            object(map);
        } else if (value instanceof List<?> list) {
            array(list);
        } else if (value instanceof Values.Binary binary) {
            string(Base64.getEncoder().encodeToString(binary.bytes()));
        } else {
            throw new IllegalStateException("not an IoT SQL value: " + value.getClass());
        }
    }

    private void object(Map<?, ?> map) {
        raw('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!writable(entry.getValue())) {
                continue;
            }
            if (!first) {
                raw(',');
            }
            first = false;
            key((String) entry.getKey());
            value(entry.getValue());
        }
        raw('}');
    }

    private void array(List<?> list) {
        raw('[');
        boolean first = true;
        for (Object item : list) {
            if (!writable(item)) {
                continue;
            }
            if (!first) {
                raw(',');
            }
            first = false;
            value(item);
        }
        raw(']');
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[size++] = (byte) s.charAt(i);
        }
    }

    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        buffer[size++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                ensure(1);
                buffer[size++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                ensure(2);
                buffer[size++] = '\\';
                buffer[size++] = (byte) c;
            } else if (c < 0x20 || c == 0x7f) {
                escapeControl(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                utf8(Character.toCodePoint(c, s.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                utf8(0xFFFD);
            } else {
                utf8(c);
            }
        }
        ensure(1);
        buffer[size++] = '"';
    }

    private void escapeControl(char c) {
        switch (c) {
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            case '\b' -> ascii("\\b");
            case '\f' -> ascii("\\f");
            default -> {
                ensure(6);
                buffer[size++] = '\\';
                buffer[size++] = 'u';
                buffer[size++] = '0';
                buffer[size++] = '0';
                buffer[size++] = HEX[(c >> 4) & 0xF];
                buffer[size++] = HEX[c & 0xF];
            }
        }
    }

    private void utf8(int cp) {
        ensure(4);
        if (cp < 0x80) {
            buffer[size++] = (byte) cp;
        } else if (cp < 0x800) {
            buffer[size++] = (byte) (0xC0 | (cp >> 6));
            buffer[size++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            buffer[size++] = (byte) (0xE0 | (cp >> 12));
            buffer[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buffer[size++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            buffer[size++] = (byte) (0xF0 | (cp >> 18));
            buffer[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buffer[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buffer[size++] = (byte) (0x80 | (cp & 0x3F));
        }
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
