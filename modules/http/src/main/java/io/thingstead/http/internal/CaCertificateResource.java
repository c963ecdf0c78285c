package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.pki.api.CaCertificateInfo;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.RegisterCaCertificate;
import io.thingstead.pki.api.RegistrationConfig;
import io.thingstead.pki.api.UpdateCaCertificate;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * Bring your own CA at AWS's paths: GetRegistrationCode, DeleteRegistrationCode, RegisterCACertificate,
 * DescribeCACertificate, ListCACertificates, UpdateCACertificate, DeleteCACertificate.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class CaCertificateResource {
    @Inject
    CaCertificates cas;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @Context
    HttpServletRequest servletRequest;

    @GET
    @Path("registrationcode")
    @ControlPlaneAction(value = "iot:GetRegistrationCode", mutating = false)
    public JsonObject registrationCode() {
        return Json.createObjectBuilder()
                .add("registrationCode", cas.registrationCode())
                .build();
    }

    @DELETE
    @Path("registrationcode")
    @ControlPlaneAction("iot:DeleteRegistrationCode")
    public JsonObject deleteRegistrationCode() {
        cas.deleteRegistrationCode();
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("cacertificate")
    @ControlPlaneAction("iot:RegisterCACertificate")
    public JsonObject register(
            @QueryParam("setAsActive") String setAsActive,
            @QueryParam("allowAutoRegistration") String allowAutoRegistration) {
        JsonObject request = body.json();
        RegisterCaCertificate registration = new RegisterCaCertificate(
                Bodies.string(request, "caCertificate")
                        .orElseThrow(() -> IotException.invalidRequest("caCertificate is required.")),
                Bodies.string(request, "verificationCertificate"),
                Query.bool(setAsActive, false),
                Query.bool(allowAutoRegistration, false),
                registrationConfig(request),
                Bodies.string(request, "certificateMode"));
        CaCertificateInfo ca = taggable.create(
                taggable.fromBody(request, "tags"),
                () -> cas.register(registration),
                CaCertificateInfo::certificateArn);
        if (servletRequest != null) {
            servletRequest.setAttribute(AuditFilter.RESOURCE_ARN, ca.certificateArn());
        }
        return Json.createObjectBuilder()
                .add("certificateArn", ca.certificateArn())
                .add("certificateId", ca.certificateId())
                .build();
    }

    @GET
    @Path("cacertificate/{caCertificateId}")
    @ControlPlaneAction(value = "iot:DescribeCACertificate", mutating = false)
    public JsonObject describe(@PathParam("caCertificateId") String caCertificateId) {
        CaCertificateInfo ca = cas.describe(caCertificateId);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add(
                        "certificateDescription",
                        Json.createObjectBuilder()
                                .add("certificateArn", ca.certificateArn())
                                .add("certificateId", ca.certificateId())
                                .add("status", ca.status().name())
                                .add("certificatePem", ca.certificatePem())
                                .add("ownedBy", ca.ownedBy())
                                .add("creationDate", Bodies.epochSeconds(ca.creationDate()))
                                .add(
                                        "autoRegistrationStatus",
                                        ca.autoRegistrationStatus().name())
                                .add("lastModifiedDate", Bodies.epochSeconds(ca.lastModifiedDate()))
                                .add("customerVersion", ca.customerVersion())
                                .add("generationId", ca.generationId())
                                .add(
                                        "validity",
                                        Json.createObjectBuilder()
                                                .add("notBefore", Bodies.epochSeconds(ca.notBefore()))
                                                .add("notAfter", Bodies.epochSeconds(ca.notAfter())))
                                .add("certificateMode", ca.certificateMode()));
        ca.registrationConfig().ifPresent(config -> json.add("registrationConfig", toJson(config)));
        return json.build();
    }

    @GET
    @Path("cacertificates")
    @ControlPlaneAction(value = "iot:ListCACertificates", mutating = false)
    public JsonObject list(
            @QueryParam("marker") String marker,
            @QueryParam("pageSize") String pageSize,
            @QueryParam("isAscendingOrder") String ascending,
            @QueryParam("templateName") String templateName) {
        Page<CaCertificateInfo> page = cas.list(
                Query.optional(marker),
                Query.pageSize(pageSize),
                Query.bool(ascending, false),
                Query.optional(templateName));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (CaCertificateInfo ca : page.items()) {
            items.add(Json.createObjectBuilder()
                    .add("certificateArn", ca.certificateArn())
                    .add("certificateId", ca.certificateId())
                    .add("status", ca.status().name())
                    .add("creationDate", Bodies.epochSeconds(ca.creationDate())));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("certificates", items);
        page.nextToken().ifPresent(next -> json.add("nextMarker", next));
        return json.build();
    }

    @PUT
    @Path("cacertificate/{caCertificateId}")
    @ControlPlaneAction("iot:UpdateCACertificate")
    public JsonObject update(
            @PathParam("caCertificateId") String caCertificateId,
            @QueryParam("newStatus") String newStatus,
            @QueryParam("newAutoRegistrationStatus") String newAutoRegistrationStatus) {
        JsonObject request = body.json();
        cas.update(new UpdateCaCertificate(
                caCertificateId,
                Query.optional(newStatus),
                Query.optional(newAutoRegistrationStatus),
                registrationConfig(request),
                Bodies.bool(request, "removeAutoRegistration").orElse(false)));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("cacertificate/{caCertificateId}")
    @ControlPlaneAction("iot:DeleteCACertificate")
    public JsonObject delete(@PathParam("caCertificateId") String caCertificateId) {
        cas.delete(caCertificateId);
        taggable.deleted("cacert", caCertificateId);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    static Optional<RegistrationConfig> registrationConfig(JsonObject request) {
        return Bodies.object(request, "registrationConfig")
                .map(config -> new RegistrationConfig(
                        Bodies.string(config, "templateBody"),
                        Bodies.string(config, "roleArn"),
                        Bodies.string(config, "templateName")));
    }

    private static JsonObjectBuilder toJson(RegistrationConfig config) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        config.templateBody().ifPresent(value -> json.add("templateBody", value));
        config.roleArn().ifPresent(value -> json.add("roleArn", value));
        config.templateName().ifPresent(value -> json.add("templateName", value));
        return json;
    }
}
