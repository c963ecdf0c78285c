package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.CrlImportStatus;
import io.thingstead.pki.api.PublishedPki;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thingstead's PKI publications and its own operations (no AWS equivalent):
 *
 * <ul>
 *   <li>without a signature ({@link PublicRead}): {@code GET /pki/root-ca.pem}, {@code GET /pki/ca-chain.pem} and
 *       {@code GET /pki/crl/<caCertificateId>.crl} (DER, {@code application/pkix-crl}), the URL written into the CRL
 *       distribution points of the certificates Thingstead issues;
 *   <li>signed: {@code POST /pki/ca/<caCertificateId>/crl} uploads a registered CA's CRL (PEM or DER body), {@code PUT
 *       /pki/ca/<caCertificateId>/crl-url} sets the URL it is fetched from ({@code {"crlUrl": "https://..."}}, null
 *       to stop).
 * </ul>
 */
@Path("/pki")
@RequestScoped
public class PkiResource {
    static final String PEM = "application/x-pem-file";
    static final String CRL = "application/pkix-crl";
    private static final Pattern CRL_FILE = Pattern.compile("([0-9a-f]{64})\\.crl");

    @Inject
    PublishedPki published;

    @Inject
    CaCertificates cas;

    @Inject
    RequestBody body;

    @GET
    @Path("root-ca.pem")
    @Produces(PEM)
    @PublicRead
    public Response rootCa() {
        return Response.ok(published.rootCertificatePem(), PEM)
                .cacheControl(maxAge(3600))
                .build();
    }

    @GET
    @Path("ca-chain.pem")
    @Produces(PEM)
    @PublicRead
    public Response caChain() {
        return Response.ok(published.caChainPem(), PEM)
                .cacheControl(maxAge(3600))
                .build();
    }

    @GET
    @Path("crl/{file}")
    @Produces(CRL)
    @PublicRead
    public Response crl(@PathParam("file") String file) {
        Matcher name = CRL_FILE.matcher(file);
        if (!name.matches()) {
            throw IotException.notFound("No such CRL: expected /pki/crl/<64 hex digit CA certificate id>.crl.");
        }
        byte[] der = published
                .crl(name.group(1))
                .orElseThrow(() -> IotException.notFound("Thingstead publishes no CRL for CA " + name.group(1) + "."));
        return Response.ok(der, CRL).cacheControl(maxAge(0)).build();
    }

    @POST
    @Path("ca/{caCertificateId}/crl")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @ControlPlaneAction("iot:ImportCACertificateCrl")
    public JsonObject importCrl(@PathParam("caCertificateId") String caCertificateId) {
        return status(cas.importCrl(caCertificateId, body.bytes()));
    }

    @PUT
    @Path("ca/{caCertificateId}/crl-url")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @ControlPlaneAction("iot:SetCACertificateCrlUrl")
    public JsonObject setCrlUrl(@PathParam("caCertificateId") String caCertificateId) {
        return status(cas.setCrlUrl(caCertificateId, Bodies.string(body.json(), "crlUrl")));
    }

    private static CacheControl maxAge(int seconds) {
        CacheControl control = new CacheControl();
        control.setMaxAge(seconds);
        return control;
    }

    private static JsonObject status(CrlImportStatus status) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("caCertificateId", status.caCertificateId());
        status.crlUrl().ifPresent(url -> json.add("crlUrl", url));
        status.crlNumber().ifPresent(number -> json.add("crlNumber", number));
        status.thisUpdate().ifPresent(time -> json.add("thisUpdate", Bodies.epochSeconds(time)));
        status.nextUpdate().ifPresent(time -> json.add("nextUpdate", Bodies.epochSeconds(time)));
        json.add("revokedCount", status.revokedCount());
        status.source().ifPresent(source -> json.add("source", source));
        status.importedAt().ifPresent(time -> json.add("importedAt", Bodies.epochSeconds(time)));
        status.lastError().ifPresent(error -> json.add("lastError", error));
        return json.build();
    }
}
