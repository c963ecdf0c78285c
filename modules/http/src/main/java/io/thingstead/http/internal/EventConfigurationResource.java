package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.registry.api.EventConfigurations;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS IoT's {@code DescribeEventConfigurations} ({@code GET /event-configurations}) and {@code
 * UpdateEventConfigurations} ({@code PATCH /event-configurations}): which event types publish on {@code
 * $aws/events/...}. AWS's shape: {@code {"eventConfigurations": {"THING": {"Enabled": true}, ...}}}.
 */
@Path("/event-configurations")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class EventConfigurationResource {
    @Inject
    EventConfigurations configurations;

    @Inject
    RequestBody body;

    @GET
    @ControlPlaneAction(value = "iot:DescribeEventConfigurations", mutating = false)
    public JsonObject describe() {
        EventConfigurations.Configuration configuration = configurations.describe();
        JsonObjectBuilder types = Json.createObjectBuilder();
        for (String type : EventConfigurations.EVENT_TYPES) {
            types.add(
                    type,
                    Json.createObjectBuilder()
                            .add("Enabled", configuration.enabled().getOrDefault(type, false)));
        }
        return Json.createObjectBuilder()
                .add("eventConfigurations", types)
                .add("creationDate", Bodies.epochSeconds(configuration.creationDate()))
                .add("lastModifiedDate", Bodies.epochSeconds(configuration.lastModifiedDate()))
                .build();
    }

    @PATCH
    @ControlPlaneAction("iot:UpdateEventConfigurations")
    public JsonObject update() {
        configurations.update(changes(body.json()));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The {@code eventConfigurations} map of a request: type to Enabled; a type without Enabled is refused. */
    static Map<String, Boolean> changes(JsonObject request) {
        Map<String, Boolean> changes = new LinkedHashMap<>();
        Bodies.object(request, "eventConfigurations").ifPresent(map -> {
            for (var entry : map.entrySet()) {
                if (entry.getValue().getValueType() != JsonValue.ValueType.OBJECT) {
                    throw IotException.invalidRequest(
                            "eventConfigurations." + entry.getKey() + " must be an object like {\"Enabled\": true}.");
                }
                Boolean enabled = Bodies.bool(entry.getValue().asJsonObject(), "Enabled")
                        .orElseThrow(() -> IotException.invalidRequest(
                                "eventConfigurations." + entry.getKey() + ".Enabled is required."));
                changes.put(entry.getKey(), enabled);
            }
        });
        return changes;
    }
}
