package io.thingstead.migrations.api;

/** The schema's migration status, for readiness checks and for modules that must wait for their tables. */
public interface SchemaState {
    SchemaStatus status();
}
