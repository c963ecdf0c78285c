package io.thingstead.gateway.api;

import java.time.Instant;
import java.util.Optional;

/**
 * Authenticates MQTT over WebSocket: browsers and apps cannot present a device certificate, so they send a signed
 * bearer token as the CONNECT password (the user name is ignored). The gateway then binds the IoT policies attached to
 * the returned identity, exactly as AWS binds the policies attached to a Cognito identity, and checks {@code
 * iot:Connect}, {@code iot:Publish}, {@code iot:Subscribe} and {@code iot:Receive} against them like for any device.
 *
 * <p>The gateway's default implementation verifies OpenID Connect access tokens of the configured provider (Keycloak
 * by default; docs/gateway.md). Another module replaces it by providing an {@code @Alternative @Priority} bean of this
 * type. Implementations are called on the gateway's worker threads, may block briefly (a JWKS fetch), must never log
 * the token, and return empty for every token they do not accept.
 */
public interface TokenAuthenticator {
    /**
     * @param token the CONNECT password as sent (UTF-8)
     * @param clientId the MQTT client id, for implementations that bind tokens to client ids
     * @return the identity, or empty when the token is not valid (bad signature, expired, wrong issuer or audience)
     */
    Optional<TokenIdentity> authenticate(String token, String clientId);

    /**
     * Who a token identifies.
     *
     * @param identityId the principal policies are attached to ({@code AttachPolicy --target}): AWS's Cognito
     *     identity id form {@code <region>:<uuid>}
     * @param subject the token's subject, for the log and lifecycle events
     * @param expiresAt when the token stops being valid: the gateway closes the connection then (MQTT 5: DISCONNECT
     *     {@code 0x87}, lifecycle {@code disconnectReason} {@code CUSTOMAUTH_TTL_EXPIRATION}), so a connection never
     *     outlives its credentials; whatever the token says, the gateway closes a token connection after 24 hours (lifecycle
     *     {@code WEBSOCKET_TTL_EXPIRATION}), as AWS closes every WebSocket connection
     */
    record TokenIdentity(String identityId, String subject, Optional<Instant> expiresAt) {
        public TokenIdentity {
            java.util.Objects.requireNonNull(identityId, "identityId");
            java.util.Objects.requireNonNull(subject, "subject");
            java.util.Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** An identity whose token does not expire by itself. */
        public TokenIdentity(String identityId, String subject) {
            this(identityId, subject, Optional.empty());
        }
    }
}
