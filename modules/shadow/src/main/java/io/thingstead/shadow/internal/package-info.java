/**
 * The implementation of {@link io.thingstead.shadow.api.ShadowDocuments}: request parsing, merge, metadata and delta.
 * Not for use outside this module.
 */
package io.thingstead.shadow.internal;
