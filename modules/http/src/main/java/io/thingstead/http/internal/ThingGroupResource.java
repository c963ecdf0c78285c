package io.thingstead.http.internal;

import io.thingstead.common.api.Arn;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.ThingGroups.GroupRef;
import io.thingstead.registry.api.ThingGroups.ThingGroup;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/** Static and dynamic thing groups: {@code /thing-groups/...} and {@code /dynamic-thing-groups/...}. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ThingGroupResource {
    @Inject
    ThingGroups groups;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @POST
    @Path("thing-groups/{thingGroupName}")
    @ControlPlaneAction("iot:CreateThingGroup")
    public JsonObject create(@PathParam("thingGroupName") String name) {
        JsonObject request = body.json();
        Optional<JsonObject> properties = Bodies.object(request, "thingGroupProperties");
        ThingGroup group = taggable.create(
                taggable.fromBody(request, "tags"),
                () -> groups.create(
                        name,
                        Bodies.string(request, "parentGroupName"),
                        properties.flatMap(p -> Bodies.string(p, "thingGroupDescription")),
                        attributes(properties).orElse(Map.of())),
                ThingGroup::thingGroupArn);
        return Json.createObjectBuilder()
                .add("thingGroupName", group.thingGroupName())
                .add("thingGroupArn", group.thingGroupArn())
                .add("thingGroupId", group.thingGroupId())
                .build();
    }

    @POST
    @Path("dynamic-thing-groups/{thingGroupName}")
    @ControlPlaneAction("iot:CreateDynamicThingGroup")
    public JsonObject createDynamic(@PathParam("thingGroupName") String name) {
        JsonObject request = body.json();
        Optional<JsonObject> properties = Bodies.object(request, "thingGroupProperties");
        String query = Bodies.string(request, "queryString")
                .orElseThrow(() -> IotException.invalidRequest("queryString is required."));
        ThingGroup group = taggable.create(
                taggable.fromBody(request, "tags"),
                () -> groups.createDynamic(
                        name,
                        properties.flatMap(p -> Bodies.string(p, "thingGroupDescription")),
                        attributes(properties).orElse(Map.of()),
                        Bodies.string(request, "indexName"),
                        query,
                        Bodies.string(request, "queryVersion")),
                ThingGroup::thingGroupArn);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("thingGroupName", group.thingGroupName())
                .add("thingGroupArn", group.thingGroupArn())
                .add("thingGroupId", group.thingGroupId());
        group.indexName().ifPresent(i -> json.add("indexName", i));
        group.queryString().ifPresent(q -> json.add("queryString", q));
        group.queryVersion().ifPresent(v -> json.add("queryVersion", v));
        return json.build();
    }

    @GET
    @Path("thing-groups/{thingGroupName}")
    @ControlPlaneAction(value = "iot:DescribeThingGroup", mutating = false)
    public JsonObject describe(@PathParam("thingGroupName") String name) {
        ThingGroup group = groups.describe(name);
        JsonObjectBuilder properties = Json.createObjectBuilder();
        group.description().ifPresent(d -> properties.add("thingGroupDescription", d));
        properties.add(
                "attributePayload",
                Json.createObjectBuilder().add("attributes", ThingResource.attributes(group.attributes())));
        JsonObjectBuilder metadata = Json.createObjectBuilder();
        group.parentGroupName().ifPresent(p -> metadata.add("parentGroupName", p));
        if (!group.rootToParentThingGroups().isEmpty()) {
            metadata.add("rootToParentThingGroups", refs(group.rootToParentThingGroups()));
        }
        metadata.add("creationDate", Bodies.epochSeconds(group.creationDate()));
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("thingGroupName", group.thingGroupName())
                .add("thingGroupId", group.thingGroupId())
                .add("thingGroupArn", group.thingGroupArn())
                .add("version", group.version())
                .add("thingGroupProperties", properties)
                .add("thingGroupMetadata", metadata);
        group.indexName().ifPresent(i -> json.add("indexName", i));
        group.queryString().ifPresent(q -> json.add("queryString", q));
        group.queryVersion().ifPresent(v -> json.add("queryVersion", v));
        if (group.dynamic()) {
            json.add("status", "ACTIVE");
        }
        return json.build();
    }

    @PATCH
    @Path("thing-groups/{thingGroupName}")
    @ControlPlaneAction("iot:UpdateThingGroup")
    public JsonObject update(@PathParam("thingGroupName") String name) {
        JsonObject request = body.json();
        Optional<JsonObject> properties = Bodies.object(request, "thingGroupProperties");
        long version = groups.update(
                name,
                properties.flatMap(p -> Bodies.string(p, "thingGroupDescription")),
                attributes(properties),
                merge(properties),
                Bodies.integer(request, "expectedVersion"));
        return Json.createObjectBuilder().add("version", version).build();
    }

    @PATCH
    @Path("dynamic-thing-groups/{thingGroupName}")
    @ControlPlaneAction("iot:UpdateDynamicThingGroup")
    public JsonObject updateDynamic(@PathParam("thingGroupName") String name) {
        JsonObject request = body.json();
        Optional<JsonObject> properties = Bodies.object(request, "thingGroupProperties");
        long version = groups.updateDynamic(
                name,
                properties.flatMap(p -> Bodies.string(p, "thingGroupDescription")),
                attributes(properties),
                merge(properties),
                Bodies.string(request, "queryString"),
                Bodies.integer(request, "expectedVersion"));
        return Json.createObjectBuilder().add("version", version).build();
    }

    @DELETE
    @Path("thing-groups/{thingGroupName}")
    @ControlPlaneAction("iot:DeleteThingGroup")
    public JsonObject delete(
            @PathParam("thingGroupName") String name, @QueryParam("expectedVersion") String expectedVersion) {
        groups.delete(name, Query.version("expectedVersion", expectedVersion), false);
        taggable.deleted("thinggroup", name);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("dynamic-thing-groups/{thingGroupName}")
    @ControlPlaneAction("iot:DeleteDynamicThingGroup")
    public JsonObject deleteDynamic(
            @PathParam("thingGroupName") String name, @QueryParam("expectedVersion") String expectedVersion) {
        groups.delete(name, Query.version("expectedVersion", expectedVersion), true);
        taggable.deleted("thinggroup", name);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("thing-groups")
    @ControlPlaneAction(value = "iot:ListThingGroups", mutating = false)
    public JsonObject list(
            @QueryParam("parentGroup") String parentGroup,
            @QueryParam("namePrefixFilter") String namePrefix,
            @QueryParam("recursive") String recursive,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        Page<GroupRef> page = groups.list(
                Query.optional(parentGroup),
                Query.optional(namePrefix),
                Query.bool(recursive, true),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
        return ThingResource.withNextToken(Json.createObjectBuilder().add("thingGroups", refs(page)), page);
    }

    @PUT
    @Path("thing-groups/addThingToThingGroup")
    @ControlPlaneAction("iot:AddThingToThingGroup")
    public JsonObject addThing() {
        JsonObject request = body.json();
        groups.addThing(
                groupName(request),
                thingName(request),
                Bodies.bool(request, "overrideDynamicGroups").orElse(false));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @PUT
    @Path("thing-groups/removeThingFromThingGroup")
    @ControlPlaneAction("iot:RemoveThingFromThingGroup")
    public JsonObject removeThing() {
        JsonObject request = body.json();
        groups.removeThing(groupName(request), thingName(request));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("thing-groups/{thingGroupName}/things")
    @ControlPlaneAction(value = "iot:ListThingsInThingGroup", mutating = false)
    public JsonObject listThings(
            @PathParam("thingGroupName") String name,
            @QueryParam("recursive") String recursive,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        Page<String> page = groups.listThings(
                name, Query.bool(recursive, false), Query.optional(nextToken), Query.maxResults(maxResults));
        return ThingResource.withNextToken(
                Json.createObjectBuilder().add("things", Json.createArrayBuilder(page.items())), page);
    }

    static JsonArrayBuilder refs(Page<GroupRef> page) {
        return refs(page.items());
    }

    static JsonArrayBuilder refs(java.util.List<GroupRef> refs) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        refs.forEach(ref -> array.add(
                Json.createObjectBuilder().add("groupName", ref.groupName()).add("groupArn", ref.groupArn())));
        return array;
    }

    private static Optional<Map<String, String>> attributes(Optional<JsonObject> properties) {
        return properties
                .flatMap(p -> Bodies.object(p, "attributePayload"))
                .flatMap(a -> Bodies.stringMap(a, "attributes"));
    }

    private static boolean merge(Optional<JsonObject> properties) {
        return properties
                .flatMap(p -> Bodies.object(p, "attributePayload"))
                .flatMap(a -> Bodies.bool(a, "merge"))
                .orElse(false);
    }

    /** A name, an ARN or both (which must agree), as AWS takes them. */
    private static String groupName(JsonObject request) {
        return nameOrArn(request, "thingGroupName", "thingGroupArn", "thinggroup");
    }

    private static String thingName(JsonObject request) {
        return nameOrArn(request, "thingName", "thingArn", "thing");
    }

    private static String nameOrArn(JsonObject request, String nameMember, String arnMember, String resourceType) {
        Optional<String> name = Bodies.string(request, nameMember);
        Optional<String> arn = Bodies.string(request, arnMember).map(text -> {
            Arn parsed = Arn.parse(text);
            if (!resourceType.equals(parsed.resourceType())) {
                throw IotException.invalidRequest(arnMember + " is not a " + resourceType + " ARN.");
            }
            return parsed.resourceId();
        });
        if (name.isEmpty() && arn.isEmpty()) {
            throw IotException.invalidRequest(
                    "Both " + arnMember + " and " + nameMember + " are empty. Need to specify at least one of them");
        }
        if (name.isPresent() && arn.isPresent() && !name.equals(arn)) {
            throw IotException.invalidRequest(arnMember + " does not match the specified " + nameMember + ".");
        }
        return name.or(() -> arn).orElseThrow();
    }
}
