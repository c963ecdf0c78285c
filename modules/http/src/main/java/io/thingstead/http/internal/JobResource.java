package io.thingstead.http.internal;

import io.thingstead.jobs.api.JobsControlPlane;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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

/** The AWS IoT Jobs management API: {@code /jobs/...} (docs/jobs.md). */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class JobResource {
    @Inject
    JobsControlPlane jobs;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    @PUT
    @Path("/{jobId}")
    @ControlPlaneAction("iot:CreateJob")
    public JsonObject create(@PathParam("jobId") String jobId) {
        JsonObject request = body.json();
        return taggable.create(
                taggable.fromBody(request, "tags"),
                () -> jobs.createJob(jobId, request),
                created -> created.getString("jobArn"));
    }

    @GET
    @Path("/{jobId}")
    @ControlPlaneAction(value = "iot:DescribeJob", mutating = false)
    public JsonObject describe(@PathParam("jobId") String jobId) {
        return jobs.describeJob(jobId);
    }

    @GET
    @ControlPlaneAction(value = "iot:ListJobs", mutating = false)
    public JsonObject list(
            @QueryParam("status") String status,
            @QueryParam("targetSelection") String targetSelection,
            @QueryParam("thingGroupName") String thingGroupName,
            @QueryParam("thingGroupId") String thingGroupId,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return jobs.listJobs(new JobsControlPlane.ListJobs(
                Query.optional(status),
                Query.optional(targetSelection),
                Query.optional(thingGroupName),
                Query.optional(thingGroupId),
                Query.optional(nextToken),
                Query.maxResults(maxResults)));
    }

    @PATCH
    @Path("/{jobId}")
    @ControlPlaneAction("iot:UpdateJob")
    public void update(@PathParam("jobId") String jobId) {
        jobs.updateJob(jobId, body.json());
    }

    @PUT
    @Path("/{jobId}/cancel")
    @ControlPlaneAction("iot:CancelJob")
    public JsonObject cancel(@PathParam("jobId") String jobId, @QueryParam("force") String force) {
        return jobs.cancelJob(jobId, Query.bool(force, false), body.json());
    }

    @DELETE
    @Path("/{jobId}")
    @ControlPlaneAction("iot:DeleteJob")
    public void delete(@PathParam("jobId") String jobId, @QueryParam("force") String force) {
        jobs.deleteJob(jobId, Query.bool(force, false));
        taggable.deleted("job", jobId);
    }

    @GET
    @Path("/{jobId}/job-document")
    @ControlPlaneAction(value = "iot:GetJobDocument", mutating = false)
    public JsonObject document(@PathParam("jobId") String jobId) {
        return jobs.getJobDocument(jobId);
    }

    @GET
    @Path("/{jobId}/things")
    @ControlPlaneAction(value = "iot:ListJobExecutionsForJob", mutating = false)
    public JsonObject executions(
            @PathParam("jobId") String jobId,
            @QueryParam("status") String status,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return jobs.listExecutionsForJob(
                jobId, Query.optional(status), Query.optional(nextToken), Query.maxResults(maxResults));
    }

    @POST
    @Path("/{jobId}/targets")
    @ControlPlaneAction("iot:AssociateTargetsWithJob")
    public JsonObject associate(@PathParam("jobId") String jobId) {
        return jobs.associateTargets(jobId, body.json());
    }
}
