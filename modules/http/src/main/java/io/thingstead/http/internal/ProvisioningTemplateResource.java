package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.provisioning.api.CreateProvisioningTemplate;
import io.thingstead.provisioning.api.ProvisioningHook;
import io.thingstead.provisioning.api.ProvisioningTemplateInfo;
import io.thingstead.provisioning.api.ProvisioningTemplateSummary;
import io.thingstead.provisioning.api.ProvisioningTemplateVersionInfo;
import io.thingstead.provisioning.api.ProvisioningTemplates;
import io.thingstead.provisioning.api.UpdateProvisioningTemplate;
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
 * Provisioning templates at AWS's paths: CreateProvisioningTemplate, DescribeProvisioningTemplate,
 * ListProvisioningTemplates, UpdateProvisioningTemplate, DeleteProvisioningTemplate and the version operations.
 */
@Path("/provisioning-templates")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ProvisioningTemplateResource {
    @Inject
    ProvisioningTemplates templates;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @Context
    HttpServletRequest servletRequest;

    @POST
    @ControlPlaneAction("iot:CreateProvisioningTemplate")
    public JsonObject create() {
        JsonObject request = body.json();
        String name = Bodies.string(request, "templateName")
                .orElseThrow(() -> IotException.invalidRequest("templateName is required."));
        CreateProvisioningTemplate create = new CreateProvisioningTemplate(
                name,
                Bodies.string(request, "description"),
                Bodies.string(request, "templateBody")
                        .orElseThrow(() -> IotException.invalidRequest("templateBody is required.")),
                Bodies.bool(request, "enabled").orElse(false),
                Bodies.string(request, "provisioningRoleArn")
                        .orElseThrow(() -> IotException.invalidRequest("provisioningRoleArn is required.")),
                hook(request),
                Bodies.string(request, "type"));
        ProvisioningTemplateInfo template = taggable.create(
                taggable.fromBody(request, "tags"),
                () -> templates.create(create),
                ProvisioningTemplateInfo::templateArn);
        if (servletRequest != null) {
            servletRequest.setAttribute(AuditFilter.RESOURCE_ARN, template.templateArn());
        }
        return Json.createObjectBuilder()
                .add("templateArn", template.templateArn())
                .add("templateName", template.templateName())
                .add("defaultVersionId", template.defaultVersionId())
                .build();
    }

    @GET
    @Path("{templateName}")
    @ControlPlaneAction(value = "iot:DescribeProvisioningTemplate", mutating = false)
    public JsonObject describe(@PathParam("templateName") String templateName) {
        ProvisioningTemplateInfo template = templates.describe(templateName);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("templateArn", template.templateArn())
                .add("templateName", template.templateName())
                .add("creationDate", Bodies.epochSeconds(template.creationDate()))
                .add("lastModifiedDate", Bodies.epochSeconds(template.lastModifiedDate()))
                .add("defaultVersionId", template.defaultVersionId())
                .add("templateBody", template.templateBody())
                .add("enabled", template.enabled())
                .add("provisioningRoleArn", template.provisioningRoleArn())
                .add("type", template.type().name());
        template.description().ifPresent(value -> json.add("description", value));
        template.preProvisioningHook().ifPresent(value -> json.add("preProvisioningHook", toJson(value)));
        return json.build();
    }

    @GET
    @ControlPlaneAction(value = "iot:ListProvisioningTemplates", mutating = false)
    public JsonObject list(@QueryParam("maxResults") String maxResults, @QueryParam("nextToken") String nextToken) {
        Page<ProvisioningTemplateSummary> page =
                templates.list(Query.optional(nextToken), Query.maxResults(maxResults));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (ProvisioningTemplateSummary template : page.items()) {
            JsonObjectBuilder item = Json.createObjectBuilder()
                    .add("templateArn", template.templateArn())
                    .add("templateName", template.templateName())
                    .add("creationDate", Bodies.epochSeconds(template.creationDate()))
                    .add("lastModifiedDate", Bodies.epochSeconds(template.lastModifiedDate()))
                    .add("enabled", template.enabled())
                    .add("type", template.type().name());
            template.description().ifPresent(value -> item.add("description", value));
            items.add(item);
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("templates", items);
        page.nextToken().ifPresent(next -> json.add("nextToken", next));
        return json.build();
    }

    @PATCH
    @Path("{templateName}")
    @ControlPlaneAction("iot:UpdateProvisioningTemplate")
    public JsonObject update(@PathParam("templateName") String templateName) {
        JsonObject request = body.json();
        templates.update(new UpdateProvisioningTemplate(
                templateName,
                Bodies.string(request, "description"),
                Bodies.bool(request, "enabled"),
                Bodies.integer(request, "defaultVersionId").map(ProvisioningTemplateResource::versionId),
                Bodies.string(request, "provisioningRoleArn"),
                hook(request),
                Bodies.bool(request, "removePreProvisioningHook").orElse(false)));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("{templateName}")
    @ControlPlaneAction("iot:DeleteProvisioningTemplate")
    public JsonObject delete(@PathParam("templateName") String templateName) {
        templates.delete(templateName);
        taggable.deleted("provisioningtemplate", templateName);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("{templateName}/versions")
    @ControlPlaneAction("iot:CreateProvisioningTemplateVersion")
    public JsonObject createVersion(
            @PathParam("templateName") String templateName, @QueryParam("setAsDefault") String setAsDefault) {
        JsonObject request = body.json();
        ProvisioningTemplateVersionInfo version = templates.createVersion(
                templateName,
                Bodies.string(request, "templateBody")
                        .orElseThrow(() -> IotException.invalidRequest("templateBody is required.")),
                Query.bool(setAsDefault, false));
        return Json.createObjectBuilder()
                .add("templateArn", version.templateArn())
                .add("templateName", version.templateName())
                .add("versionId", version.versionId())
                .add("isDefaultVersion", version.isDefaultVersion())
                .build();
    }

    @GET
    @Path("{templateName}/versions/{versionId}")
    @ControlPlaneAction(value = "iot:DescribeProvisioningTemplateVersion", mutating = false)
    public JsonObject describeVersion(
            @PathParam("templateName") String templateName, @PathParam("versionId") String versionId) {
        ProvisioningTemplateVersionInfo version = templates.describeVersion(templateName, versionId(versionId));
        return Json.createObjectBuilder()
                .add("versionId", version.versionId())
                .add("creationDate", Bodies.epochSeconds(version.creationDate()))
                .add("templateBody", version.templateBody())
                .add("isDefaultVersion", version.isDefaultVersion())
                .build();
    }

    @GET
    @Path("{templateName}/versions")
    @ControlPlaneAction(value = "iot:ListProvisioningTemplateVersions", mutating = false)
    public JsonObject listVersions(
            @PathParam("templateName") String templateName,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("nextToken") String nextToken) {
        Page<ProvisioningTemplateVersionInfo> page =
                templates.listVersions(templateName, Query.optional(nextToken), Query.maxResults(maxResults));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (ProvisioningTemplateVersionInfo version : page.items()) {
            items.add(Json.createObjectBuilder()
                    .add("versionId", version.versionId())
                    .add("creationDate", Bodies.epochSeconds(version.creationDate()))
                    .add("isDefaultVersion", version.isDefaultVersion()));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("versions", items);
        page.nextToken().ifPresent(next -> json.add("nextToken", next));
        return json.build();
    }

    @DELETE
    @Path("{templateName}/versions/{versionId}")
    @ControlPlaneAction("iot:DeleteProvisioningTemplateVersion")
    public JsonObject deleteVersion(
            @PathParam("templateName") String templateName, @PathParam("versionId") String versionId) {
        templates.deleteVersion(templateName, versionId(versionId));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    private static Optional<ProvisioningHook> hook(JsonObject request) {
        return Bodies.object(request, "preProvisioningHook")
                .map(hook -> new ProvisioningHook(
                        Bodies.string(hook, "targetArn")
                                .orElseThrow(() ->
                                        IotException.invalidRequest("preProvisioningHook.targetArn is required.")),
                        Bodies.string(hook, "payloadVersion").orElse(ProvisioningHook.PAYLOAD_VERSION)));
    }

    private static JsonObjectBuilder toJson(ProvisioningHook hook) {
        return Json.createObjectBuilder()
                .add("payloadVersion", hook.payloadVersion())
                .add("targetArn", hook.targetArn());
    }

    private static int versionId(long value) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw IotException.invalidRequest("versionId must be a positive integer.");
        }
        return (int) value;
    }

    private static int versionId(String value) {
        try {
            return versionId(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw IotException.invalidRequest("versionId must be a positive integer.");
        }
    }
}
