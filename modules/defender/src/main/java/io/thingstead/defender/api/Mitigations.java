package io.thingstead.defender.api;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * Device Defender mitigation actions as the AWS IoT API offers them: the actions, and tasks that apply them to audit
 * findings or to detect violations. Requests and answers are AWS's JSON documents. A CDI bean.
 */
public interface Mitigations {
    /** CreateMitigationAction: {@code actionArn} and {@code actionId}. */
    JsonObject createAction(String name, JsonObject request);

    JsonObject describeAction(String name);

    JsonObject updateAction(String name, JsonObject request);

    void deleteAction(String name);

    JsonObject listActions(Optional<String> actionType, Optional<String> nextToken, int maxResults);

    /** StartAuditMitigationActionsTask: applies actions to findings in the background. */
    String startAuditMitigation(String taskId, JsonObject request);

    JsonObject describeAuditMitigation(String taskId);

    void cancelAuditMitigation(String taskId);

    JsonObject listAuditMitigations(
            Optional<String> auditTaskId,
            Optional<String> findingId,
            Optional<String> taskStatus,
            Instant startTime,
            Instant endTime,
            Optional<String> nextToken,
            int maxResults);

    JsonObject listAuditMitigationExecutions(
            String taskId,
            Optional<String> findingId,
            Optional<String> actionStatus,
            Optional<String> nextToken,
            int maxResults);

    /** StartDetectMitigationActionsTask. */
    String startDetectMitigation(String taskId, JsonObject request);

    JsonObject describeDetectMitigation(String taskId);

    void cancelDetectMitigation(String taskId);

    JsonObject listDetectMitigations(Instant startTime, Instant endTime, Optional<String> nextToken, int maxResults);

    JsonObject listDetectMitigationExecutions(
            Optional<String> taskId,
            Optional<String> violationId,
            Optional<String> thingName,
            Optional<String> startTime,
            Optional<String> endTime,
            Optional<String> nextToken,
            int maxResults);
}
