package io.thingstead.http.internal;

import io.thingstead.common.api.paging.Page;
import io.thingstead.registry.api.ThingTypes;
import io.thingstead.registry.api.ThingTypes.ThingType;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/** Thing types: {@code /thing-types/...}. */
@Path("/thing-types")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ThingTypeResource {
    @Inject
    ThingTypes types;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @POST
    @Path("/{thingTypeName}")
    @ControlPlaneAction("iot:CreateThingType")
    public JsonObject create(@PathParam("thingTypeName") String name) {
        JsonObject request = body.json();
        Optional<JsonObject> properties = Bodies.object(request, "thingTypeProperties");
        ThingType type = taggable.create(
                taggable.fromBody(request, "tags"),
                () -> types.create(
                        name,
                        properties.flatMap(p -> Bodies.string(p, "thingTypeDescription")),
                        properties
                                .map(p -> Bodies.strings(p, "searchableAttributes"))
                                .orElse(java.util.List.of())),
                ThingType::thingTypeArn);
        return Json.createObjectBuilder()
                .add("thingTypeName", type.thingTypeName())
                .add("thingTypeArn", type.thingTypeArn())
                .add("thingTypeId", type.thingTypeId())
                .build();
    }

    @GET
    @Path("/{thingTypeName}")
    @ControlPlaneAction(value = "iot:DescribeThingType", mutating = false)
    public JsonObject describe(@PathParam("thingTypeName") String name) {
        ThingType type = types.describe(name);
        return Json.createObjectBuilder()
                .add("thingTypeName", type.thingTypeName())
                .add("thingTypeId", type.thingTypeId())
                .add("thingTypeArn", type.thingTypeArn())
                .add("thingTypeProperties", properties(type))
                .add("thingTypeMetadata", metadata(type))
                .build();
    }

    @GET
    @ControlPlaneAction(value = "iot:ListThingTypes", mutating = false)
    public JsonObject list(
            @QueryParam("thingTypeName") String name,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        Page<ThingType> page =
                types.list(Query.optional(name), Query.optional(nextToken), Query.maxResults(maxResults));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (ThingType type : page.items()) {
            items.add(Json.createObjectBuilder()
                    .add("thingTypeName", type.thingTypeName())
                    .add("thingTypeArn", type.thingTypeArn())
                    .add("thingTypeProperties", properties(type))
                    .add("thingTypeMetadata", metadata(type)));
        }
        return ThingResource.withNextToken(Json.createObjectBuilder().add("thingTypes", items), page);
    }

    @POST
    @Path("/{thingTypeName}/deprecate")
    @ControlPlaneAction("iot:DeprecateThingType")
    public JsonObject deprecate(@PathParam("thingTypeName") String name) {
        types.deprecate(name, Bodies.bool(body.json(), "undoDeprecate").orElse(false));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("/{thingTypeName}")
    @ControlPlaneAction("iot:DeleteThingType")
    public JsonObject delete(@PathParam("thingTypeName") String name) {
        types.delete(name);
        taggable.deleted("thingtype", name);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    private static JsonObjectBuilder properties(ThingType type) {
        JsonObjectBuilder properties = Json.createObjectBuilder();
        type.description().ifPresent(d -> properties.add("thingTypeDescription", d));
        if (!type.searchableAttributes().isEmpty()) {
            properties.add("searchableAttributes", Json.createArrayBuilder(type.searchableAttributes()));
        }
        return properties;
    }

    private static JsonObjectBuilder metadata(ThingType type) {
        JsonObjectBuilder metadata = Json.createObjectBuilder()
                .add("deprecated", type.deprecated())
                .add("creationDate", Bodies.epochSeconds(type.creationDate()));
        type.deprecationDate().ifPresent(d -> metadata.add("deprecationDate", Bodies.epochSeconds(d)));
        return metadata;
    }
}
