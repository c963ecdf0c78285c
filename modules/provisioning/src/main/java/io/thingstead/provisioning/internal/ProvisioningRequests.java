package io.thingstead.provisioning.internal;

import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.gateway.api.ServiceOutput;
import io.thingstead.gateway.api.ServiceRequest;
import io.thingstead.gateway.api.ServiceRoute;
import io.thingstead.provisioning.api.ClaimContext;
import io.thingstead.provisioning.api.FleetProvisioning;
import io.thingstead.provisioning.api.ProvisioningResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Fleet provisioning by claim over MQTT, a {@link DeviceService} of the gateway: a PUBLISH on {@code
 * $aws/certificates/create/json}, {@code $aws/certificates/create-from-csr/json} or {@code
 * $aws/provisioning-templates/<name>/provision/json} (already allowed by the claim certificate's policy) is answered on
 * its {@code /accepted} or {@code /rejected} topic, to the requesting client only: CreateKeysAndCertificate's answer
 * carries a private key, and every device of a factory shares the claim certificate and its policy. The database work
 * runs on this service's own lanes, not on the gateway's.
 */
@ApplicationScoped
public class ProvisioningRequests implements DeviceService {
    private static final Logger LOG = Logger.getLogger(ProvisioningRequests.class);

    @Inject
    FleetProvisioning provisioning;

    @Override
    public ServiceRoute route() {
        return ServiceRoute.builder("provisioning")
                .filter("$aws/certificates/create/json")
                .filter("$aws/certificates/create-from-csr/json")
                .filter("$aws/provisioning-templates/+/provision/json")
                .lanes(2)
                .queueCapacity(10_000)
                .build();
    }

    @Override
    public void serve(ServiceRequest request, ServiceOutput output) {
        DeviceMessage message = request.message();
        if (message.origin() != DeviceMessage.Origin.MQTT || message.clientId().isEmpty()) {
            return; // the answer goes to the requesting client only: an HTTPS caller has none
        }
        String clientId = message.clientId().get();
        Optional<ProvisioningResponse> response = provisioning.handle(
                message.topic(), new ClaimContext(message.principal(), clientId, Optional.empty()), message.payload());
        if (response.isEmpty()) {
            return;
        }
        if (!response.get().accepted()) {
            output.rejected("answered on " + response.get().responseTopic());
        }
        OutboundMessage answer = OutboundMessage.builder(response.get().responseTopic())
                .payload(response.get().payloadBytes())
                .qos(1)
                .build();
        output.replyToRequester(answer).whenComplete((delivered, failure) -> {
            if (failure == null && !delivered) {
                LOG.debugf(
                        "%s is not subscribed to %s: the provisioning answer was not delivered",
                        clientId, answer.topic());
            }
        });
    }
}
