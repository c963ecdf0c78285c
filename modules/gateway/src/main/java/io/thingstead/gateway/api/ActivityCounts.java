package io.thingstead.gateway.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What one connection did since the previous {@link DeviceActivity#drain()}.
 *
 * @param thingName the thing the connection is bound to (its client id names a thing attached to its principal), if
 *     any
 * @param principal the certificate id (or access key id) the connection authenticated with
 * @param messagesSent PUBLISH packets the client sent, accepted or not
 * @param bytesSent their payload bytes
 * @param smallestMessage the smallest payload among them, in bytes ({@code -1} when none was sent)
 * @param largestMessage the largest payload among them, in bytes ({@code -1} when none was sent)
 * @param authorizationFailures PUBLISH and SUBSCRIBE requests its policies refused
 */
public record ActivityCounts(
        String clientId,
        Optional<String> thingName,
        String principal,
        Optional<String> ipAddress,
        long messagesSent,
        long bytesSent,
        int smallestMessage,
        int largestMessage,
        long authorizationFailures) {
    public ActivityCounts {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(ipAddress, "ipAddress");
    }

    /** The name Device Defender knows the device by: its thing, else its client id (an unregistered thing). */
    public String deviceName() {
        return thingName.orElse(clientId);
    }
}
