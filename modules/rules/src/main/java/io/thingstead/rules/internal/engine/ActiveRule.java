package io.thingstead.rules.internal.engine;

import io.thingstead.rules.internal.action.RuleAction;
import io.thingstead.rules.internal.sql.CompiledSql;
import java.util.List;
import java.util.Optional;

/**
 * An enabled rule as the engine runs it: the compiled statement and the actions made from its settings.
 *
 * @param version the stored rule's version: a reload keeps an unchanged rule (and its open connections)
 */
public record ActiveRule(
        String name, long version, CompiledSql sql, List<BoundAction> actions, Optional<BoundAction> errorAction) {
    /** One action of a rule, with the names the error envelope and the metrics use. */
    public record BoundAction(String type, String actionName, RuleAction action) {}

    public void close() {
        actions.forEach(a -> a.action().close());
        errorAction.ifPresent(a -> a.action().close());
    }
}
