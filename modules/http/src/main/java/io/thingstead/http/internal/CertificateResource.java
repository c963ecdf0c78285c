package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.pki.api.CertificateInfo;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.pki.api.NewKeysAndCertificate;
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

/**
 * Device certificates at AWS's paths: CreateKeysAndCertificate, CreateCertificateFromCsr, DescribeCertificate,
 * ListCertificates, ListCertificatesByCA, UpdateCertificate, DeleteCertificate, RegisterCertificate,
 * RegisterCertificateWithoutCA.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class CertificateResource {
    @Inject
    DeviceCertificates certificates;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @Context
    HttpServletRequest servletRequest;

    @POST
    @Path("keys-and-certificate")
    @ControlPlaneAction("iot:CreateKeysAndCertificate")
    public JsonObject createKeysAndCertificate(@QueryParam("setAsActive") String setAsActive) {
        NewKeysAndCertificate created = certificates.createKeysAndCertificate(Query.bool(setAsActive, false));
        CertificateInfo certificate = created.certificate();
        audited(certificate.certificateArn());
        return Json.createObjectBuilder()
                .add("certificateArn", certificate.certificateArn())
                .add("certificateId", certificate.certificateId())
                .add("certificatePem", certificate.certificatePem())
                .add(
                        "keyPair",
                        Json.createObjectBuilder()
                                .add("PublicKey", created.keyPair().publicKeyPem())
                                .add("PrivateKey", created.keyPair().privateKeyPem()))
                .build();
    }

    @POST
    @Path("certificates")
    @ControlPlaneAction("iot:CreateCertificateFromCsr")
    public JsonObject createFromCsr(@QueryParam("setAsActive") String setAsActive) {
        String csr = Bodies.string(body.json(), "certificateSigningRequest")
                .orElseThrow(() -> IotException.invalidRequest("certificateSigningRequest is required."));
        return created(certificates.createFromCsr(csr, Query.bool(setAsActive, false)), true);
    }

    @GET
    @Path("certificates/{certificateId}")
    @ControlPlaneAction(value = "iot:DescribeCertificate", mutating = false)
    public JsonObject describe(@PathParam("certificateId") String certificateId) {
        CertificateInfo certificate = certificates.describe(certificateId);
        JsonObjectBuilder description = Json.createObjectBuilder()
                .add("certificateArn", certificate.certificateArn())
                .add("certificateId", certificate.certificateId());
        certificate.caCertificateId().ifPresent(ca -> description.add("caCertificateId", ca));
        description
                .add("status", certificate.status().name())
                .add("certificatePem", certificate.certificatePem())
                .add("ownedBy", certificate.ownedBy())
                .add("creationDate", Bodies.epochSeconds(certificate.creationDate()))
                .add("lastModifiedDate", Bodies.epochSeconds(certificate.lastModifiedDate()))
                .add("customerVersion", certificate.customerVersion())
                .add("generationId", certificate.generationId())
                .add(
                        "validity",
                        Json.createObjectBuilder()
                                .add("notBefore", Bodies.epochSeconds(certificate.notBefore()))
                                .add("notAfter", Bodies.epochSeconds(certificate.notAfter())))
                .add("certificateMode", certificate.certificateMode());
        return Json.createObjectBuilder()
                .add("certificateDescription", description)
                .build();
    }

    @GET
    @Path("certificates")
    @ControlPlaneAction(value = "iot:ListCertificates", mutating = false)
    public JsonObject list(
            @QueryParam("marker") String marker,
            @QueryParam("pageSize") String pageSize,
            @QueryParam("isAscendingOrder") String ascending) {
        return page(certificates.list(Query.optional(marker), Query.pageSize(pageSize), Query.bool(ascending, false)));
    }

    @GET
    @Path("certificates-by-ca/{caCertificateId}")
    @ControlPlaneAction(value = "iot:ListCertificatesByCA", mutating = false)
    public JsonObject listByCa(
            @PathParam("caCertificateId") String caCertificateId,
            @QueryParam("marker") String marker,
            @QueryParam("pageSize") String pageSize,
            @QueryParam("isAscendingOrder") String ascending) {
        return page(certificates.listByCa(
                caCertificateId, Query.optional(marker), Query.pageSize(pageSize), Query.bool(ascending, false)));
    }

    @PUT
    @Path("certificates/{certificateId}")
    @ControlPlaneAction("iot:UpdateCertificate")
    public JsonObject update(
            @PathParam("certificateId") String certificateId, @QueryParam("newStatus") String newStatus) {
        certificates.updateStatus(certificateId, newStatus);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("certificates/{certificateId}")
    @ControlPlaneAction("iot:DeleteCertificate")
    public JsonObject delete(
            @PathParam("certificateId") String certificateId, @QueryParam("forceDelete") String forceDelete) {
        certificates.delete(certificateId, Query.bool(forceDelete, false));
        taggable.deleted("cert", certificateId);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("certificate/register")
    @ControlPlaneAction("iot:RegisterCertificate")
    public JsonObject register(@QueryParam("setAsActive") String setAsActive) {
        JsonObject request = body.json();
        CertificateInfo certificate = certificates.register(
                Bodies.string(request, "certificatePem")
                        .orElseThrow(() -> IotException.invalidRequest("certificatePem is required.")),
                Bodies.string(request, "caCertificatePem"),
                Bodies.string(request, "status"),
                Query.bool(setAsActive, false));
        return created(certificate, false);
    }

    @POST
    @Path("certificate/register-no-ca")
    @ControlPlaneAction("iot:RegisterCertificateWithoutCA")
    public JsonObject registerWithoutCa() {
        JsonObject request = body.json();
        CertificateInfo certificate = certificates.registerWithoutCa(
                Bodies.string(request, "certificatePem")
                        .orElseThrow(() -> IotException.invalidRequest("certificatePem is required.")),
                Bodies.string(request, "status"));
        return created(certificate, false);
    }

    private JsonObject created(CertificateInfo certificate, boolean withPem) {
        audited(certificate.certificateArn());
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("certificateArn", certificate.certificateArn())
                .add("certificateId", certificate.certificateId());
        if (withPem) {
            json.add("certificatePem", certificate.certificatePem());
        }
        return json.build();
    }

    private void audited(String arn) {
        if (servletRequest != null) {
            servletRequest.setAttribute(AuditFilter.RESOURCE_ARN, arn);
        }
    }

    private static JsonObject page(Page<CertificateInfo> page) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (CertificateInfo certificate : page.items()) {
            items.add(Json.createObjectBuilder()
                    .add("certificateArn", certificate.certificateArn())
                    .add("certificateId", certificate.certificateId())
                    .add("status", certificate.status().name())
                    .add("certificateMode", certificate.certificateMode())
                    .add("creationDate", Bodies.epochSeconds(certificate.creationDate())));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("certificates", items);
        page.nextToken().ifPresent(marker -> json.add("nextMarker", marker));
        return json.build();
    }
}
