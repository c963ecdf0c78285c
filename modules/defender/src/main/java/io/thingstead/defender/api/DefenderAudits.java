package io.thingstead.defender.api;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Device Defender Audit as the AWS IoT API offers it: the account's audit configuration, on-demand and scheduled
 * audits, their tasks and findings, and finding suppressions. Requests and answers are AWS's JSON documents (the
 * members of the REST operations' bodies); errors are {@code IotException}s with AWS's types. A CDI bean.
 */
public interface DefenderAudits {
    /** DescribeAccountAuditConfiguration: every check Thingstead supports, enabled or not. */
    JsonObject describeConfiguration();

    /** UpdateAccountAuditConfiguration: {@code roleArn}, {@code auditNotificationTargetConfigurations}, {@code auditCheckConfigurations}. */
    void updateConfiguration(JsonObject request);

    /** DeleteAccountAuditConfiguration: every check disabled, the notification target removed. */
    void deleteConfiguration(boolean deleteScheduledAudits);

    /** StartOnDemandAuditTask: the task id; the audit runs in the background. */
    String startOnDemandAudit(List<String> targetCheckNames);

    void cancelAuditTask(String taskId);

    /** DescribeAuditTask. */
    JsonObject describeAuditTask(String taskId);

    /** ListAuditTasks: tasks started in [startTime, endTime]. */
    JsonObject listAuditTasks(
            Instant startTime,
            Instant endTime,
            Optional<String> taskType,
            Optional<String> taskStatus,
            Optional<String> nextToken,
            int maxResults);

    /** ListAuditFindings: the request body ({@code taskId}, {@code checkName}, {@code resourceIdentifier}, times...). */
    JsonObject listAuditFindings(JsonObject request);

    /** DescribeAuditFinding. */
    JsonObject describeAuditFinding(String findingId);

    /** CreateScheduledAudit: the scheduled audit's ARN. */
    String createScheduledAudit(String name, JsonObject request);

    JsonObject describeScheduledAudit(String name);

    String updateScheduledAudit(String name, JsonObject request);

    void deleteScheduledAudit(String name);

    JsonObject listScheduledAudits(Optional<String> nextToken, int maxResults);

    /** CreateAuditSuppression. */
    void createSuppression(JsonObject request);

    JsonObject describeSuppression(JsonObject request);

    void updateSuppression(JsonObject request);

    void deleteSuppression(JsonObject request);

    JsonObject listSuppressions(JsonObject request);
}
