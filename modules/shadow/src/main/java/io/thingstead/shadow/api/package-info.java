/**
 * The Device Shadow service's document semantics as the rest of the platform uses them: shadow identities and name
 * validation ({@link io.thingstead.shadow.api.ShadowId}, {@link io.thingstead.shadow.api.ShadowNames}), the quotas
 * ({@link io.thingstead.shadow.api.ShadowLimits}), the stored state ({@link io.thingstead.shadow.api.ShadowState}),
 * requests, outcomes and error documents, and the operations themselves
 * ({@link io.thingstead.shadow.api.ShadowDocuments}, a CDI bean).
 *
 * <p>Nothing here stores, publishes or reads the clock: the MQTT, REST and persistence layers do that around it.
 */
package io.thingstead.shadow.api;
