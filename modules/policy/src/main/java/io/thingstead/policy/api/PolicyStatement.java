package io.thingstead.policy.api;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a policy's {@code Statement}.
 *
 * @param index the statement's zero-based position in the document
 * @param sid the {@code Sid}, or {@code null} when the statement has none
 * @param effect {@code Allow} or {@code Deny}
 * @param actions the {@code Action} (or, when {@code notAction}, {@code NotAction}) patterns
 * @param notAction whether {@code actions} came from {@code NotAction}: the statement applies to every other action
 * @param resources the {@code Resource} (or, when {@code notResource}, {@code NotResource}) patterns
 * @param notResource whether {@code resources} came from {@code NotResource}
 * @param conditions the tests of the {@code Condition} block, in document order; empty when there is none
 */
public record PolicyStatement(
        int index,
        String sid,
        Effect effect,
        List<String> actions,
        boolean notAction,
        List<String> resources,
        boolean notResource,
        List<PolicyCondition> conditions) {
    public PolicyStatement {
        Objects.requireNonNull(effect, "effect");
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    /** Where this statement is, for messages: {@code Statement[2] (Sid "AllowPublish")}. */
    public String location() {
        return sid == null ? "Statement[" + index + "]" : "Statement[" + index + "] (Sid \"" + sid + "\")";
    }
}
