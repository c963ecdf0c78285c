package io.thingstead.provisioning.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Who published a fleet provisioning request: the MQTT connection's authenticated certificate (the claim certificate,
 * {@code AuthenticationResult.Accepted#id()}) and client id, as the gateway knows them.
 *
 * @param sourceAddress the device's address, for the audit trail
 */
public record ClaimContext(String claimCertificateId, String clientId, Optional<String> sourceAddress) {
    public ClaimContext {
        Objects.requireNonNull(claimCertificateId, "claimCertificateId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
    }
}
