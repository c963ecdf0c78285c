package io.thingstead.gateway.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.pki.api.CertificateAutoRegistered;
import io.thingstead.provisioning.api.ClaimContext;
import io.thingstead.provisioning.api.FleetProvisioning;
import io.thingstead.provisioning.api.ProvisioningResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The PKI's device-facing MQTT APIs, served over the gateway:
 *
 * <ul>
 *   <li>Fleet provisioning by claim: a PUBLISH on {@code $aws/certificates/create/json}, {@code
 *       $aws/certificates/create-from-csr/json} or {@code $aws/provisioning-templates/<name>/provision/json} (already
 *       allowed by the claim certificate's policy) is answered on its {@code /accepted} or {@code /rejected} topic,
 *       to the requesting client only: CreateKeysAndCertificate's answer carries a private key, and every device of a
 *       factory shares the claim certificate and its policy.
 *   <li>Just-in-time registration: {@code $aws/events/certificates/registered/<caCertificateId>} when a certificate
 *       of a CA with auto-registration first connects, as AWS publishes it.
 * </ul>
 */
@ApplicationScoped
public class PlatformRequests {
    private static final Logger LOG = Logger.getLogger(PlatformRequests.class);

    @Inject
    FleetProvisioning provisioning;

    @Inject
    Gateway gateway;

    @Inject
    PlatformIdentity platform;

    void onMessage(@Observes DeviceMessage message) {
        if (message.origin() != DeviceMessage.Origin.MQTT
                || message.clientId().isEmpty()
                || !(message.topic().startsWith("$aws/certificates/")
                        || message.topic().startsWith("$aws/provisioning-templates/"))) {
            return;
        }
        String clientId = message.clientId().get();
        Optional<ProvisioningResponse> response = provisioning.handle(
                message.topic(), new ClaimContext(message.principal(), clientId, Optional.empty()), message.payload());
        if (response.isEmpty()) {
            return;
        }
        OutboundMessage answer = OutboundMessage.builder(response.get().responseTopic())
                .payload(response.get().payloadBytes())
                .qos(1)
                .build();
        gateway.publishToClient(answer, clientId).whenComplete((delivered, failure) -> {
            if (failure != null) {
                LOG.warnf(failure, "could not answer %s on %s", clientId, answer.topic());
            } else if (!delivered) {
                LOG.debugf(
                        "%s is not subscribed to %s: the provisioning answer was not delivered",
                        clientId, answer.topic());
            }
        });
    }

    void onAutoRegistered(@Observes(during = TransactionPhase.AFTER_SUCCESS) CertificateAutoRegistered registered) {
        if (!gateway.running()) {
            return;
        }
        String payload = Json.createObjectBuilder()
                .add("certificateId", registered.certificateId())
                .add("caCertificateId", registered.caCertificateId())
                .add("timestamp", registered.registeredAt().toEpochMilli())
                .add("certificateStatus", "PENDING_ACTIVATION")
                .add("awsAccountId", platform.accountId())
                .add(
                        "certificateRegistrationTimestamp",
                        registered.registeredAt().toEpochMilli())
                .build()
                .toString();
        try {
            gateway.publish(OutboundMessage.builder(
                                    "$aws/events/certificates/registered/" + registered.caCertificateId())
                            .payload(payload.getBytes(StandardCharsets.UTF_8))
                            .qos(1)
                            .build())
                    .exceptionally(failure -> {
                        LOG.warnf(failure, "could not publish the registration of %s", registered.certificateId());
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not publish the registration of %s", registered.certificateId());
        }
    }
}
