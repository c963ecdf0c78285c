package io.thingstead.migrations.api;

/**
 * The one datasource every module uses; configured in the server by the feature pack's layer thingstead-datasource
 * (galleon-pack), or by dist/thingstead.cli on a server configured by hand.
 */
public final class Datasources {
    public static final String THINGSTEAD = "java:jboss/datasources/ThingsteadDS";

    private Datasources() {}
}
