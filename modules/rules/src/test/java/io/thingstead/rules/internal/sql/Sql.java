package io.thingstead.rules.internal.sql;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Test helpers: run a statement or an expression against a payload and look at the output as text. */
final class Sql {
    static final String ACCOUNT = "123456789012";
    static final long NOW = 1_481_825_251_155L;

    /** A plain in-memory shadow store (tests only; the rules module wires the real shadow service later). */
    static final Map<String, String> SHADOWS = new HashMap<>();

    static final SqlEngine ENGINE = new SqlEngine(new SqlEnvironment(ACCOUNT, (thing, shadow) -> {
        if (thing.equals("broken")) {
            throw new IllegalStateException("shadow store unavailable");
        }
        String document = SHADOWS.get(thing + "/" + shadow.orElse(""));
        return Optional.ofNullable(document).map(d -> d.getBytes(StandardCharsets.UTF_8));
    }));

    private Sql() {}

    static SqlInput input(String topic, String payload) {
        return SqlInput.of(topic, payload.getBytes(StandardCharsets.UTF_8), NOW)
                .withClientId("sensor-1")
                .withPrincipal("ba67293af50bf2506f5f93469686da660c7c844e7b3950bfb16813e0d31e9373")
                .withTraceId("12345678-1234-1234-1234-123456789012");
    }

    static SqlResult evaluate(String sql, String topic, String payload, SqlVersion version) {
        return ENGINE.compile(sql, version).evaluate(input(topic, payload));
    }

    /**
     * The output as text, "NO MATCH" when WHERE was not true, or "FAILED: message". SQL version 2016-03-23 unless
     * given.
     */
    static String run(String sql, String payload) {
        return run(sql, "topic/subtopic", payload, SqlVersion.V2016_03_23);
    }

    static String run(String sql, String topic, String payload, SqlVersion version) {
        return describe(evaluate(sql, topic, payload, version));
    }

    static String describe(SqlResult result) {
        return switch (result) {
            case SqlResult.Matched m -> m.output().asString();
            case SqlResult.NotMatched n -> "NO MATCH";
            case SqlResult.Failed f -> "FAILED: " + f.message();
        };
    }

    /** One expression's value as JSON text ("" for Undefined), evaluated as SELECT VALUE against {@code payload}. */
    static String value(String expression, String payload) {
        return value(expression, payload, SqlVersion.V2016_03_23);
    }

    static String value(String expression, String payload, SqlVersion version) {
        return run("SELECT VALUE " + expression + " FROM 'topic/subtopic'", "topic/subtopic", payload, version);
    }

    static String value(String expression) {
        return value(expression, "{}");
    }
}
