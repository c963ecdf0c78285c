package io.thingstead.http.internal;

import io.thingstead.common.api.paging.Page;
import io.thingstead.rules.api.TopicRule;
import io.thingstead.rules.api.TopicRuleSummary;
import io.thingstead.rules.api.TopicRules;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Topic rules: {@code /rules/...} (CreateTopicRule, GetTopicRule, ListTopicRules, ...). */
@Path("/rules")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class TopicRuleResource {
    @Inject
    TopicRules rules;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @POST
    @Path("/{ruleName}")
    @ControlPlaneAction("iot:CreateTopicRule")
    public JsonObject create(@PathParam("ruleName") String ruleName, @HeaderParam("x-amz-tagging") String tagging) {
        JsonObject request = body.json();
        taggable.create(
                taggable.fromHeader(tagging),
                () -> {
                    rules.create(ruleName, request);
                    return ruleName;
                },
                name -> taggable.arn("rule", name));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @PATCH
    @Path("/{ruleName}")
    @ControlPlaneAction("iot:ReplaceTopicRule")
    public JsonObject replace(@PathParam("ruleName") String ruleName) {
        rules.replace(ruleName, body.json());
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("/{ruleName}")
    @ControlPlaneAction(value = "iot:GetTopicRule", mutating = false)
    public JsonObject get(@PathParam("ruleName") String ruleName) {
        TopicRule rule = rules.get(ruleName);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("ruleName", rule.ruleName())
                .add("sql", rule.sql())
                .add("createdAt", Bodies.epochSeconds(rule.createdAt()))
                .add("actions", rule.actions())
                .add("ruleDisabled", rule.ruleDisabled());
        rule.description().ifPresent(d -> json.add("description", d));
        rule.awsIotSqlVersion().ifPresent(v -> json.add("awsIotSqlVersion", v));
        rule.errorAction().ifPresent(e -> json.add("errorAction", e));
        return Json.createObjectBuilder()
                .add("ruleArn", rule.ruleArn())
                .add("rule", json)
                .build();
    }

    @GET
    @ControlPlaneAction(value = "iot:ListTopicRules", mutating = false)
    public JsonObject list(
            @QueryParam("topic") String topic,
            @QueryParam("ruleDisabled") String ruleDisabled,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        Page<TopicRuleSummary> page = rules.list(
                Query.optional(topic),
                Query.optional(ruleDisabled).map(d -> Query.bool(d, false)),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (TopicRuleSummary rule : page.items()) {
            items.add(Json.createObjectBuilder()
                    .add("ruleArn", rule.ruleArn())
                    .add("ruleName", rule.ruleName())
                    .add("topicPattern", rule.topicPattern())
                    .add("createdAt", Bodies.epochSeconds(rule.createdAt()))
                    .add("ruleDisabled", rule.ruleDisabled()));
        }
        return ThingResource.withNextToken(Json.createObjectBuilder().add("rules", items), page);
    }

    @DELETE
    @Path("/{ruleName}")
    @ControlPlaneAction("iot:DeleteTopicRule")
    public JsonObject delete(@PathParam("ruleName") String ruleName) {
        rules.delete(ruleName);
        taggable.deleted("rule", ruleName);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("/{ruleName}/enable")
    @ControlPlaneAction("iot:EnableTopicRule")
    public JsonObject enable(@PathParam("ruleName") String ruleName) {
        rules.setDisabled(ruleName, false);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("/{ruleName}/disable")
    @ControlPlaneAction("iot:DisableTopicRule")
    public JsonObject disable(@PathParam("ruleName") String ruleName) {
        rules.setDisabled(ruleName, true);
        return JsonValue.EMPTY_JSON_OBJECT;
    }
}
