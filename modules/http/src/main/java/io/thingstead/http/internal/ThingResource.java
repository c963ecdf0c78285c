package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.registry.api.ThingCommands.CreateThing;
import io.thingstead.registry.api.ThingCommands.ListThings;
import io.thingstead.registry.api.ThingCommands.UpdateThing;
import io.thingstead.registry.api.ThingDescription;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.ThingPrincipals;
import io.thingstead.registry.api.Things;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Optional;

/** The AWS IoT control plane's thing operations: {@code /things/...}. */
@Path("/things")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ThingResource {
    static final String PRINCIPAL_HEADER = "x-amzn-principal";

    @Inject
    Things things;

    @Inject
    ThingPrincipals principals;

    @Inject
    ThingGroups groups;

    @Inject
    RequestBody body;

    @POST
    @Path("/{thingName}")
    @ControlPlaneAction("iot:CreateThing")
    public JsonObject create(@PathParam("thingName") String thingName) {
        JsonObject request = body.json();
        Optional<String> billingGroup = Bodies.string(request, "billingGroupName");
        if (billingGroup.isPresent()) {
            throw IotException.notFound("Billing group " + billingGroup.get() + " cannot be found.");
        }
        Map<String, String> attributes = Bodies.object(request, "attributePayload")
                .flatMap(p -> Bodies.stringMap(p, "attributes"))
                .orElse(Map.of());
        ThingDescription thing =
                things.create(new CreateThing(thingName, Bodies.string(request, "thingTypeName"), attributes));
        return Json.createObjectBuilder()
                .add("thingName", thing.thingName())
                .add("thingArn", thing.thingArn())
                .add("thingId", thing.thingId())
                .build();
    }

    @GET
    @Path("/{thingName}")
    @ControlPlaneAction(value = "iot:DescribeThing", mutating = false)
    public JsonObject describe(@PathParam("thingName") String thingName) {
        ThingDescription thing = things.describe(thingName);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("defaultClientId", thing.thingName())
                .add("thingName", thing.thingName())
                .add("thingId", thing.thingId())
                .add("thingArn", thing.thingArn());
        thing.thingTypeName().ifPresent(type -> json.add("thingTypeName", type));
        return json.add("attributes", attributes(thing.attributes()))
                .add("version", thing.version())
                .build();
    }

    @PATCH
    @Path("/{thingName}")
    @ControlPlaneAction("iot:UpdateThing")
    public JsonObject update(@PathParam("thingName") String thingName) {
        JsonObject request = body.json();
        Optional<JsonObject> payload = Bodies.object(request, "attributePayload");
        things.update(new UpdateThing(
                thingName,
                Bodies.string(request, "thingTypeName"),
                Bodies.bool(request, "removeThingType").orElse(false),
                payload.flatMap(p -> Bodies.stringMap(p, "attributes")),
                payload.flatMap(p -> Bodies.bool(p, "merge")).orElse(false),
                Bodies.integer(request, "expectedVersion")));
        return jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("/{thingName}")
    @ControlPlaneAction("iot:DeleteThing")
    public JsonObject delete(
            @PathParam("thingName") String thingName, @QueryParam("expectedVersion") String expectedVersion) {
        things.delete(thingName, Query.version("expectedVersion", expectedVersion));
        return jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @ControlPlaneAction(value = "iot:ListThings", mutating = false)
    public JsonObject list(
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("attributeName") String attributeName,
            @QueryParam("attributeValue") String attributeValue,
            @QueryParam("thingTypeName") String thingTypeName,
            @QueryParam("usePrefixAttributeValue") String usePrefix) {
        Page<ThingDescription> page = things.list(new ListThings(
                Query.optional(attributeName),
                Query.optional(attributeValue),
                Query.bool(usePrefix, false),
                Query.optional(thingTypeName),
                Query.optional(nextToken),
                Query.maxResults(maxResults)));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (ThingDescription thing : page.items()) {
            JsonObjectBuilder item = Json.createObjectBuilder().add("thingName", thing.thingName());
            thing.thingTypeName().ifPresent(type -> item.add("thingTypeName", type));
            items.add(item.add("thingArn", thing.thingArn())
                    .add("attributes", attributes(thing.attributes()))
                    .add("version", thing.version()));
        }
        return withNextToken(Json.createObjectBuilder().add("things", items), page);
    }

    @PUT
    @Path("/{thingName}/principals")
    @ControlPlaneAction("iot:AttachThingPrincipal")
    public JsonObject attachPrincipal(
            @PathParam("thingName") String thingName, @HeaderParam(PRINCIPAL_HEADER) String principal) {
        principals.attach(thingName, principal);
        return jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("/{thingName}/principals")
    @ControlPlaneAction("iot:DetachThingPrincipal")
    public JsonObject detachPrincipal(
            @PathParam("thingName") String thingName, @HeaderParam(PRINCIPAL_HEADER) String principal) {
        principals.detach(thingName, principal);
        return jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("/{thingName}/principals")
    @ControlPlaneAction(value = "iot:ListThingPrincipals", mutating = false)
    public JsonObject listPrincipals(
            @PathParam("thingName") String thingName,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        Page<String> page =
                principals.listPrincipals(thingName, Query.optional(nextToken), Query.maxResults(maxResults));
        return withNextToken(Json.createObjectBuilder().add("principals", Json.createArrayBuilder(page.items())), page);
    }

    @GET
    @Path("/{thingName}/thing-groups")
    @ControlPlaneAction(value = "iot:ListThingGroupsForThing", mutating = false)
    public JsonObject listGroups(
            @PathParam("thingName") String thingName,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        Page<ThingGroups.GroupRef> page =
                groups.listGroupsForThing(thingName, Query.optional(nextToken), Query.maxResults(maxResults));
        return withNextToken(Json.createObjectBuilder().add("thingGroups", ThingGroupResource.refs(page)), page);
    }

    static JsonObjectBuilder attributes(Map<String, String> attributes) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        attributes.forEach(json::add);
        return json;
    }

    static JsonObject withNextToken(JsonObjectBuilder json, Page<?> page) {
        page.nextToken().ifPresent(token -> json.add("nextToken", token));
        return json.build();
    }
}
