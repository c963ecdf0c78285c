package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.policy.api.AuthorizationTester;
import io.thingstead.policy.api.AuthorizationTester.AuthInfo;
import io.thingstead.policy.api.AuthorizationTester.AuthResult;
import io.thingstead.policy.api.DecisionEffect;
import io.thingstead.policy.api.Policies;
import io.thingstead.policy.api.Policies.PolicyInfo;
import io.thingstead.policy.api.Policies.PolicyRef;
import io.thingstead.policy.api.Policies.PolicyVersionInfo;
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
import java.util.ArrayList;
import java.util.List;

/** IoT policies, versions, attachments and TestAuthorization, at AWS's paths. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class PolicyResource {
    @Inject
    Policies policies;

    @Inject
    AuthorizationTester tester;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @POST
    @Path("policies/{policyName}")
    @ControlPlaneAction("iot:CreatePolicy")
    public JsonObject create(@PathParam("policyName") String name) {
        JsonObject request = body.json();
        PolicyInfo policy = taggable.create(
                taggable.fromBody(request, "tags"),
                () -> policies.create(name, document(request)),
                PolicyInfo::policyArn);
        return Json.createObjectBuilder()
                .add("policyName", policy.policyName())
                .add("policyArn", policy.policyArn())
                .add("policyDocument", policy.policyDocument())
                .add("policyVersionId", policy.defaultVersionId())
                .build();
    }

    @GET
    @Path("policies/{policyName}")
    @ControlPlaneAction(value = "iot:GetPolicy", mutating = false)
    public JsonObject get(@PathParam("policyName") String name) {
        PolicyInfo policy = policies.get(name);
        return Json.createObjectBuilder()
                .add("policyName", policy.policyName())
                .add("policyArn", policy.policyArn())
                .add("policyDocument", policy.policyDocument())
                .add("defaultVersionId", policy.defaultVersionId())
                .add("creationDate", Bodies.epochSeconds(policy.creationDate()))
                .add("lastModifiedDate", Bodies.epochSeconds(policy.lastModifiedDate()))
                .add("generationId", policy.generationId())
                .build();
    }

    @GET
    @Path("policies")
    @ControlPlaneAction(value = "iot:ListPolicies", mutating = false)
    public JsonObject list(
            @QueryParam("marker") String marker,
            @QueryParam("pageSize") String pageSize,
            @QueryParam("isAscendingOrder") String ascending) {
        Page<PolicyRef> page =
                policies.list(Query.optional(marker), Query.maxResults(pageSize), Query.bool(ascending, true));
        return withMarker(Json.createObjectBuilder().add("policies", refs(page.items())), page);
    }

    @DELETE
    @Path("policies/{policyName}")
    @ControlPlaneAction("iot:DeletePolicy")
    public JsonObject delete(@PathParam("policyName") String name) {
        policies.delete(name);
        taggable.deleted("policy", name);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("policies/{policyName}/version")
    @ControlPlaneAction("iot:CreatePolicyVersion")
    public JsonObject createVersion(
            @PathParam("policyName") String name, @QueryParam("setAsDefault") String setAsDefault) {
        PolicyVersionInfo version =
                policies.createVersion(name, document(body.json()), Query.bool(setAsDefault, false));
        return Json.createObjectBuilder()
                .add("policyArn", version.policyArn())
                .add("policyDocument", version.policyDocument())
                .add("policyVersionId", version.versionId())
                .add("isDefaultVersion", version.isDefaultVersion())
                .build();
    }

    @GET
    @Path("policies/{policyName}/version/{policyVersionId}")
    @ControlPlaneAction(value = "iot:GetPolicyVersion", mutating = false)
    public JsonObject getVersion(@PathParam("policyName") String name, @PathParam("policyVersionId") String versionId) {
        PolicyVersionInfo version = policies.getVersion(name, versionId);
        return Json.createObjectBuilder()
                .add("policyArn", version.policyArn())
                .add("policyName", version.policyName())
                .add("policyDocument", version.policyDocument())
                .add("policyVersionId", version.versionId())
                .add("isDefaultVersion", version.isDefaultVersion())
                .add("creationDate", Bodies.epochSeconds(version.creationDate()))
                .add("lastModifiedDate", Bodies.epochSeconds(version.lastModifiedDate()))
                .add("generationId", version.generationId())
                .build();
    }

    @GET
    @Path("policies/{policyName}/version")
    @ControlPlaneAction(value = "iot:ListPolicyVersions", mutating = false)
    public JsonObject listVersions(@PathParam("policyName") String name) {
        JsonArrayBuilder versions = Json.createArrayBuilder();
        for (PolicyVersionInfo version : policies.listVersions(name)) {
            versions.add(Json.createObjectBuilder()
                    .add("versionId", version.versionId())
                    .add("isDefaultVersion", version.isDefaultVersion())
                    .add("createDate", Bodies.epochSeconds(version.creationDate())));
        }
        return Json.createObjectBuilder().add("policyVersions", versions).build();
    }

    @PATCH
    @Path("policies/{policyName}/version/{policyVersionId}")
    @ControlPlaneAction("iot:SetDefaultPolicyVersion")
    public JsonObject setDefault(@PathParam("policyName") String name, @PathParam("policyVersionId") String versionId) {
        policies.setDefaultVersion(name, versionId);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("policies/{policyName}/version/{policyVersionId}")
    @ControlPlaneAction("iot:DeletePolicyVersion")
    public JsonObject deleteVersion(
            @PathParam("policyName") String name, @PathParam("policyVersionId") String versionId) {
        policies.deleteVersion(name, versionId);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @PUT
    @Path("target-policies/{policyName}")
    @ControlPlaneAction("iot:AttachPolicy")
    public JsonObject attach(@PathParam("policyName") String name) {
        policies.attach(name, target(body.json()));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("target-policies/{policyName}")
    @ControlPlaneAction("iot:DetachPolicy")
    public JsonObject detach(@PathParam("policyName") String name) {
        policies.detach(name, target(body.json()));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @PUT
    @Path("principal-policies/{policyName}")
    @ControlPlaneAction("iot:AttachPrincipalPolicy")
    public JsonObject attachPrincipal(
            @PathParam("policyName") String name, @jakarta.ws.rs.HeaderParam("x-amzn-iot-principal") String principal) {
        policies.attach(name, principal);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("principal-policies/{policyName}")
    @ControlPlaneAction("iot:DetachPrincipalPolicy")
    public JsonObject detachPrincipal(
            @PathParam("policyName") String name, @jakarta.ws.rs.HeaderParam("x-amzn-iot-principal") String principal) {
        policies.detach(name, principal);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("attached-policies/{target: .+}")
    @ControlPlaneAction(value = "iot:ListAttachedPolicies", mutating = false)
    public JsonObject listAttached(
            @PathParam("target") String target,
            @QueryParam("recursive") String recursive,
            @QueryParam("marker") String marker,
            @QueryParam("pageSize") String pageSize) {
        Page<PolicyRef> page = policies.listAttached(
                target, Query.bool(recursive, false), Query.optional(marker), Query.maxResults(pageSize));
        return withMarker(Json.createObjectBuilder().add("policies", refs(page.items())), page);
    }

    @POST
    @Path("policy-targets/{policyName}")
    @ControlPlaneAction(value = "iot:ListTargetsForPolicy", mutating = false)
    public JsonObject listTargets(
            @PathParam("policyName") String name,
            @QueryParam("marker") String marker,
            @QueryParam("pageSize") String pageSize) {
        Page<String> page = policies.listTargets(name, Query.optional(marker), Query.maxResults(pageSize));
        return withMarker(Json.createObjectBuilder().add("targets", Json.createArrayBuilder(page.items())), page);
    }

    @POST
    @Path("test-authorization")
    @ControlPlaneAction(value = "iot:TestAuthorization", mutating = false)
    public JsonObject testAuthorization(@QueryParam("clientId") String clientId) {
        JsonObject request = body.json();
        List<AuthInfo> infos = new ArrayList<>();
        JsonValue array = request.get("authInfos");
        if (array == null || array.getValueType() != JsonValue.ValueType.ARRAY) {
            throw IotException.invalidRequest("authInfos is required.");
        }
        for (JsonValue value : array.asJsonArray()) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw IotException.invalidRequest("authInfos must be a list of objects.");
            }
            JsonObject info = value.asJsonObject();
            infos.add(new AuthInfo(
                    Bodies.string(info, "actionType")
                            .orElseThrow(() -> IotException.invalidRequest("actionType is required.")),
                    Bodies.strings(info, "resources")));
        }
        List<AuthResult> results = tester.test(
                Bodies.string(request, "principal")
                        .orElseThrow(() -> IotException.invalidRequest("principal is required.")),
                Query.optional(clientId),
                infos,
                Bodies.strings(request, "policyNamesToAdd"),
                Bodies.strings(request, "policyNamesToSkip"));
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (AuthResult result : results) {
            out.add(Json.createObjectBuilder()
                    .add(
                            "authInfo",
                            Json.createObjectBuilder()
                                    .add("actionType", result.authInfo().actionType())
                                    .add(
                                            "resources",
                                            Json.createArrayBuilder(
                                                    result.authInfo().resources())))
                    .add("allowed", Json.createObjectBuilder().add("policies", refs(result.allowedBy())))
                    .add(
                            "denied",
                            Json.createObjectBuilder()
                                    .add(
                                            "implicitDeny",
                                            Json.createObjectBuilder()
                                                    .add("policies", refs(result.implicitlyDeniedBy())))
                                    .add(
                                            "explicitDeny",
                                            Json.createObjectBuilder()
                                                    .add("policies", refs(result.explicitlyDeniedBy()))))
                    .add("authDecision", decision(result.decision()))
                    .add("missingContextValues", Json.createArrayBuilder()));
        }
        return Json.createObjectBuilder().add("authResults", out).build();
    }

    private static String decision(DecisionEffect effect) {
        return switch (effect) {
            case ALLOW -> "ALLOWED";
            case EXPLICIT_DENY -> "EXPLICIT_DENY";
            case IMPLICIT_DENY -> "IMPLICIT_DENY";
        };
    }

    private static String document(JsonObject request) {
        return Bodies.string(request, "policyDocument").orElse(null);
    }

    private static String target(JsonObject request) {
        return Bodies.string(request, "target").orElseThrow(() -> IotException.invalidRequest("target is required."));
    }

    private static JsonArrayBuilder refs(List<PolicyRef> refs) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        refs.forEach(ref -> array.add(
                Json.createObjectBuilder().add("policyName", ref.policyName()).add("policyArn", ref.policyArn())));
        return array;
    }

    private static JsonObject withMarker(JsonObjectBuilder json, Page<?> page) {
        page.nextToken().ifPresent(marker -> json.add("nextMarker", marker));
        return json.build();
    }
}
