package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.registry.api.FleetIndex;
import io.thingstead.registry.api.FleetIndex.ThingDocument;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** SearchIndex: {@code POST /indices/search}. */
@Path("/indices/search")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class SearchResource {
    @Inject
    FleetIndex index;

    @Inject
    RequestBody body;

    @POST
    @ControlPlaneAction(value = "iot:SearchIndex", mutating = false)
    public JsonObject search() {
        JsonObject request = body.json();
        String query = Bodies.string(request, "queryString")
                .orElseThrow(() -> IotException.invalidRequest("queryString is required."));
        int maxResults = Bodies.integer(request, "maxResults")
                .map(n -> n > Integer.MAX_VALUE || n < Integer.MIN_VALUE ? -1 : n.intValue())
                .orElse(0);
        Page<ThingDocument> page = index.search(
                Bodies.string(request, "indexName"), query, Bodies.string(request, "nextToken"), maxResults);
        JsonArrayBuilder things = Json.createArrayBuilder();
        for (ThingDocument thing : page.items()) {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("thingName", thing.thingName())
                    .add("thingId", thing.thingId());
            thing.thingTypeName().ifPresent(t -> json.add("thingTypeName", t));
            if (!thing.thingGroupNames().isEmpty()) {
                json.add("thingGroupNames", Json.createArrayBuilder(thing.thingGroupNames()));
            }
            json.add("attributes", ThingResource.attributes(thing.attributes()));
            thing.shadow().ifPresent(s -> json.add("shadow", s));
            thing.connectivity().ifPresent(c -> {
                JsonObjectBuilder connectivity = Json.createObjectBuilder()
                        .add("connected", c.connected())
                        .add("timestamp", c.timestamp());
                c.disconnectReason().ifPresent(r -> connectivity.add("disconnectReason", r));
                json.add("connectivity", connectivity);
            });
            things.add(json);
        }
        return ThingResource.withNextToken(
                Json.createObjectBuilder().add("things", things).add("thingGroups", Json.createArrayBuilder()), page);
    }
}
