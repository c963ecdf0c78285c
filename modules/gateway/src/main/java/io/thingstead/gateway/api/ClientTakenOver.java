package io.thingstead.gateway.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * CDI event fired when a client connected with the client id of a connected client and the older connection was
 * closed (MQTT 5: DISCONNECT {@code 0x8E} Session taken over), as AWS IoT does. Device Defender's "conflicting client
 * ids" audit and the portal observe it.
 *
 * @param previousSession the session identifier of the closed connection
 * @param previousPrincipal who the closed connection had authenticated as (certificate id)
 * @param session the session identifier of the new connection
 * @param principal who the new connection authenticated as
 * @param ipAddress the new connection's address
 */
public record ClientTakenOver(
        String clientId,
        String previousSession,
        String previousPrincipal,
        String session,
        String principal,
        Optional<String> ipAddress,
        Instant at) {
    public ClientTakenOver {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(previousSession, "previousSession");
        Objects.requireNonNull(previousPrincipal, "previousPrincipal");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(at, "at");
    }
}
