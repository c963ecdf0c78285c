package io.thingstead.gateway.api;

import java.util.List;

/**
 * What the gateway counts per connection for Device Defender's cloud-side metrics ({@code aws:num-messages-sent},
 * {@code aws:message-byte-size}, {@code aws:num-authorization-failures}), read as snapshots off the MQTT path. A CDI
 * bean. Connection attempts, disconnects and source addresses come from {@link LifecycleEvent} and {@link
 * ConnectionRefused}, which need nothing counted here.
 *
 * <p>Counting is off until a consumer turns it on (Device Defender does while a security profile has a behavior on
 * one of these metrics): while off, a PUBLISH pays one volatile read. While on, it pays a few uncontended atomic
 * additions on the connection's own counters, kept in the connection's state the gateway has anyway; nothing is
 * allocated per message and nothing is queued.
 */
public interface DeviceActivity {
    /** Turns counting on or off, for every connection of this node, at once. */
    void counting(boolean on);

    /** Whether counting is on. */
    boolean counting();

    /**
     * The counts of every connection since the previous call, each reset as it is read, including once the last
     * counts of connections that closed since; connections with nothing counted are left out. Safe to call from any
     * thread; meant for one consumer calling it periodically (every few seconds).
     */
    List<ActivityCounts> drain();
}
