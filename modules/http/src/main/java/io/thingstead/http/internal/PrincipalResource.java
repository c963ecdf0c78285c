package io.thingstead.http.internal;

import io.thingstead.common.api.paging.Page;
import io.thingstead.registry.api.ThingPrincipals;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** ListPrincipalThings: {@code /principals/things} with the principal in {@code x-amzn-principal}. */
@Path("/principals/things")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class PrincipalResource {
    @Inject
    ThingPrincipals principals;

    @GET
    @ControlPlaneAction(value = "iot:ListPrincipalThings", mutating = false)
    public JsonObject listThings(
            @HeaderParam(ThingResource.PRINCIPAL_HEADER) String principal,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        Page<String> page = principals.listThings(principal, Query.optional(nextToken), Query.maxResults(maxResults));
        return ThingResource.withNextToken(
                Json.createObjectBuilder().add("things", Json.createArrayBuilder(page.items())), page);
    }
}
