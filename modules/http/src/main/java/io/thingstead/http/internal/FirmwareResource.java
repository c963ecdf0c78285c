package io.thingstead.http.internal;

import io.thingstead.common.api.paging.Page;
import io.thingstead.jobs.api.FirmwareFiles;
import io.thingstead.jobs.api.FirmwareFiles.FirmwareInfo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Optional;

/**
 * Firmware files for over-the-air updates (a Thingstead addition; AWS keeps them in S3): {@code PUT /firmware/{name}}
 * stores a file (signed with SigV4; the body's SHA-256 in {@code x-amz-content-sha256}, checked against the body),
 * {@code GET} describes it, {@code DELETE} removes it, {@code GET /firmware} lists them. Job documents name a file
 * with {@code ${aws:iot:s3-presigned-url:https://<endpoint>/firmware/<name>}} (docs/jobs.md).
 */
@Path("/firmware")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class FirmwareResource {
    @Inject
    FirmwareFiles firmware;

    /** The filters' request properties are the servlet request's attributes ({@code ContainerRequestContext} is not injectable here). */
    @Context
    HttpServletRequest servletRequest;

    @PUT
    @Path("/{firmwareName}")
    @Consumes(MediaType.WILDCARD)
    @ControlPlaneAction("iot:UploadFirmware")
    public JsonObject upload(
            @PathParam("firmwareName") String name,
            @HeaderParam("x-amz-content-sha256") String declared,
            @HeaderParam("Content-Length") String length,
            InputStream content) {
        Caller caller = (Caller) servletRequest.getAttribute(SigV4AuthenticationFilter.CALLER);
        long declaredLength = length == null || length.isEmpty() ? -1 : Long.parseLong(length);
        return json(firmware.store(name, content, declaredLength, Optional.ofNullable(declared), caller.actor()));
    }

    @GET
    @Path("/{firmwareName}")
    @ControlPlaneAction(value = "iot:DescribeFirmware", mutating = false)
    public JsonObject describe(@PathParam("firmwareName") String name) {
        return json(firmware.describe(name));
    }

    @GET
    @ControlPlaneAction(value = "iot:ListFirmware", mutating = false)
    public JsonObject list(@QueryParam("nextToken") String nextToken, @QueryParam("maxResults") String maxResults) {
        Page<FirmwareInfo> page = firmware.list(Query.optional(nextToken), Query.maxResults(maxResults));
        JsonArrayBuilder files = Json.createArrayBuilder();
        page.items().forEach(f -> files.add(json(f)));
        JsonObjectBuilder answer = Json.createObjectBuilder().add("firmware", files);
        page.nextToken().ifPresent(t -> answer.add("nextToken", t));
        return answer.build();
    }

    @DELETE
    @Path("/{firmwareName}")
    @ControlPlaneAction("iot:DeleteFirmware")
    public void delete(@PathParam("firmwareName") String name) {
        firmware.delete(name);
    }

    private static JsonObject json(FirmwareInfo file) {
        return Json.createObjectBuilder()
                .add("name", file.name())
                .add("size", file.size())
                .add("sha256", file.sha256())
                .add("signature", file.signature())
                .add("signatureAlgorithm", file.signatureAlgorithm())
                .add("certificateChain", file.certificateChainPem())
                .add("uploadedBy", file.uploadedBy())
                .add("createdAt", Bodies.epochSeconds(file.createdAt()))
                .build();
    }
}
