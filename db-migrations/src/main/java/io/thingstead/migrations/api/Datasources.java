package io.thingstead.migrations.api;

/** The one datasource every module uses; configured in the server (app-ear/src/main/wildfly/configure-server.cli). */
public final class Datasources {
    public static final String THINGSTEAD = "java:jboss/datasources/ThingsteadDS";

    private Datasources() {}
}
