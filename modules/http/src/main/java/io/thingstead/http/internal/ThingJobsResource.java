package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.jobs.api.JobsControlPlane;
import io.thingstead.jobs.api.JobsDataPlane;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * A thing's job executions: {@code /things/{thingName}/jobs/...}. The control plane (SigV4 service {@code iot}:
 * ListJobExecutionsForThing, DescribeJobExecution, CancelJobExecution, DeleteJobExecution) and the Jobs device API
 * ({@code iot-jobs-data}: GetPendingJobExecutions, StartNextPendingJobExecution, DescribeJobExecution,
 * UpdateJobExecution) share these paths on AWS's two endpoints; here one endpoint serves both and the service the
 * request was signed for chooses.
 */
@Path("/things/{thingName}/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ThingJobsResource {
    static final String JOBS_DATA = "iot-jobs-data";

    @Inject
    JobsControlPlane control;

    @Inject
    JobsDataPlane data;

    @Inject
    RequestBody body;

    /** The filters' request properties are the servlet request's attributes ({@code ContainerRequestContext} is not injectable here). */
    @Context
    HttpServletRequest servletRequest;

    @GET
    @ControlPlaneAction(value = "iot:ListJobExecutionsForThing", mutating = false)
    @JobsDataAction("iotjobsdata:GetPendingJobExecutions")
    public JsonObject list(
            @PathParam("thingName") String thingName,
            @QueryParam("status") String status,
            @QueryParam("jobId") String jobId,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        if (jobsData()) {
            return data.getPending(thingName);
        }
        return control.listExecutionsForThing(
                thingName,
                Query.optional(status),
                Query.optional(jobId),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    @GET
    @Path("/{jobId}")
    @ControlPlaneAction(value = "iot:DescribeJobExecution", mutating = false)
    @JobsDataAction("iotjobsdata:DescribeJobExecution")
    public JsonObject describe(
            @PathParam("thingName") String thingName,
            @PathParam("jobId") String jobId,
            @QueryParam("executionNumber") String executionNumber,
            @QueryParam("includeJobDocument") String includeJobDocument) {
        Optional<Long> number = Query.version("executionNumber", executionNumber);
        if (jobsData()) {
            return data.describe(thingName, jobId, number, Query.bool(includeJobDocument, true));
        }
        return control.describeExecution(thingName, jobId, number);
    }

    @PUT
    @Path("/{jobId}")
    @JobsDataAction("iotjobsdata:StartNextPendingJobExecution")
    public JsonObject startNext(@PathParam("thingName") String thingName, @PathParam("jobId") String jobId) {
        if (!jobId.equals("$next")) {
            throw IotException.notFound("No operation PUT /things/{thingName}/jobs/" + jobId.replaceAll("[^\\w-]", "")
                    + "; StartNextPendingJobExecution is PUT /things/{thingName}/jobs/$next.");
        }
        return data.startNext(thingName, body.json());
    }

    @POST
    @Path("/{jobId}")
    @JobsDataAction("iotjobsdata:UpdateJobExecution")
    public JsonObject update(@PathParam("thingName") String thingName, @PathParam("jobId") String jobId) {
        return data.update(thingName, jobId, body.json());
    }

    @PUT
    @Path("/{jobId}/cancel")
    @ControlPlaneAction("iot:CancelJobExecution")
    public void cancel(
            @PathParam("thingName") String thingName,
            @PathParam("jobId") String jobId,
            @QueryParam("force") String force) {
        control.cancelExecution(thingName, jobId, Query.bool(force, false), body.json());
    }

    @DELETE
    @Path("/{jobId}/executionNumber/{executionNumber}")
    @ControlPlaneAction("iot:DeleteJobExecution")
    public void delete(
            @PathParam("thingName") String thingName,
            @PathParam("jobId") String jobId,
            @PathParam("executionNumber") String executionNumber,
            @QueryParam("force") String force) {
        long number = Query.version("executionNumber", executionNumber)
                .orElseThrow(() -> IotException.invalidRequest("executionNumber is required."));
        control.deleteExecution(thingName, jobId, number, Query.bool(force, false));
    }

    private boolean jobsData() {
        Caller caller = (Caller) servletRequest.getAttribute(SigV4AuthenticationFilter.CALLER);
        return caller != null && JOBS_DATA.equals(caller.service());
    }
}
