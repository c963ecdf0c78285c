package io.thingstead.gateway.api;

/**
 * Sees published messages as they pass through the gateway, without serving them: the rules engine's subscription to
 * all device traffic. Implement it as an {@code @ApplicationScoped} CDI bean; the gateway discovers every tap when it
 * starts.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>A tap sees a device's PUBLISH (MQTT or the HTTPS data plane) after the gateway accepted it (authentication,
 *       topic and size rules, {@code iot:Publish}) and before any subscriber receives it, and the platform's own
 *       messages ({@link Gateway#publish}, e.g. {@code $aws/things/+/shadow/update/accepted}) with origin {@link
 *       DeviceMessage.Origin#PLATFORM}, as AWS IoT rules see them. It does not see messages a {@link
 *       ServiceRoute#consumes() consuming} service takes (basic ingest goes to that service only).
 *   <li>{@link #onPublish} is called on the publish path itself (the broker's thread, in publish order per client)
 *       for every message whose topic is in {@link #interest()}: it must not block and should hand the message to a
 *       bounded queue (or a durable hand-off that completes later) and return. The message is the tap's to keep.
 *   <li>{@link #interest()} is read for every message and must be cheap (a volatile read of an immutable {@link
 *       TopicFilters}); a tap with nothing to do returns {@link TopicFilters#NONE}, and then costs the publish path
 *       nothing measurable (docs/performance.md, "Device services and taps").
 *   <li>An exception from {@code onPublish} is logged and counted ({@code thingstead_gateway_tap_failures_total}); the
 *       message is delivered regardless.
 * </ul>
 */
public interface MessageTap {
    /** A name for metrics and logs: lower-case letters, digits and dashes. */
    String name();

    /** The topics this tap wants to see now; {@link TopicFilters#NONE} while it has nothing to do. */
    TopicFilters interest();

    /** One message in {@link #interest()}; see the interface's contract. */
    void onPublish(TapInput input, TapOutput output);
}
