package io.thingstead.rules.internal.action;

import io.thingstead.rules.internal.sql.SqlInput;
import io.thingstead.rules.internal.sql.SqlOutput;
import java.util.Objects;

/**
 * What an action gets for one message: the rule's output (the SELECT result; for the error action, AWS's error
 * envelope) and the incoming message, which substitution templates are evaluated against (as AWS does).
 *
 * @param message the incoming message (topic without a Basic Ingest prefix), for {@code ${...}} templates
 * @param output what the rule's SELECT made of it
 */
public record ActionInput(String ruleName, SqlInput message, SqlOutput output) {
    public ActionInput {
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(output, "output");
    }

    public byte[] payload() {
        return output.bytes();
    }
}
