package io.thingstead.http.internal;

import io.thingstead.shadow.api.DeleteOutcome;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowService;
import io.thingstead.shadow.api.UpdateOutcome;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The Device Shadow REST data plane (AWS's {@code iot-data} API, SigV4 service {@code iotdata}): classic shadows and,
 * with {@code ?name=}, named shadows. Same semantics as the MQTT topics; rejections carry AWS's status and type.
 */
@Path("/things/{thingName}/shadow")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ShadowResource {
    @Inject
    ShadowService shadows;

    @Inject
    RequestBody body;

    @GET
    @ControlPlaneAction(value = "iot:GetThingShadow", mutating = false)
    public JsonObject get(@PathParam("thingName") String thing, @QueryParam("name") String name) {
        return switch (shadows.get(id(thing, name), new byte[0])) {
            case GetOutcome.Accepted accepted -> withoutClientToken(accepted.document());
            case Rejected rejected -> throw rejected.error().toIotException();
        };
    }

    @POST
    @ControlPlaneAction("iot:UpdateThingShadow")
    public JsonObject update(@PathParam("thingName") String thing, @QueryParam("name") String name) {
        return switch (shadows.update(id(thing, name), body.bytes())) {
            case UpdateOutcome.Accepted accepted -> accepted.accepted();
            case Rejected rejected -> throw rejected.error().toIotException();
        };
    }

    @DELETE
    @ControlPlaneAction("iot:DeleteThingShadow")
    public JsonObject delete(@PathParam("thingName") String thing, @QueryParam("name") String name) {
        return switch (shadows.delete(id(thing, name), new byte[0])) {
            case DeleteOutcome.Accepted accepted -> withoutClientToken(accepted.document());
            case Rejected rejected -> throw rejected.error().toIotException();
        };
    }

    /**
     * ListNamedShadowsForThing lives under another root path ({@code /api/things/shadow/...}); JAX-RS picks one root
     * resource per request, so it has a class of its own.
     */
    @Path("/api/things/shadow/ListNamedShadowsForThing/{thingName}")
    @Produces(MediaType.APPLICATION_JSON)
    @RequestScoped
    public static class NamedShadowListing {
        @Inject
        ShadowService shadows;

        @GET
        @ControlPlaneAction(value = "iot:ListNamedShadowsForThing", mutating = false)
        public JsonObject listNamed(
                @PathParam("thingName") String thing,
                @QueryParam("nextToken") String nextToken,
                @QueryParam("pageSize") String pageSize) {
            ShadowService.NamedShadowPage page =
                    shadows.listNamedShadows(thing, Query.optional(nextToken), Query.maxResults(pageSize));
            var json = Json.createObjectBuilder().add("results", Json.createArrayBuilder(page.names()));
            page.nextToken().ifPresent(token -> json.add("nextToken", token));
            return json.add("timestamp", page.timestamp()).build();
        }
    }

    private static ShadowId id(String thing, String name) {
        return name == null || name.isEmpty() ? ShadowId.classic(thing) : ShadowId.named(thing, name);
    }

    /** REST requests carry no client token; the documents must not invent one. */
    private static JsonObject withoutClientToken(JsonObject document) {
        if (!document.containsKey("clientToken")) {
            return document;
        }
        var copy = Json.createObjectBuilder(document);
        copy.remove("clientToken");
        return copy.build();
    }
}
