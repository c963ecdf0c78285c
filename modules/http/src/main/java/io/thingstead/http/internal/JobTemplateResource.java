package io.thingstead.http.internal;

import io.thingstead.jobs.api.JobTemplates;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** AWS IoT job templates: {@code /job-templates/...}. */
@Path("/job-templates")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class JobTemplateResource {
    @Inject
    JobTemplates templates;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @PUT
    @Path("/{jobTemplateId}")
    @ControlPlaneAction("iot:CreateJobTemplate")
    public JsonObject create(@PathParam("jobTemplateId") String templateId) {
        JsonObject request = body.json();
        return taggable.create(
                taggable.fromBody(request, "tags"),
                () -> templates.create(templateId, request),
                created -> created.getString("jobTemplateArn"));
    }

    @GET
    @Path("/{jobTemplateId}")
    @ControlPlaneAction(value = "iot:DescribeJobTemplate", mutating = false)
    public JsonObject describe(@PathParam("jobTemplateId") String templateId) {
        return templates.describe(templateId);
    }

    @GET
    @ControlPlaneAction(value = "iot:ListJobTemplates", mutating = false)
    public JsonObject list(@QueryParam("nextToken") String nextToken, @QueryParam("maxResults") String maxResults) {
        return templates.list(Query.optional(nextToken), Query.maxResults(maxResults));
    }

    @DELETE
    @Path("/{jobTemplateId}")
    @ControlPlaneAction("iot:DeleteJobTemplate")
    public void delete(@PathParam("jobTemplateId") String templateId) {
        templates.delete(templateId);
        taggable.deleted("jobtemplate", templateId);
    }
}
