package io.thingstead.gateway.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * CDI event fired when the gateway refused an MQTT CONNECT after the TLS handshake: the certificate is unknown,
 * inactive, revoked, pending activation, under an inactive CA or expired, or the policies do not allow {@code
 * iot:Connect}. (Handshakes that fail, such as a certificate from an unknown CA, never reach the gateway's code and
 * are not reported.) Every refusal is also logged with its reason and counted in {@code
 * thingstead_gateway_auth_failures_total}.
 *
 * @param reason a stable code: the PKI's {@code RefusalReason} name ({@code REVOKED}, {@code UNKNOWN_CERTIFICATE},
 *     ...), {@code CONNECT_DENIED} (policies), {@code NO_CERTIFICATE}, {@code BAD_CREDENTIALS} (plain listener) or
 *     {@code INTERNAL_ERROR}
 * @param detail a sentence for people; names no secret
 */
public record ConnectionRefused(
        String clientId,
        String reason,
        String detail,
        Optional<String> certificateId,
        Optional<String> ipAddress,
        Instant at) {
    public ConnectionRefused {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(at, "at");
    }
}
