package io.thingstead.rules.internal.control;

/** Fired (CDI) in the transaction that changed a rule or a destination; the engine reloads after the commit. */
public record RulesChanged(String what) {}
