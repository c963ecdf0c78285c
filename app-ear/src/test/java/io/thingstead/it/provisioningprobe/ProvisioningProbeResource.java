package io.thingstead.it.provisioningprobe;

import io.thingstead.pki.api.AuthenticationResult;
import io.thingstead.pki.api.DeviceAuthenticator;
import io.thingstead.provisioning.api.ClaimContext;
import io.thingstead.provisioning.api.FleetProvisioning;
import io.thingstead.provisioning.api.ProvisioningResponse;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** What the gateway will do with provisioning topics and client certificates, over HTTP for the integration test. */
@Path("/")
@RequestScoped
public class ProvisioningProbeResource {
    @Inject
    FleetProvisioning fleet;

    @Inject
    DeviceAuthenticator authenticator;

    /** A publish by a device connected with the claim certificate {@code claim}: the response the gateway sends back. */
    @POST
    @Path("publish")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject publish(
            byte[] payload,
            @QueryParam("topic") String topic,
            @QueryParam("claim") String claim,
            @QueryParam("clientId") String clientId) {
        Optional<ProvisioningResponse> response =
                fleet.handle(topic, new ClaimContext(claim, clientId, Optional.of("192.0.2.7")), payload);
        JsonObjectBuilder json = Json.createObjectBuilder().add("handled", response.isPresent());
        response.ifPresent(value -> json.add("topic", value.responseTopic())
                .add("accepted", value.accepted())
                .add(
                        "payload",
                        Json.createReader(new ByteArrayInputStream(value.payloadBytes()))
                                .readObject()));
        return json.build();
    }

    @POST
    @Path("authenticate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject authenticate(String pemChain) throws GeneralSecurityException {
        AuthenticationResult result = authenticator.authenticate(chain(pemChain));
        JsonObjectBuilder json = Json.createObjectBuilder().add("accepted", result.accepted());
        result.certificateId().ifPresent(id -> json.add("certificateId", id));
        if (result instanceof AuthenticationResult.Refused refused) {
            json.add("reason", refused.reason().name()).add("detail", refused.detail());
        }
        return json.build();
    }

    private static X509Certificate[] chain(String pem) throws GeneralSecurityException {
        List<? extends Certificate> certificates = List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        return certificates.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }
}
