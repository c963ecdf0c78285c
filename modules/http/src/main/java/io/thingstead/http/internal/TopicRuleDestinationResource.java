package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.rules.api.TopicRuleDestination;
import io.thingstead.rules.api.TopicRuleDestinations;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * Topic rule destinations: {@code /destinations/...}, and {@code /confirmdestination/{token}}
 * (ConfirmTopicRuleDestination), which also answers unsigned: the token is the credential, as AWS's {@code enableUrl}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class TopicRuleDestinationResource {
    @Inject
    TopicRuleDestinations destinations;

    @Inject
    RequestBody body;

    @Context
    HttpServletRequest servletRequest;

    @POST
    @Path("destinations")
    @ControlPlaneAction("iot:CreateTopicRuleDestination")
    public JsonObject create() {
        JsonObject configuration = Bodies.object(body.json(), "destinationConfiguration")
                .orElseThrow(() -> IotException.invalidRequest("destinationConfiguration is required"));
        if (Bodies.object(configuration, "vpcConfiguration").isPresent()) {
            throw IotException.invalidRequest("VPC destinations are not supported by Thingstead: the Kafka action"
                    + " reaches its brokers directly");
        }
        JsonObject http = Bodies.object(configuration, "httpUrlConfiguration")
                .orElseThrow(
                        () -> IotException.invalidRequest("destinationConfiguration.httpUrlConfiguration is required"));
        String url = Bodies.string(http, "confirmationUrl")
                .orElseThrow(() -> IotException.invalidRequest("httpUrlConfiguration.confirmationUrl is required"));
        TopicRuleDestination destination = destinations.create(url);
        audited(destination.arn());
        return Json.createObjectBuilder()
                .add("topicRuleDestination", full(destination))
                .build();
    }

    @GET
    @Path("destinations/{arn: .+}")
    @ControlPlaneAction(value = "iot:GetTopicRuleDestination", mutating = false)
    public JsonObject get(@PathParam("arn") String arn) {
        return Json.createObjectBuilder()
                .add("topicRuleDestination", full(destinations.get(arn)))
                .build();
    }

    @GET
    @Path("destinations")
    @ControlPlaneAction(value = "iot:ListTopicRuleDestinations", mutating = false)
    public JsonObject list(@QueryParam("maxResults") String maxResults, @QueryParam("nextToken") String nextToken) {
        Page<TopicRuleDestination> page = destinations.list(Query.optional(nextToken), Query.maxResults(maxResults));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (TopicRuleDestination destination : page.items()) {
            items.add(common(destination)
                    .add(
                            "httpUrlSummary",
                            Json.createObjectBuilder().add("confirmationUrl", destination.confirmationUrl())));
        }
        return ThingResource.withNextToken(Json.createObjectBuilder().add("destinationSummaries", items), page);
    }

    @PATCH
    @Path("destinations")
    @ControlPlaneAction("iot:UpdateTopicRuleDestination")
    public JsonObject update() {
        JsonObject request = body.json();
        String arn = Bodies.string(request, "arn").orElseThrow(() -> IotException.invalidRequest("arn is required"));
        String status =
                Bodies.string(request, "status").orElseThrow(() -> IotException.invalidRequest("status is required"));
        TopicRuleDestination.Status parsed;
        try {
            parsed = TopicRuleDestination.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw IotException.invalidRequest("status must be ENABLED, DISABLED or IN_PROGRESS");
        }
        audited(arn);
        destinations.update(arn, parsed);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("destinations/{arn: .+}")
    @ControlPlaneAction("iot:DeleteTopicRuleDestination")
    public JsonObject delete(@PathParam("arn") String arn) {
        audited(arn);
        destinations.delete(arn);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("confirmdestination/{confirmationToken: .+}")
    @PublicRead
    @ControlPlaneAction("iot:ConfirmTopicRuleDestination")
    public JsonObject confirm(@PathParam("confirmationToken") String token) {
        // RESTEasy keeps a request's properties as servlet request attributes: the SigV4 filter's caller is there
        boolean signed =
                servletRequest != null && servletRequest.getAttribute(SigV4AuthenticationFilter.CALLER) != null;
        Optional<String> unsignedBy = signed
                ? Optional.empty()
                : Optional.of("enableUrl/" + (servletRequest == null ? "unknown" : servletRequest.getRemoteAddr()));
        TopicRuleDestination destination = destinations.confirm(token, unsignedBy);
        audited(destination.arn());
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    private void audited(String arn) {
        if (servletRequest != null) {
            servletRequest.setAttribute(AuditFilter.RESOURCE_ARN, arn);
        }
    }

    private static JsonObjectBuilder common(TopicRuleDestination destination) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("arn", destination.arn())
                .add("status", destination.status().name())
                .add("createdAt", Bodies.epochSeconds(destination.createdAt()))
                .add("lastUpdatedAt", Bodies.epochSeconds(destination.lastUpdatedAt()));
        destination.statusReason().ifPresent(reason -> json.add("statusReason", reason));
        return json;
    }

    private static JsonObjectBuilder full(TopicRuleDestination destination) {
        return common(destination)
                .add(
                        "httpUrlProperties",
                        Json.createObjectBuilder().add("confirmationUrl", destination.confirmationUrl()));
    }
}
