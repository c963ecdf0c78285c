package io.thingstead.rules.internal.sql;

import java.nio.charset.StandardCharsets;

/**
 * The outgoing payload of a matched message: JSON when the statement built it ({@code SELECT a, b}, {@code SELECT
 * VALUE x}), the incoming bytes unchanged for {@code SELECT *} (JSON or not), or empty when {@code SELECT VALUE}
 * selected Undefined (AWS serializes Undefined on its own as the empty string).
 */
public final class SqlOutput {
    private final byte[] bytes;
    /** 1 JSON, 0 not JSON, -1 not known yet (decided on first call of {@link #isJson}). */
    private volatile int json;

    private SqlOutput(byte[] bytes, int json) {
        this.bytes = bytes;
        this.json = json;
    }

    static SqlOutput json(byte[] bytes) {
        return new SqlOutput(bytes, 1);
    }

    /** A JSON document the engine made itself (the error action's envelope). */
    public static SqlOutput ofJson(byte[] bytes) {
        return json(bytes);
    }

    static SqlOutput empty() {
        return new SqlOutput(new byte[0], 0);
    }

    static SqlOutput passThrough(byte[] payload) {
        return new SqlOutput(payload, -1);
    }

    /** The payload bytes; do not change the array (it may be the incoming payload itself). */
    public byte[] bytes() {
        return bytes;
    }

    /** Whether the bytes are one JSON document (an action that needs JSON, e.g. a JSONB column, checks this). */
    public boolean isJson() {
        int known = json;
        if (known < 0) {
            known = Payloads.isJsonDocument(bytes) ? 1 : 0;
            json = known;
        }
        return known == 1;
    }

    /** The bytes as UTF-8 text. */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SqlOutput[" + bytes.length + " bytes]";
    }
}
