package io.thingstead.http.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * AWS IoT's HTTPS data-plane {@code Publish} ({@code POST /topics/{topic}}, SigV4 service {@code iotdata}): the
 * message goes through the gateway's rules (topic limits, reserved topics, payload limit) and reaches MQTT subscribers
 * and the platform's modules exactly like a device's PUBLISH. The MQTT 5 properties come as AWS sends them: {@code
 * contentType}, {@code responseTopic} and {@code messageExpiry} as query parameters, user properties as the header
 * {@code x-amz-mqtt5-user-properties} (base64 of a JSON array of one-entry objects), correlation data as {@code
 * x-amz-mqtt5-correlation-data} (base64), the payload format as {@code x-amz-mqtt5-payload-format-indicator}.
 */
@Path("/topics/{topic: .+}")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class TopicsResource {
    @Inject
    Gateway gateway;

    @Inject
    RequestBody body;

    @POST
    @ControlPlaneAction(value = "iot:Publish", mutating = false)
    public JsonObject publish(
            @PathParam("topic") String topic,
            @QueryParam("qos") String qos,
            @QueryParam("retain") String retain,
            @QueryParam("contentType") String contentType,
            @QueryParam("responseTopic") String responseTopic,
            @QueryParam("messageExpiry") String messageExpiry,
            @HeaderParam("x-amz-mqtt5-user-properties") String userProperties,
            @HeaderParam("x-amz-mqtt5-correlation-data") String correlationData,
            @HeaderParam("x-amz-mqtt5-payload-format-indicator") String payloadFormat,
            @Context SecurityContext security) {
        OutboundMessage.Builder message = OutboundMessage.builder(topic)
                .payload(body.bytes())
                .qos(qos(qos))
                .retain(bool("retain", retain));
        if (contentType != null && !contentType.isEmpty()) {
            message.contentType(contentType);
        }
        if (responseTopic != null && !responseTopic.isEmpty()) {
            message.responseTopic(responseTopic);
        }
        if (messageExpiry != null && !messageExpiry.isEmpty()) {
            message.messageExpirySeconds(messageExpiry(messageExpiry));
        }
        if (userProperties != null && !userProperties.isEmpty()) {
            userProperties(userProperties, message);
        }
        if (correlationData != null && !correlationData.isEmpty()) {
            message.correlationData(base64("x-amz-mqtt5-correlation-data", correlationData));
        }
        if (payloadFormat != null && !payloadFormat.isEmpty()) {
            message.payloadIsUtf8(
                    switch (payloadFormat) {
                        case "UTF8_DATA" -> true;
                        case "UNSPECIFIED_BYTES" -> false;
                        default ->
                            throw IotException.invalidRequest(
                                    "x-amz-mqtt5-payload-format-indicator must be UNSPECIFIED_BYTES or UTF8_DATA");
                    });
        }
        String principal = security.getUserPrincipal() instanceof Caller caller
                ? caller.accessKeyId()
                : String.valueOf(security.getUserPrincipal());
        try {
            gateway.publishFromDataPlane(message.build(), principal)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IotException(ErrorCode.SERVICE_UNAVAILABLE, "The publish was interrupted; try again.");
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof IotException iot) {
                throw iot;
            }
            throw new IotException(ErrorCode.INTERNAL_FAILURE, "The gateway could not route the message.");
        } catch (TimeoutException e) {
            throw new IotException(ErrorCode.SERVICE_UNAVAILABLE, "The gateway did not accept the message in time.");
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    private static int qos(String value) {
        if (value == null || value.isEmpty() || value.equals("0")) {
            return 0;
        }
        if (value.equals("1")) {
            return 1;
        }
        throw IotException.invalidRequest("qos must be 0 or 1, not '" + value + "'");
    }

    private static boolean bool(String name, String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw IotException.invalidRequest(name + " must be true or false, not '" + value + "'");
    }

    private static long messageExpiry(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 0 || seconds > 4294967295L) {
                throw IotException.invalidRequest("messageExpiry must be between 0 and 4294967295 seconds");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw IotException.invalidRequest("messageExpiry must be a number of seconds, not '" + value + "'");
        }
    }

    private static byte[] base64(String name, String value) {
        try {
            return Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw IotException.invalidRequest(name + " is not valid base64");
        }
    }

    /** AWS: base64 of {@code [{"name":"value"}, ...]}. */
    private static void userProperties(String header, OutboundMessage.Builder message) {
        String json = new String(base64("x-amz-mqtt5-user-properties", header), StandardCharsets.UTF_8);
        JsonArray properties;
        try (var reader = Json.createReader(new StringReader(json))) {
            properties = reader.readArray();
        } catch (JsonException | IllegalStateException e) {
            throw IotException.invalidRequest(
                    "x-amz-mqtt5-user-properties must be base64 of a JSON array of objects like {\"name\":\"value\"}");
        }
        for (JsonValue entry : properties) {
            if (!(entry instanceof JsonObject object)) {
                throw IotException.invalidRequest("x-amz-mqtt5-user-properties: every entry must be a JSON object");
            }
            for (var field : object.entrySet()) {
                if (field.getValue() instanceof JsonString value) {
                    message.userProperty(field.getKey(), value.getString());
                } else if (field.getValue() instanceof JsonArray values) {
                    for (JsonValue v : values) {
                        if (!(v instanceof JsonString s)) {
                            throw IotException.invalidRequest("x-amz-mqtt5-user-properties: values must be strings");
                        }
                        message.userProperty(field.getKey(), s.getString());
                    }
                } else {
                    throw IotException.invalidRequest("x-amz-mqtt5-user-properties: values must be strings");
                }
            }
        }
    }
}
