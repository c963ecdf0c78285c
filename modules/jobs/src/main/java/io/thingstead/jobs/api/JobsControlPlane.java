package io.thingstead.jobs.api;

import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * The AWS IoT Jobs management API (what {@code IotClient.createJob} and friends call), with AWS's request and response
 * members as JSON objects: the HTTP layer passes bodies through, the rules about them live here. Errors are {@code
 * IotException}s with AWS's types ({@code InvalidRequestException}, {@code ResourceNotFoundException}, {@code
 * ResourceAlreadyExistsException}, {@code InvalidStateTransitionException}, {@code VersionConflictException}, {@code
 * LimitExceededException}). Times in responses are epoch seconds with a fraction, as AWS's JSON protocol writes
 * them.
 */
public interface JobsControlPlane {
    /** CreateJob: {@code {jobArn, jobId, description}}. */
    JsonObject createJob(String jobId, JsonObject request);

    /** DescribeJob: {@code {documentSource, job}}. */
    JsonObject describeJob(String jobId);

    /** ListJobs. */
    JsonObject listJobs(ListJobs query);

    /** UpdateJob: description, presigned URL, rollout, abort, timeout and retry configurations. */
    void updateJob(String jobId, JsonObject request);

    /** CancelJob: {@code {jobArn, jobId, description}}. */
    JsonObject cancelJob(String jobId, boolean force, JsonObject request);

    /** DeleteJob. */
    void deleteJob(String jobId, boolean force);

    /** GetJobDocument: the document as created (placeholders unreplaced). */
    JsonObject getJobDocument(String jobId);

    /** AssociateTargetsWithJob: adds things and groups to a continuous job. */
    JsonObject associateTargets(String jobId, JsonObject request);

    /** ListJobExecutionsForJob: the newest execution of each thing. */
    JsonObject listExecutionsForJob(String jobId, Optional<String> status, Optional<String> nextToken, int maxResults);

    /** ListJobExecutionsForThing. */
    JsonObject listExecutionsForThing(
            String thingName,
            Optional<String> status,
            Optional<String> jobId,
            Optional<String> nextToken,
            int maxResults);

    /** DescribeJobExecution (control plane shape: {@code statusDetails.detailsMap}, {@code thingArn}). */
    JsonObject describeExecution(String thingName, String jobId, Optional<Long> executionNumber);

    /** CancelJobExecution. */
    void cancelExecution(String thingName, String jobId, boolean force, JsonObject request);

    /** DeleteJobExecution. */
    void deleteExecution(String thingName, String jobId, long executionNumber, boolean force);

    /** ListJobs' filters; {@code maxResults} 0 means AWS's default. */
    record ListJobs(
            Optional<String> status,
            Optional<String> targetSelection,
            Optional<String> thingGroupName,
            Optional<String> thingGroupId,
            Optional<String> nextToken,
            int maxResults) {}
}
