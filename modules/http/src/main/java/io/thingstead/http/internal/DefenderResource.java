package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.defender.api.DefenderAudits;
import io.thingstead.defender.api.Mitigations;
import io.thingstead.defender.api.SecurityProfiles;
import io.thingstead.defender.api.Violations;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Device Defender at AWS's paths: audit configuration, tasks, findings, scheduled audits and suppressions; security
 * profiles, custom metrics, violations; mitigation actions and tasks. The work is the defender module's; this class
 * only maps requests.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class DefenderResource {
    @Inject
    DefenderAudits audits;

    @Inject
    SecurityProfiles profiles;

    @Inject
    Violations violations;

    @Inject
    Mitigations mitigations;

    @Inject
    RequestBody body;

    @Inject
    TaggableResources taggable;

    /** AWS's timestamps in query strings: ISO 8601 (what the SDKs send) or epoch seconds. */
    static Instant time(String name, String value, Instant absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                BigDecimal seconds = new BigDecimal(value);
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            } catch (NumberFormatException n) {
                throw IotException.invalidRequest(name + " must be a timestamp.");
            }
        }
    }

    static Instant required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw IotException.invalidRequest(name + " is required.");
        }
        return time(name, value, null);
    }

    // --- audit ------------------------------------------------------------------------------------------------------

    @GET
    @Path("audit/configuration")
    @ControlPlaneAction(value = "iot:DescribeAccountAuditConfiguration", mutating = false)
    public JsonObject describeConfiguration() {
        return audits.describeConfiguration();
    }

    @PATCH
    @Path("audit/configuration")
    @ControlPlaneAction("iot:UpdateAccountAuditConfiguration")
    public JsonObject updateConfiguration() {
        audits.updateConfiguration(body.json());
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("audit/configuration")
    @ControlPlaneAction("iot:DeleteAccountAuditConfiguration")
    public JsonObject deleteConfiguration(@QueryParam("deleteScheduledAudits") String deleteScheduled) {
        audits.deleteConfiguration(Query.bool(deleteScheduled, false));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("audit/tasks")
    @ControlPlaneAction("iot:StartOnDemandAuditTask")
    public JsonObject startOnDemand() {
        String taskId = audits.startOnDemandAudit(Bodies.strings(body.json(), "targetCheckNames"));
        return Json.createObjectBuilder().add("taskId", taskId).build();
    }

    @PUT
    @Path("audit/tasks/{taskId}/cancel")
    @ControlPlaneAction("iot:CancelAuditTask")
    public JsonObject cancelTask(@PathParam("taskId") String taskId) {
        audits.cancelAuditTask(taskId);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("audit/tasks/{taskId}")
    @ControlPlaneAction(value = "iot:DescribeAuditTask", mutating = false)
    public JsonObject describeTask(@PathParam("taskId") String taskId) {
        return audits.describeAuditTask(taskId);
    }

    @GET
    @Path("audit/tasks")
    @ControlPlaneAction(value = "iot:ListAuditTasks", mutating = false)
    public JsonObject listTasks(
            @QueryParam("startTime") String startTime,
            @QueryParam("endTime") String endTime,
            @QueryParam("taskType") String taskType,
            @QueryParam("taskStatus") String taskStatus,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return audits.listAuditTasks(
                required("startTime", startTime),
                required("endTime", endTime),
                Query.optional(taskType),
                Query.optional(taskStatus),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    @POST
    @Path("audit/findings")
    @ControlPlaneAction(value = "iot:ListAuditFindings", mutating = false)
    public JsonObject listFindings() {
        return audits.listAuditFindings(body.json());
    }

    @GET
    @Path("audit/findings/{findingId}")
    @ControlPlaneAction(value = "iot:DescribeAuditFinding", mutating = false)
    public JsonObject describeFinding(@PathParam("findingId") String findingId) {
        return audits.describeAuditFinding(findingId);
    }

    @POST
    @Path("audit/scheduledaudits/{name}")
    @ControlPlaneAction("iot:CreateScheduledAudit")
    public JsonObject createScheduled(@PathParam("name") String name) {
        JsonObject request = body.json();
        String arn = taggable.create(
                taggable.fromBody(request, "tags"),
                () -> audits.createScheduledAudit(name, request),
                created -> created);
        return Json.createObjectBuilder().add("scheduledAuditArn", arn).build();
    }

    @GET
    @Path("audit/scheduledaudits/{name}")
    @ControlPlaneAction(value = "iot:DescribeScheduledAudit", mutating = false)
    public JsonObject describeScheduled(@PathParam("name") String name) {
        return audits.describeScheduledAudit(name);
    }

    @PATCH
    @Path("audit/scheduledaudits/{name}")
    @ControlPlaneAction("iot:UpdateScheduledAudit")
    public JsonObject updateScheduled(@PathParam("name") String name) {
        return Json.createObjectBuilder()
                .add("scheduledAuditArn", audits.updateScheduledAudit(name, body.json()))
                .build();
    }

    @DELETE
    @Path("audit/scheduledaudits/{name}")
    @ControlPlaneAction("iot:DeleteScheduledAudit")
    public JsonObject deleteScheduled(@PathParam("name") String name) {
        audits.deleteScheduledAudit(name);
        taggable.deleted("scheduledaudit", name);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("audit/scheduledaudits")
    @ControlPlaneAction(value = "iot:ListScheduledAudits", mutating = false)
    public JsonObject listScheduled(
            @QueryParam("nextToken") String nextToken, @QueryParam("maxResults") String maxResults) {
        return audits.listScheduledAudits(Query.optional(nextToken), Query.maxResults(maxResults));
    }

    @POST
    @Path("audit/suppressions/create")
    @ControlPlaneAction("iot:CreateAuditSuppression")
    public JsonObject createSuppression() {
        audits.createSuppression(body.json());
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("audit/suppressions/describe")
    @ControlPlaneAction(value = "iot:DescribeAuditSuppression", mutating = false)
    public JsonObject describeSuppression() {
        return audits.describeSuppression(body.json());
    }

    @PATCH
    @Path("audit/suppressions/update")
    @ControlPlaneAction("iot:UpdateAuditSuppression")
    public JsonObject updateSuppression() {
        audits.updateSuppression(body.json());
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("audit/suppressions/delete")
    @ControlPlaneAction("iot:DeleteAuditSuppression")
    public JsonObject deleteSuppression() {
        audits.deleteSuppression(body.json());
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("audit/suppressions/list")
    @ControlPlaneAction(value = "iot:ListAuditSuppressions", mutating = false)
    public JsonObject listSuppressions() {
        return audits.listSuppressions(body.json());
    }

    // --- detect -----------------------------------------------------------------------------------------------------

    @POST
    @Path("security-profiles/{name}")
    @ControlPlaneAction("iot:CreateSecurityProfile")
    public JsonObject createProfile(@PathParam("name") String name) {
        JsonObject request = body.json();
        return taggable.create(
                taggable.fromBody(request, "tags"),
                () -> profiles.create(name, request),
                created -> created.getString("securityProfileArn"));
    }

    @GET
    @Path("security-profiles/{name}")
    @ControlPlaneAction(value = "iot:DescribeSecurityProfile", mutating = false)
    public JsonObject describeProfile(@PathParam("name") String name) {
        return profiles.describe(name);
    }

    @PATCH
    @Path("security-profiles/{name}")
    @ControlPlaneAction("iot:UpdateSecurityProfile")
    public JsonObject updateProfile(
            @PathParam("name") String name, @QueryParam("expectedVersion") String expectedVersion) {
        return profiles.update(name, body.json(), Query.version("expectedVersion", expectedVersion));
    }

    @DELETE
    @Path("security-profiles/{name}")
    @ControlPlaneAction("iot:DeleteSecurityProfile")
    public JsonObject deleteProfile(
            @PathParam("name") String name, @QueryParam("expectedVersion") String expectedVersion) {
        profiles.delete(name, Query.version("expectedVersion", expectedVersion));
        taggable.deleted("securityprofile", name);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("security-profiles")
    @ControlPlaneAction(value = "iot:ListSecurityProfiles", mutating = false)
    public JsonObject listProfiles(
            @QueryParam("metricName") String metricName,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return profiles.list(Query.optional(metricName), Query.optional(nextToken), Query.maxResults(maxResults));
    }

    @PUT
    @Path("security-profiles/{name}/targets")
    @ControlPlaneAction("iot:AttachSecurityProfile")
    public JsonObject attach(@PathParam("name") String name, @QueryParam("securityProfileTargetArn") String target) {
        profiles.attach(name, requiredString("securityProfileTargetArn", target));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @DELETE
    @Path("security-profiles/{name}/targets")
    @ControlPlaneAction("iot:DetachSecurityProfile")
    public JsonObject detach(@PathParam("name") String name, @QueryParam("securityProfileTargetArn") String target) {
        profiles.detach(name, requiredString("securityProfileTargetArn", target));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("security-profiles/{name}/targets")
    @ControlPlaneAction(value = "iot:ListTargetsForSecurityProfile", mutating = false)
    public JsonObject listTargets(
            @PathParam("name") String name,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return profiles.listTargets(name, Query.optional(nextToken), Query.maxResults(maxResults));
    }

    @GET
    @Path("security-profiles-for-target")
    @ControlPlaneAction(value = "iot:ListSecurityProfilesForTarget", mutating = false)
    public JsonObject listForTarget(
            @QueryParam("securityProfileTargetArn") String target,
            @QueryParam("recursive") String recursive,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return profiles.listForTarget(
                requiredString("securityProfileTargetArn", target),
                Query.bool(recursive, false),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    @POST
    @Path("security-profile-behaviors/validate")
    @ControlPlaneAction(value = "iot:ValidateSecurityProfileBehaviors", mutating = false)
    public JsonObject validate() {
        JsonValue behaviors = body.json().get("behaviors");
        if (behaviors == null || behaviors.getValueType() != JsonValue.ValueType.ARRAY) {
            throw IotException.invalidRequest("behaviors is required.");
        }
        return profiles.validate(behaviors.asJsonArray());
    }

    @POST
    @Path("custom-metric/{metricName}")
    @ControlPlaneAction("iot:CreateCustomMetric")
    public JsonObject createMetric(@PathParam("metricName") String name) {
        return profiles.createCustomMetric(name, body.json());
    }

    @GET
    @Path("custom-metric/{metricName}")
    @ControlPlaneAction(value = "iot:DescribeCustomMetric", mutating = false)
    public JsonObject describeMetric(@PathParam("metricName") String name) {
        return profiles.describeCustomMetric(name);
    }

    @PATCH
    @Path("custom-metric/{metricName}")
    @ControlPlaneAction("iot:UpdateCustomMetric")
    public JsonObject updateMetric(@PathParam("metricName") String name) {
        return profiles.updateCustomMetric(name, body.json());
    }

    @DELETE
    @Path("custom-metric/{metricName}")
    @ControlPlaneAction("iot:DeleteCustomMetric")
    public JsonObject deleteMetric(@PathParam("metricName") String name) {
        profiles.deleteCustomMetric(name);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("custom-metrics")
    @ControlPlaneAction(value = "iot:ListCustomMetrics", mutating = false)
    public JsonObject listMetrics(
            @QueryParam("nextToken") String nextToken, @QueryParam("maxResults") String maxResults) {
        return profiles.listCustomMetrics(Query.optional(nextToken), Query.maxResults(maxResults));
    }

    @GET
    @Path("active-violations")
    @ControlPlaneAction(value = "iot:ListActiveViolations", mutating = false)
    public JsonObject activeViolations(
            @QueryParam("thingName") String thingName,
            @QueryParam("securityProfileName") String profile,
            @QueryParam("behaviorCriteriaType") String criteriaType,
            @QueryParam("listSuppressedAlerts") String suppressed,
            @QueryParam("verificationState") String verificationState,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return violations.listActive(
                Query.optional(thingName),
                Query.optional(profile),
                Query.optional(criteriaType),
                Query.bool(suppressed, false),
                Query.optional(verificationState),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    @GET
    @Path("violation-events")
    @ControlPlaneAction(value = "iot:ListViolationEvents", mutating = false)
    public JsonObject violationEvents(
            @QueryParam("startTime") String startTime,
            @QueryParam("endTime") String endTime,
            @QueryParam("thingName") String thingName,
            @QueryParam("securityProfileName") String profile,
            @QueryParam("behaviorCriteriaType") String criteriaType,
            @QueryParam("listSuppressedAlerts") String suppressed,
            @QueryParam("verificationState") String verificationState,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return violations.listEvents(
                required("startTime", startTime),
                required("endTime", endTime),
                Query.optional(thingName),
                Query.optional(profile),
                Query.optional(criteriaType),
                Query.bool(suppressed, false),
                Query.optional(verificationState),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    @POST
    @Path("violations/verification-state/{violationId}")
    @ControlPlaneAction("iot:PutVerificationStateOnViolation")
    public JsonObject putVerificationState(@PathParam("violationId") String violationId) {
        JsonObject request = body.json();
        violations.putVerificationState(
                violationId,
                Bodies.string(request, "verificationState")
                        .orElseThrow(() -> IotException.invalidRequest("verificationState is required.")),
                Bodies.string(request, "verificationStateDescription"));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    // --- mitigation -------------------------------------------------------------------------------------------------

    @POST
    @Path("mitigationactions/actions/{actionName}")
    @ControlPlaneAction("iot:CreateMitigationAction")
    public JsonObject createAction(@PathParam("actionName") String name) {
        JsonObject request = body.json();
        return taggable.create(
                taggable.fromBody(request, "tags"),
                () -> mitigations.createAction(name, request),
                created -> created.getString("actionArn"));
    }

    @GET
    @Path("mitigationactions/actions/{actionName}")
    @ControlPlaneAction(value = "iot:DescribeMitigationAction", mutating = false)
    public JsonObject describeAction(@PathParam("actionName") String name) {
        return mitigations.describeAction(name);
    }

    @PATCH
    @Path("mitigationactions/actions/{actionName}")
    @ControlPlaneAction("iot:UpdateMitigationAction")
    public JsonObject updateAction(@PathParam("actionName") String name) {
        return mitigations.updateAction(name, body.json());
    }

    @DELETE
    @Path("mitigationactions/actions/{actionName}")
    @ControlPlaneAction("iot:DeleteMitigationAction")
    public JsonObject deleteAction(@PathParam("actionName") String name) {
        mitigations.deleteAction(name);
        taggable.deleted("mitigationaction", name);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("mitigationactions/actions")
    @ControlPlaneAction(value = "iot:ListMitigationActions", mutating = false)
    public JsonObject listActions(
            @QueryParam("actionType") String actionType,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return mitigations.listActions(
                Query.optional(actionType), Query.optional(nextToken), Query.maxResults(maxResults));
    }

    @POST
    @Path("audit/mitigationactions/tasks/{taskId}")
    @ControlPlaneAction("iot:StartAuditMitigationActionsTask")
    public JsonObject startAuditMitigation(@PathParam("taskId") String taskId) {
        return Json.createObjectBuilder()
                .add("taskId", mitigations.startAuditMitigation(taskId, body.json()))
                .build();
    }

    @GET
    @Path("audit/mitigationactions/tasks/{taskId}")
    @ControlPlaneAction(value = "iot:DescribeAuditMitigationActionsTask", mutating = false)
    public JsonObject describeAuditMitigation(@PathParam("taskId") String taskId) {
        return mitigations.describeAuditMitigation(taskId);
    }

    @PUT
    @Path("audit/mitigationactions/tasks/{taskId}/cancel")
    @ControlPlaneAction("iot:CancelAuditMitigationActionsTask")
    public JsonObject cancelAuditMitigation(@PathParam("taskId") String taskId) {
        mitigations.cancelAuditMitigation(taskId);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("audit/mitigationactions/tasks")
    @ControlPlaneAction(value = "iot:ListAuditMitigationActionsTasks", mutating = false)
    public JsonObject listAuditMitigations(
            @QueryParam("auditTaskId") String auditTaskId,
            @QueryParam("findingId") String findingId,
            @QueryParam("taskStatus") String taskStatus,
            @QueryParam("startTime") String startTime,
            @QueryParam("endTime") String endTime,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return mitigations.listAuditMitigations(
                Query.optional(auditTaskId),
                Query.optional(findingId),
                Query.optional(taskStatus),
                required("startTime", startTime),
                required("endTime", endTime),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    @GET
    @Path("audit/mitigationactions/executions")
    @ControlPlaneAction(value = "iot:ListAuditMitigationActionsExecutions", mutating = false)
    public JsonObject listAuditMitigationExecutions(
            @QueryParam("taskId") String taskId,
            @QueryParam("findingId") String findingId,
            @QueryParam("actionStatus") String actionStatus,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return mitigations.listAuditMitigationExecutions(
                requiredString("taskId", taskId),
                Query.optional(findingId),
                Query.optional(actionStatus),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    @PUT
    @Path("detect/mitigationactions/tasks/{taskId}")
    @ControlPlaneAction("iot:StartDetectMitigationActionsTask")
    public JsonObject startDetectMitigation(@PathParam("taskId") String taskId) {
        return Json.createObjectBuilder()
                .add("taskId", mitigations.startDetectMitigation(taskId, body.json()))
                .build();
    }

    @GET
    @Path("detect/mitigationactions/tasks/{taskId}")
    @ControlPlaneAction(value = "iot:DescribeDetectMitigationActionsTask", mutating = false)
    public JsonObject describeDetectMitigation(@PathParam("taskId") String taskId) {
        return mitigations.describeDetectMitigation(taskId);
    }

    @PUT
    @Path("detect/mitigationactions/tasks/{taskId}/cancel")
    @ControlPlaneAction("iot:CancelDetectMitigationActionsTask")
    public JsonObject cancelDetectMitigation(@PathParam("taskId") String taskId) {
        mitigations.cancelDetectMitigation(taskId);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @GET
    @Path("detect/mitigationactions/tasks")
    @ControlPlaneAction(value = "iot:ListDetectMitigationActionsTasks", mutating = false)
    public JsonObject listDetectMitigations(
            @QueryParam("startTime") String startTime,
            @QueryParam("endTime") String endTime,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return mitigations.listDetectMitigations(
                required("startTime", startTime),
                required("endTime", endTime),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    @GET
    @Path("detect/mitigationactions/executions")
    @ControlPlaneAction(value = "iot:ListDetectMitigationActionsExecutions", mutating = false)
    public JsonObject listDetectMitigationExecutions(
            @QueryParam("taskId") String taskId,
            @QueryParam("violationId") String violationId,
            @QueryParam("thingName") String thingName,
            @QueryParam("startTime") String startTime,
            @QueryParam("endTime") String endTime,
            @QueryParam("nextToken") String nextToken,
            @QueryParam("maxResults") String maxResults) {
        return mitigations.listDetectMitigationExecutions(
                Query.optional(taskId),
                Query.optional(violationId),
                Query.optional(thingName),
                Query.optional(startTime),
                Query.optional(endTime),
                Query.optional(nextToken),
                Query.maxResults(maxResults));
    }

    private static String requiredString(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw IotException.invalidRequest(name + " is required.");
        }
        return value;
    }

    static Optional<String> none() {
        return Optional.empty();
    }
}
