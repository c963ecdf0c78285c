package io.thingstead.rules.internal.sql;

/** A compiled expression: gives its value (in the {@link Values} model) for one evaluation. */
@FunctionalInterface
interface Eval {
    Object eval(Ctx ctx);
}
