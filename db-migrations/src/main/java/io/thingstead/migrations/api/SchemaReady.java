package io.thingstead.migrations.api;

/**
 * CDI event fired once, after every migration is applied. Modules that must touch their tables at start (e.g. to
 * create the first CA) observe it instead of racing the migrations.
 *
 * @param version the newest applied migration version
 */
public record SchemaReady(String version) {}
