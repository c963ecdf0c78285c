package io.thingstead.rules.internal.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads payloads into the {@link Values} model with Jackson's streaming parser (measured 2-3x faster than JSON-P on
 * the rules benchmark's payloads, docs/rules.md). A payload is addressable only when it is exactly one JSON object;
 * anything else (binary, a bare number, truncated JSON, trailing bytes) is a binary payload whose keys are Undefined.
 */
final class Payloads {
    /** Payloads nesting deeper than this are treated as not JSON (AWS caps payloads at 128 KB). */
    static final int MAX_DEPTH = 256;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private Payloads() {}

    /** The payload as a Map when it is one JSON object, otherwise as its bytes. */
    static Object readDocument(byte[] payload, SqlVersion version) {
        if (payload.length == 0 || !mayBeObject(payload)) {
            return new Values.Binary(payload);
        }
        try (JsonParser parser = FACTORY.createParser(payload)) {
            parser.nextToken();
            Object value = readValue(parser, version);
            if (parser.nextToken() != null) {
                return new Values.Binary(payload);
            }
            return value;
        } catch (IOException | RuntimeException notJson) {
            return new Values.Binary(payload);
        }
    }

    /**
     * Reads the keys of {@code plan} into {@code slots} (Undefined for keys the payload does not have, and for all of
     * them when the payload is not one JSON object); other keys are skipped without building values.
     */
    static void readSlots(byte[] payload, SqlVersion version, PayloadPlan plan, Object[] slots) {
        Arrays.fill(slots, Values.UNDEFINED);
        if (payload.length == 0 || !mayBeObject(payload)) {
            return;
        }
        try (JsonParser parser = FACTORY.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                int slot = plan.indexOf(parser.currentName());
                parser.nextToken();
                if (slot >= 0) {
                    slots[slot] = readValue(parser, version);
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                Arrays.fill(slots, Values.UNDEFINED);
            }
        } catch (IOException | RuntimeException notJson) {
            Arrays.fill(slots, Values.UNDEFINED);
        }
    }

    /** Any JSON document (for {@code decode} and shadow documents), or null when the bytes are not one. */
    static Object readAny(byte[] bytes, SqlVersion version) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() == null) {
                return null;
            }
            Object value = readValue(parser, version);
            return parser.nextToken() == null ? value : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** Whether the bytes are exactly one JSON document. */
    static boolean isJsonDocument(byte[] bytes) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException | RuntimeException notJson) {
            return false;
        }
    }

    /** Only an object is addressable: the first byte after white space must open one. */
    private static boolean mayBeObject(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    private static Object readValue(JsonParser parser, SqlVersion version) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, readValue(parser, version));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser, version));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? Values.normalizeInt(parser.getBigIntegerValue())
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return decimal(parser, version);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return Values.NULL;
            default:
                throw new IOException("unexpected token " + token);
        }
    }

    /** A JSON decimal; SQL 2016-03-23 processes whole numbers such as {@code 10.0} as Int. */
    private static Object decimal(JsonParser parser, SqlVersion version) throws IOException {
        if (version.since2016() && !wholeCandidate(parser)) {
            return parser.getDecimalValue();
        }
        BigDecimal value = parser.getDecimalValue();
        return version.since2016() ? Values.wholeNumberAsInt(value) : value;
    }

    /** False when the text proves the number has a non-zero fraction (the common case, decided without allocating). */
    private static boolean wholeCandidate(JsonParser parser) throws IOException {
        char[] text = parser.getTextCharacters();
        int start = parser.getTextOffset();
        int end = start + parser.getTextLength();
        int dot = -1;
        for (int i = start; i < end; i++) {
            char c = text[i];
            if (c == 'e' || c == 'E') {
                return true;
            } else if (c == '.') {
                dot = i;
            } else if (dot >= 0 && c != '0') {
                return false;
            }
        }
        return true;
    }
}
