package io.thingstead.provisioning.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.pki.api.CertificateAutoRegistered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Just-in-time registration's MQTT event: {@code $aws/events/certificates/registered/<caCertificateId>} when a
 * certificate of a CA with auto-registration first connects, as AWS publishes it, once the registration committed.
 * (The PKI fires {@link CertificateAutoRegistered}; it cannot publish itself, because the gateway depends on the PKI
 * for authentication.)
 */
@ApplicationScoped
public class RegistrationEvents {
    private static final Logger LOG = Logger.getLogger(RegistrationEvents.class);

    @Inject
    Gateway gateway;

    @Inject
    PlatformIdentity platform;

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
