package io.thingstead.policy.api;

import java.util.List;
import java.util.Objects;

/**
 * One test of a statement's {@code Condition} block: {@code "operator": {"key": [values...]}}. All conditions of a
 * statement must hold (AND); the values of one condition are alternatives (OR, or NOR for negated operators).
 *
 * @param operator the condition operator as written, e.g. {@code StringLike} or {@code ForAnyValue:StringEqualsIfExists}
 * @param key the condition key as written, e.g. {@code iot:Connection.Thing.IsAttached}; key names are case-insensitive
 * @param values the condition values; JSON numbers and booleans are kept in their JSON text form
 */
public record PolicyCondition(String operator, String key, List<String> values) {
    public PolicyCondition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
    }
}
