package io.thingstead.jobs.api;

import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * The AWS IoT Jobs device API over HTTPS ({@code iot-jobs-data}, what {@code IotJobsDataPlaneClient} calls): the same
 * operations and rules as the MQTT topics {@code $aws/things/<thing>/jobs/...}, with the HTTPS shapes (the job
 * document as a JSON string, times in epoch seconds). Errors are {@code IotException}s: {@code
 * InvalidRequestException}, {@code ResourceNotFoundException}, {@code InvalidStateTransitionException} (a version
 * mismatch too, as AWS answers it over HTTPS), {@code TerminalStateException}.
 */
public interface JobsDataPlane {
    /** GetPendingJobExecutions: {@code {inProgressJobs, queuedJobs}}. */
    JsonObject getPending(String thingName);

    /** StartNextPendingJobExecution: {@code {execution}}, or {@code {}} when nothing is pending. */
    JsonObject startNext(String thingName, JsonObject request);

    /** DescribeJobExecution; {@code jobId} may be {@code $next}. */
    JsonObject describe(String thingName, String jobId, Optional<Long> executionNumber, boolean includeJobDocument);

    /** UpdateJobExecution: {@code {executionState?, jobDocument?}}. */
    JsonObject update(String thingName, String jobId, JsonObject request);
}
