package io.thingstead.archfixture;

import io.thingstead.migrations.api.SchemaState;
import io.thingstead.migrations.internal.DatabaseMigrator;

/** Test fixture for ModuleBoundariesTest: reaches into another module's internals, which the rule must refuse. */
public class Violator {
    public SchemaState allowedThroughApi(SchemaState state) {
        return state;
    }

    public String notAllowed(DatabaseMigrator migrator) {
        return migrator.toString();
    }
}
