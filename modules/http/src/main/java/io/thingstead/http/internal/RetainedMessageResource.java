package io.thingstead.http.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.gateway.api.RetainedMessages;
import io.thingstead.gateway.api.UserProperty;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * AWS IoT's retained-message data plane (SigV4 service {@code iotdata}): {@code ListRetainedMessages} ({@code GET
 * /retainedMessage}) and {@code GetRetainedMessage} ({@code GET /retainedMessage/{topic}}), read from the broker's
 * retained-message store through {@link RetainedMessages}.
 */
@Path("/retainedMessage")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RetainedMessageResource {
    /** AWS: maxResults 1..200, default 50. */
    static final int DEFAULT_PAGE = 50;

    static final int MAX_PAGE = 200;
    private static final String LISTING = "retainedMessage";

    @Inject
    RetainedMessages retained;

    @GET
    @ControlPlaneAction(value = "iot:ListRetainedMessages", mutating = false)
    public JsonObject list(@QueryParam("maxResults") String maxResults, @QueryParam("nextToken") String nextToken) {
        int limit = pageSize(maxResults);
        Optional<String> after = PageTokens.decode(LISTING, Query.optional(nextToken), "nextToken");
        RetainedMessages.Page page = await(retained.list(after, limit));
        JsonArrayBuilder topics = Json.createArrayBuilder();
        for (RetainedMessages.Summary summary : page.messages()) {
            topics.add(Json.createObjectBuilder()
                    .add("topic", summary.topic())
                    .add("payloadSize", summary.payloadSize())
                    .add("qos", summary.qos())
                    .add("lastModifiedTime", summary.lastModified().toEpochMilli()));
        }
        var json = Json.createObjectBuilder().add("retainedTopics", topics);
        if (page.more() && !page.messages().isEmpty()) {
            json.add(
                    "nextToken",
                    PageTokens.encode(LISTING, page.messages().getLast().topic()));
        }
        return json.build();
    }

    @GET
    @Path("/{topic: .+}")
    @ControlPlaneAction(value = "iot:GetRetainedMessage", mutating = false)
    public JsonObject get(@PathParam("topic") String topic) {
        RetainedMessages.Message message = await(retained.get(topic))
                .orElseThrow(() -> IotException.notFound("No retained message on topic " + topic + "."));
        var json = Json.createObjectBuilder()
                .add("topic", message.topic())
                .add("payload", Base64.getEncoder().encodeToString(message.payload()))
                .add("qos", message.qos())
                .add("lastModifiedTime", message.lastModified().toEpochMilli());
        if (!message.userProperties().isEmpty()) {
            json.add("userProperties", userProperties(message.userProperties()));
        }
        return json.build();
    }

    /** AWS: 1..200; absent is the default (50). */
    static int pageSize(String maxResults) {
        if (maxResults == null || maxResults.isEmpty()) {
            return DEFAULT_PAGE;
        }
        int requested = Query.maxResults(maxResults);
        if (requested < 1 || requested > MAX_PAGE) {
            throw IotException.invalidRequest("maxResults must be between 1 and " + MAX_PAGE + ".");
        }
        return requested;
    }

    /** AWS: base64 of a JSON array of one-entry objects, {@code [{"name":"value"}, ...]}, as Publish takes them. */
    static String userProperties(List<UserProperty> properties) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (UserProperty property : properties) {
            array.add(Json.createObjectBuilder().add(property.name(), property.value()));
        }
        return Base64.getEncoder().encodeToString(array.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IotException(ErrorCode.SERVICE_UNAVAILABLE, "The request was interrupted; try again.");
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof IotException iot) {
                throw iot;
            }
            throw new IotException(ErrorCode.INTERNAL_FAILURE, "The gateway could not read its retained messages.");
        } catch (TimeoutException e) {
            throw new IotException(ErrorCode.SERVICE_UNAVAILABLE, "The gateway did not answer in time.");
        }
    }
}
