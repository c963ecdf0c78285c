package io.thingstead.rules.internal.sql;

import java.util.Map;

/**
 * The state of one evaluation of one compiled statement or template against one message: the input, the payload
 * fields it needs (parsed on first use, at most once), the topic levels, and the element of a nested query. Not
 * thread-safe; one per evaluation.
 */
final class Ctx {
    final SqlInput input;
    final SqlEnvironment environment;
    final SqlVersion version;
    private final PayloadPlan plan;
    private Object[] slots;
    private Object document;
    private String[] topicLevels;
    /** The element a nested query is looking at, or null at the top level. */
    Object element;
    /** What is left of the step budget of regular expressions for this evaluation. */
    long regexSteps = Regex.STEPS_PER_EVALUATION;

    Ctx(SqlInput input, SqlEnvironment environment, SqlVersion version, PayloadPlan plan) {
        this.input = input;
        this.environment = environment;
        this.version = version;
        this.plan = plan;
    }

    /** A top-level payload key the statement names (slot plans only). */
    Object slot(int index) {
        if (slots == null) {
            slots = new Object[plan.slotCount()];
            Payloads.readSlots(input.payload(), version, plan, slots);
        }
        return slots[index];
    }

    /** A top-level payload key, looked up in the whole document (full plans). */
    Object field(String name) {
        return document() instanceof Map<?, ?> map ? valueOf(map.get(name)) : Values.UNDEFINED;
    }

    /** The payload: a Map when it is a JSON object, otherwise its bytes as a {@link Values.Binary}. */
    Object document() {
        if (document == null) {
            document = Payloads.readDocument(input.payload(), version);
        }
        return document;
    }

    /** Level {@code n} (from 1) of the topic, or null when the topic has fewer levels. */
    String topicLevel(int n) {
        if (topicLevels == null) {
            topicLevels = input.topic().split("/", -1);
        }
        return n >= 1 && n <= topicLevels.length ? topicLevels[n - 1] : null;
    }

    static Object valueOf(Object mapped) {
        return mapped == null ? Values.UNDEFINED : mapped;
    }
}
