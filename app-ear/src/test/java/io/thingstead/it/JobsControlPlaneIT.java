package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.it.Mqtt.Identity;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AbortAction;
import software.amazon.awssdk.services.iot.model.DescribeJobExecutionResponse;
import software.amazon.awssdk.services.iot.model.DescribeJobTemplateResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.InvalidStateTransitionException;
import software.amazon.awssdk.services.iot.model.Job;
import software.amazon.awssdk.services.iot.model.JobExecutionFailureType;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.RetryableFailureType;
import software.amazon.awssdk.services.iot.model.TargetSelection;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/**
 * The Jobs control plane beyond the happy path of {@link JobsIT}, with the AWS SDK's {@link IotClient} and Paho
 * devices over mutual TLS: job templates, UpdateJob, AssociateTargetsWithJob, CancelJob and DeleteJob with and
 * without {@code force}, CancelJobExecution and DeleteJobExecution, {@code jobExecutionsRetryConfig}, a device's
 * {@code stepTimeoutInMinutes}, scheduling validation, the lifecycle events of all of these (seen by a subscriber) and
 * the jobs metrics on {@code /metrics}. AWS's semantics: the IoT API reference of each action.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsControlPlaneIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final DateTimeFormatter SCHEDULE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private static IotClient iot;
    private static String policy;
    private static Dev observer;
    private static String metricsBefore;

    /** Started by the first test, checked by the last: the step timeout is at least a minute, as on AWS. */
    private static String stepJob;

    private static String stepThing;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void clients() throws Exception {
        iot = Operator.iot();
        Mqtt.awaitGateway();
        // job events are published only while switched on (as on AWS); switched off again after the class
        iot.updateEventConfigurations(r -> r.eventConfigurationsWithStrings(java.util.Map.of(
                "JOB",
                        software.amazon.awssdk.services.iot.model.Configuration.builder()
                                .enabled(true)
                                .build(),
                "JOB_EXECUTION",
                        software.amazon.awssdk.services.iot.model.Configuration.builder()
                                .enabled(true)
                                .build())));
        metricsBefore = metrics();
        Identity identity = FleetFixtures.adminIdentity(iot, "jobs-cp-observer-" + RUN);
        observer = Dev.connect(new JobsIT.Device("jobs-cp-observer-" + RUN, null, identity));
        observer.subscribe("$aws/events/job/+/+", "$aws/events/jobExecution/+/+");
    }

    @AfterAll
    static void close() throws Exception {
        if (observer != null) {
            observer.close();
        }
        iot.updateEventConfigurations(r -> r.eventConfigurationsWithStrings(java.util.Map.of(
                "JOB",
                        software.amazon.awssdk.services.iot.model.Configuration.builder()
                                .enabled(false)
                                .build(),
                "JOB_EXECUTION",
                        software.amazon.awssdk.services.iot.model.Configuration.builder()
                                .enabled(false)
                                .build())));
        iot.close();
    }

    @Test
    @Order(1)
    void aDeviceThatMissesItsStepTimeoutTimesOut() throws Exception {
        JobsIT.Device device = device("step");
        stepThing = device.thing();
        stepJob = "cp-step-" + RUN;
        iot.createJob(r -> r.jobId(stepJob).targets(device.arn()).document("{\"operation\":\"reboot\"}"));
        try (Dev dev = Dev.connect(device)) {
            String prefix = dev.prefix();
            dev.subscribe(prefix + "/start-next/+", prefix + "/" + stepJob + "/update/+");
            // AWS: stepTimeoutInMinutes from 1 to 10080
            dev.publish(prefix + "/start-next", "{\"stepTimeoutInMinutes\":0,\"clientToken\":\"z\"}");
            JsonObject refused = dev.next(prefix + "/start-next/rejected");
            assertThat(refused.getString("code")).isEqualTo("InvalidRequest");
            dev.publish(prefix + "/start-next", "{\"stepTimeoutInMinutes\":1}");
            JsonObject started = dev.next(prefix + "/start-next/accepted");
            assertThat(started.getJsonObject("execution").getString("jobId")).isEqualTo(stepJob);
            assertThat(started.getJsonObject("execution").getString("status")).isEqualTo("IN_PROGRESS");
        }
        // the device is gone; the last test finds the execution TIMED_OUT and the timed_out event
    }

    @Test
    @Order(2)
    void aJobCreatedFromATemplateInheritsItsDocumentAndConfigurations() throws Exception {
        String templateId = "cp-tpl-" + RUN;
        String templateArn = iot.createJobTemplate(r -> r.jobTemplateId(templateId)
                        .description("reboot with care")
                        .document("{\"operation\":\"reboot\",\"delay\":\"5\"}")
                        .timeoutConfig(t -> t.inProgressTimeoutInMinutes(30L))
                        .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(50))
                        .abortConfig(a -> a.criteriaList(c -> c.failureType(JobExecutionFailureType.FAILED)
                                .action(AbortAction.CANCEL)
                                .thresholdPercentage(50.0)
                                .minNumberOfExecutedThings(10)))
                        .jobExecutionsRetryConfig(c -> c.criteriaList(k ->
                                k.failureType(RetryableFailureType.TIMED_OUT).numberOfRetries(3))))
                .jobTemplateArn();
        assertThat(templateArn).endsWith(":jobtemplate/" + templateId);

        DescribeJobTemplateResponse template = iot.describeJobTemplate(r -> r.jobTemplateId(templateId));
        assertThat(template.jobTemplateArn()).isEqualTo(templateArn);
        assertThat(template.description()).isEqualTo("reboot with care");
        assertThat(template.document()).contains("\"delay\"");
        assertThat(template.timeoutConfig().inProgressTimeoutInMinutes()).isEqualTo(30L);
        assertThat(template.jobExecutionsRolloutConfig().maximumPerMinute()).isEqualTo(50);
        assertThat(template.abortConfig().criteriaList().get(0).minNumberOfExecutedThings())
                .isEqualTo(10);
        assertThat(template.jobExecutionsRetryConfig().criteriaList().get(0).numberOfRetries())
                .isEqualTo(3);
        assertThat(template.createdAt()).isNotNull();
        assertThat(iot.listJobTemplates(r -> r.maxResults(250)).jobTemplates())
                .extracting(t -> t.jobTemplateId())
                .contains(templateId);
        assertThatThrownBy(() -> iot.createJobTemplate(
                        r -> r.jobTemplateId(templateId).description("again").document("{}")))
                // AWS's CreateJobTemplate answers a taken id with ConflictException (409)
                .isInstanceOf(software.amazon.awssdk.services.iot.model.ConflictException.class);

        JobsIT.Device device = device("tpl");
        String jobId = "cp-from-tpl-" + RUN;
        iot.createJob(r -> r.jobId(jobId).targets(device.arn()).jobTemplateArn(templateArn));
        Job job = iot.describeJob(r -> r.jobId(jobId)).job();
        assertThat(job.jobTemplateArn()).isEqualTo(templateArn);
        assertThat(job.timeoutConfig().inProgressTimeoutInMinutes()).isEqualTo(30L);
        assertThat(job.jobExecutionsRolloutConfig().maximumPerMinute()).isEqualTo(50);
        assertThat(job.abortConfig().criteriaList()).hasSize(1);
        assertThat(job.jobExecutionsRetryConfig().criteriaList().get(0).failureType())
                .isEqualTo(RetryableFailureType.TIMED_OUT);
        assertThat(iot.getJobDocument(r -> r.jobId(jobId)).document()).contains("\"delay\"");

        // a request's own member wins over the template's
        String ownId = "cp-tpl-own-" + RUN;
        iot.createJob(r -> r.jobId(ownId)
                .targets(device.arn())
                .jobTemplateArn(templateArn)
                .timeoutConfig(t -> t.inProgressTimeoutInMinutes(60L)));
        assertThat(iot.describeJob(r -> r.jobId(ownId)).job().timeoutConfig().inProgressTimeoutInMinutes())
                .isEqualTo(60L);

        iot.deleteJobTemplate(r -> r.jobTemplateId(templateId));
        assertThatThrownBy(() -> iot.describeJobTemplate(r -> r.jobTemplateId(templateId)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(iot.listJobTemplates(r -> r.maxResults(250)).jobTemplates())
                .extracting(t -> t.jobTemplateId())
                .doesNotContain(templateId);
        assertThatThrownBy(() -> iot.createJob(
                        r -> r.jobId("cp-no-tpl-" + RUN).targets(device.arn()).jobTemplateArn(templateArn)))
                .isInstanceOf(ResourceNotFoundException.class);
        // the jobs made from it keep their document
        assertThat(iot.getJobDocument(r -> r.jobId(jobId)).document()).contains("\"delay\"");
        iot.cancelJob(r -> r.jobId(jobId));
        iot.cancelJob(r -> r.jobId(ownId));
    }

    @Test
    @Order(3)
    void aFailedExecutionIsRetriedAsANewExecutionUpToTheNumberOfRetries() throws Exception {
        JobsIT.Device device = device("retry");
        String jobId = "cp-retry-" + RUN;
        try (Dev dev = Dev.connect(device)) {
            String prefix = dev.prefix();
            dev.subscribe(prefix + "/notify-next", prefix + "/start-next/+", prefix + "/" + jobId + "/update/+");
            iot.createJob(r -> r.jobId(jobId)
                    .targets(device.arn())
                    .document("{\"operation\":\"flaky\"}")
                    .jobExecutionsRetryConfig(c -> c.criteriaList(
                            k -> k.failureType(RetryableFailureType.FAILED).numberOfRetries(2))));
            for (int attempt = 0; attempt <= 2; attempt++) {
                JsonObject next = dev.next(prefix + "/notify-next");
                assertThat(next.getJsonObject("execution").getString("jobId")).isEqualTo(jobId);
                assertThat(next.getJsonObject("execution")
                                .getJsonNumber("executionNumber")
                                .longValue())
                        .as("attempt %d", attempt)
                        .isEqualTo(attempt + 1);
                dev.publish(prefix + "/start-next", "{}");
                JsonObject started = dev.next(prefix + "/start-next/accepted").getJsonObject("execution");
                assertThat(started.getJsonNumber("executionNumber").longValue()).isEqualTo(attempt + 1);
                dev.publish(prefix + "/" + jobId + "/update", "{\"status\":\"FAILED\"}");
                dev.next(prefix + "/" + jobId + "/update/accepted");
                observer.awaitEvent("$aws/events/jobExecution/" + jobId + "/failed", device.thing());
                if (attempt < 2) {
                    long number = attempt + 2;
                    DescribeJobExecutionResponse retry = iot.describeJobExecution(
                            r -> r.jobId(jobId).thingName(device.thing()).executionNumber(number));
                    assertThat(retry.execution().status()).isEqualTo(JobExecutionStatus.QUEUED);
                }
            }
            // three attempts (1 + 2 retries), then no more: the job completes with one failed thing
            JobsIT.awaitTrue(
                    () -> iot.describeJob(r -> r.jobId(jobId)).job().status() == JobStatus.COMPLETED,
                    "job " + jobId + " COMPLETED");
            // and the device is told it has nothing left to do
            JsonObject none = dev.next(prefix + "/notify-next");
            assertThat(none.containsKey("execution")).as(none.toString()).isFalse();
        }
        var summaries = iot.listJobExecutionsForThing(r -> r.thingName(device.thing())).executionSummaries().stream()
                .filter(s -> s.jobId().equals(jobId))
                .toList();
        assertThat(summaries).isNotEmpty();
        assertThat(summaries.get(0).jobExecutionSummary().executionNumber()).isEqualTo(3L);
        assertThat(summaries.get(0).jobExecutionSummary().retryAttempt()).isEqualTo(2);
        assertThat(iot.describeJobExecution(
                                r -> r.jobId(jobId).thingName(device.thing()).executionNumber(1L))
                        .execution()
                        .status())
                .isEqualTo(JobExecutionStatus.FAILED);
        assertThat(iot.describeJob(r -> r.jobId(jobId))
                        .job()
                        .jobProcessDetails()
                        .numberOfFailedThings())
                .isEqualTo(1);
    }

    @Test
    @Order(4)
    void updateJobChangesConfigurationsAndATargetAddedToARunningJobIsNotified() throws Exception {
        JobsIT.Device first = device("assoc-a");
        JobsIT.Device added = device("assoc-b");
        String jobId = "cp-assoc-" + RUN;
        iot.createJob(r -> r.jobId(jobId)
                .targets(first.arn())
                .targetSelection(TargetSelection.CONTINUOUS)
                .description("first description")
                .document("{\"operation\":\"install\"}"));

        iot.updateJob(r -> r.jobId(jobId)
                .description("second description")
                .timeoutConfig(t -> t.inProgressTimeoutInMinutes(45L))
                .jobExecutionsRolloutConfig(c -> c.maximumPerMinute(200))
                .abortConfig(a -> a.criteriaList(c -> c.failureType(JobExecutionFailureType.ALL)
                        .action(AbortAction.CANCEL)
                        .thresholdPercentage(80.0)
                        .minNumberOfExecutedThings(5))));
        Job job = iot.describeJob(r -> r.jobId(jobId)).job();
        assertThat(job.description()).isEqualTo("second description");
        assertThat(job.timeoutConfig().inProgressTimeoutInMinutes()).isEqualTo(45L);
        assertThat(job.jobExecutionsRolloutConfig().maximumPerMinute()).isEqualTo(200);
        assertThat(job.abortConfig().criteriaList().get(0).failureType()).isEqualTo(JobExecutionFailureType.ALL);
        assertThat(job.abortConfig().criteriaList().get(0).thresholdPercentage())
                .isEqualTo(80.0);
        assertThat(iot.getJobDocument(r -> r.jobId(jobId)).document()).contains("install");

        try (Dev dev = Dev.connect(added)) {
            String prefix = dev.prefix();
            dev.subscribe(prefix + "/notify-next", prefix + "/start-next/+");
            assertThat(dev.quietFor(prefix + "/notify-next", 300)).isTrue();
            var associated = iot.associateTargetsWithJob(
                    r -> r.jobId(jobId).targets(added.arn()).comment("one more"));
            assertThat(associated.jobId()).isEqualTo(jobId);
            JsonObject next = dev.next(prefix + "/notify-next");
            assertThat(next.getJsonObject("execution").getString("jobId")).isEqualTo(jobId);
            dev.publish(prefix + "/start-next", "{}");
            JsonObject started = dev.next(prefix + "/start-next/accepted").getJsonObject("execution");
            assertThat(started.getString("jobId")).isEqualTo(jobId);
            // UpdateJob's timeout applies to the executions started afterwards
            assertThat(iot.describeJobExecution(r -> r.jobId(jobId).thingName(added.thing()))
                            .execution()
                            .status())
                    .isEqualTo(JobExecutionStatus.IN_PROGRESS);
        }
        assertThat(iot.describeJob(r -> r.jobId(jobId)).job().targets()).contains(first.arn(), added.arn());

        // AWS: targets can be added to continuous jobs only
        String snapshot = "cp-assoc-snap-" + RUN;
        iot.createJob(r -> r.jobId(snapshot).targets(first.arn()).document("{\"operation\":\"x\"}"));
        assertThatThrownBy(
                        () -> iot.associateTargetsWithJob(r -> r.jobId(snapshot).targets(added.arn())))
                .isInstanceOf(InvalidRequestException.class);
        iot.cancelJob(r -> r.jobId(snapshot).force(true));
        iot.cancelJob(r -> r.jobId(jobId).force(true));
    }

    @Test
    @Order(5)
    void cancelJobWithoutForceLetsRunningExecutionsFinishAndWithForceCancelsThem() throws Exception {
        JobsIT.Device running = device("cancel-run");
        JobsIT.Device queued = device("cancel-q");
        String jobId = "cp-cancel-" + RUN;
        String forcedId = "cp-cancel-force-" + RUN;
        try (Dev dev = Dev.connect(running)) {
            String prefix = dev.prefix();
            dev.subscribe(
                    prefix + "/notify-next",
                    prefix + "/start-next/+",
                    prefix + "/" + jobId + "/update/+",
                    prefix + "/" + forcedId + "/update/+");
            iot.createJob(
                    r -> r.jobId(jobId).targets(running.arn(), queued.arn()).document("{\"operation\":\"cancel-me\"}"));
            notified(dev, jobId);
            dev.publish(prefix + "/start-next", "{}");
            assertThat(dev.next(prefix + "/start-next/accepted")
                            .getJsonObject("execution")
                            .getString("jobId"))
                    .isEqualTo(jobId);
            awaitExecution(jobId, queued.thing(), JobExecutionStatus.QUEUED);

            var canceled =
                    iot.cancelJob(r -> r.jobId(jobId).reasonCode("OPERATOR").comment("not today"));
            assertThat(canceled.jobId()).isEqualTo(jobId);
            Job job = iot.describeJob(r -> r.jobId(jobId)).job();
            assertThat(job.status()).isEqualTo(JobStatus.CANCELED);
            assertThat(job.reasonCode()).isEqualTo("OPERATOR");
            assertThat(job.comment()).isEqualTo("not today");
            assertThat(job.forceCanceled()).isFalse();
            awaitExecution(jobId, queued.thing(), JobExecutionStatus.CANCELED);
            assertThat(iot.describeJobExecution(r -> r.jobId(jobId).thingName(running.thing()))
                            .execution()
                            .status())
                    .isEqualTo(JobExecutionStatus.IN_PROGRESS);
            // the running device finishes its execution
            dev.publish(prefix + "/" + jobId + "/update", "{\"status\":\"SUCCEEDED\"}");
            dev.next(prefix + "/" + jobId + "/update/accepted");
            assertThat(iot.describeJobExecution(r -> r.jobId(jobId).thingName(running.thing()))
                            .execution()
                            .status())
                    .isEqualTo(JobExecutionStatus.SUCCEEDED);
            JsonObject jobEvent = observer.awaitEvent("$aws/events/job/" + jobId + "/canceled", null);
            assertThat(jobEvent.getString("eventType")).isEqualTo("JOB");
            assertThat(jobEvent.getString("status")).isEqualTo("CANCELED");
            assertThat(jobEvent.getString("comment")).isEqualTo("not today");
            JsonObject executionEvent =
                    observer.awaitEvent("$aws/events/jobExecution/" + jobId + "/canceled", queued.thing());
            assertThat(executionEvent.getString("status")).isEqualTo("CANCELED");
            assertThat(executionEvent.getString("eventType")).isEqualTo("JOB_EXECUTION");
            // canceling an ended job again without force changes nothing; a canceled job is deleted without force
            iot.cancelJob(r -> r.jobId(jobId));
            iot.deleteJob(r -> r.jobId(jobId));
            JobsIT.awaitTrue(() -> !jobExists(jobId), "job " + jobId + " deleted");
            observer.awaitEvent("$aws/events/job/" + jobId + "/deleted", null);

            // with force, the IN_PROGRESS execution is canceled too and the device's update is refused
            iot.createJob(r -> r.jobId(forcedId).targets(running.arn()).document("{\"operation\":\"force-me\"}"));
            notified(dev, forcedId);
            dev.publish(prefix + "/start-next", "{}");
            assertThat(dev.next(prefix + "/start-next/accepted")
                            .getJsonObject("execution")
                            .getString("jobId"))
                    .isEqualTo(forcedId);
            iot.cancelJob(r -> r.jobId(forcedId).force(true));
            assertThat(iot.describeJob(r -> r.jobId(forcedId)).job().forceCanceled())
                    .isTrue();
            var execution = iot.describeJobExecution(r -> r.jobId(forcedId).thingName(running.thing()))
                    .execution();
            assertThat(execution.status()).isEqualTo(JobExecutionStatus.CANCELED);
            assertThat(execution.forceCanceled()).isTrue();
            dev.publish(prefix + "/" + forcedId + "/update", "{\"status\":\"SUCCEEDED\",\"clientToken\":\"late\"}");
            JsonObject refused = dev.next(prefix + "/" + forcedId + "/update/rejected");
            System.out.println("JobsControlPlaneIT: update of a force-canceled execution: " + refused);
            assertThat(refused.getString("code")).isIn("InvalidStateTransition", "TerminalStateReached");
            assertThat(refused.getString("clientToken")).isEqualTo("late");
            observer.awaitEvent("$aws/events/jobExecution/" + forcedId + "/canceled", running.thing());
        }
    }

    @Test
    @Order(6)
    void deleteJobRefusesAnActiveJobWithoutForceAndDeletesItWithForce() throws Exception {
        JobsIT.Device device = device("delete");
        String jobId = "cp-delete-" + RUN;
        try (Dev dev = Dev.connect(device)) {
            String prefix = dev.prefix();
            dev.subscribe(prefix + "/notify-next", prefix + "/start-next/+", prefix + "/" + jobId + "/update/+");
            iot.createJob(r -> r.jobId(jobId).targets(device.arn()).document("{\"operation\":\"delete-me\"}"));
            notified(dev, jobId);
            dev.publish(prefix + "/start-next", "{}");
            dev.next(prefix + "/start-next/accepted");

            assertThatThrownBy(() -> iot.deleteJob(r -> r.jobId(jobId)))
                    .isInstanceOf(InvalidStateTransitionException.class)
                    .satisfies(e -> assertThat(((InvalidStateTransitionException) e).statusCode())
                            .isEqualTo(409));
            iot.deleteJob(r -> r.jobId(jobId).force(true));
            JobsIT.awaitTrue(() -> !jobExists(jobId), "job " + jobId + " deleted");
            assertThat(iot.listJobs(r -> r.maxResults(250)).jobs())
                    .extracting(j -> j.jobId())
                    .doesNotContain(jobId);
            assertThatThrownBy(
                            () -> iot.describeJobExecution(r -> r.jobId(jobId).thingName(device.thing())))
                    .isInstanceOf(ResourceNotFoundException.class);
            // the device is told it has nothing to do any more, and its late update finds no execution
            JsonObject next = dev.next(prefix + "/notify-next");
            assertThat(next.containsKey("execution")).as(next.toString()).isFalse();
            dev.publish(prefix + "/" + jobId + "/update", "{\"status\":\"SUCCEEDED\"}");
            JsonObject refused = dev.next(prefix + "/" + jobId + "/update/rejected");
            assertThat(refused.getString("code")).isEqualTo("ResourceNotFound");
        }
        observer.awaitEvent("$aws/events/job/" + jobId + "/deleted", null);
        JsonObject deleted = observer.awaitEvent("$aws/events/jobExecution/" + jobId + "/deleted", device.thing());
        assertThat(deleted.getString("eventType")).isEqualTo("JOB_EXECUTION");
    }

    @Test
    @Order(7)
    void cancelAndDeleteSingleExecutions() throws Exception {
        JobsIT.Device waiting = device("exec-q");
        JobsIT.Device running = device("exec-run");
        JobsIT.Device other = device("exec-other");
        String jobId = "cp-exec-" + RUN;
        try (Dev dev = Dev.connect(running)) {
            String prefix = dev.prefix();
            dev.subscribe(prefix + "/notify-next", prefix + "/start-next/+", prefix + "/" + jobId + "/update/+");
            iot.createJob(r -> r.jobId(jobId)
                    .targets(waiting.arn(), running.arn(), other.arn())
                    .document("{\"operation\":\"one-by-one\"}"));
            notified(dev, jobId);
            dev.publish(prefix + "/start-next", "{}");
            dev.next(prefix + "/start-next/accepted");
            awaitExecution(jobId, waiting.thing(), JobExecutionStatus.QUEUED);
            awaitExecution(jobId, other.thing(), JobExecutionStatus.QUEUED);

            // expectedVersion: a stale one is a VersionConflictException (409), the current one cancels
            long version = iot.describeJobExecution(r -> r.jobId(jobId).thingName(waiting.thing()))
                    .execution()
                    .versionNumber();
            assertThatThrownBy(() -> iot.cancelJobExecution(
                            r -> r.jobId(jobId).thingName(waiting.thing()).expectedVersion(version + 3)))
                    .isInstanceOf(VersionConflictException.class)
                    .satisfies(e -> assertThat(((VersionConflictException) e).statusCode())
                            .isEqualTo(409));
            iot.cancelJobExecution(r -> r.jobId(jobId)
                    .thingName(waiting.thing())
                    .expectedVersion(version)
                    .statusDetails(java.util.Map.of("why", "not this one")));
            var canceled = iot.describeJobExecution(r -> r.jobId(jobId).thingName(waiting.thing()))
                    .execution();
            assertThat(canceled.status()).isEqualTo(JobExecutionStatus.CANCELED);
            assertThat(canceled.forceCanceled()).isFalse();
            assertThat(canceled.statusDetails().detailsMap()).containsEntry("why", "not this one");
            JsonObject event = observer.awaitEvent("$aws/events/jobExecution/" + jobId + "/canceled", waiting.thing());
            assertThat(event.getString("status")).isEqualTo("CANCELED");
            // a terminal execution cannot be canceled again
            assertThatThrownBy(() -> iot.cancelJobExecution(r -> r.jobId(jobId).thingName(waiting.thing())))
                    .isInstanceOf(InvalidStateTransitionException.class);

            // an IN_PROGRESS execution only with force; the device's update is then refused
            assertThatThrownBy(() -> iot.cancelJobExecution(r -> r.jobId(jobId).thingName(running.thing())))
                    .isInstanceOf(InvalidStateTransitionException.class);
            iot.cancelJobExecution(
                    r -> r.jobId(jobId).thingName(running.thing()).force(true));
            var forced = iot.describeJobExecution(r -> r.jobId(jobId).thingName(running.thing()))
                    .execution();
            assertThat(forced.status()).isEqualTo(JobExecutionStatus.CANCELED);
            assertThat(forced.forceCanceled()).isTrue();
            dev.publish(prefix + "/" + jobId + "/update", "{\"status\":\"SUCCEEDED\"}");
            JsonObject refused = dev.next(prefix + "/" + jobId + "/update/rejected");
            assertThat(refused.getString("code")).isIn("InvalidStateTransition", "TerminalStateReached");
            observer.awaitEvent("$aws/events/jobExecution/" + jobId + "/canceled", running.thing());
        }

        // DeleteJobExecution: refused on an active execution without force; by executionNumber
        assertThatThrownBy(() -> iot.deleteJobExecution(
                        r -> r.jobId(jobId).thingName(other.thing()).executionNumber(1L)))
                .isInstanceOf(InvalidStateTransitionException.class);
        assertThatThrownBy(() -> iot.deleteJobExecution(
                        r -> r.jobId(jobId).thingName(waiting.thing()).executionNumber(7L)))
                .isInstanceOf(ResourceNotFoundException.class);
        iot.deleteJobExecution(r -> r.jobId(jobId).thingName(waiting.thing()).executionNumber(1L));
        assertThatThrownBy(() -> iot.describeJobExecution(r -> r.jobId(jobId).thingName(waiting.thing())))
                .isInstanceOf(ResourceNotFoundException.class);
        iot.deleteJobExecution(
                r -> r.jobId(jobId).thingName(other.thing()).executionNumber(1L).force(true));
        assertThatThrownBy(() -> iot.describeJobExecution(r -> r.jobId(jobId).thingName(other.thing())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(iot.listJobExecutionsForJob(r -> r.jobId(jobId)).executionSummaries())
                .extracting(s -> s.thingArn())
                .containsExactly(running.arn());
        observer.awaitEvent("$aws/events/jobExecution/" + jobId + "/deleted", waiting.thing());
        observer.awaitEvent("$aws/events/jobExecution/" + jobId + "/deleted", other.thing());
        // every execution is terminal or gone: the job completes
        JobsIT.awaitTrue(
                () -> iot.describeJob(r -> r.jobId(jobId)).job().status() == JobStatus.COMPLETED,
                "job " + jobId + " COMPLETED");
    }

    @Test
    @Order(8)
    void aRejectionAndARemovedThingAreAnnounced() throws Exception {
        JobsIT.Device device = device("reject");
        String jobId = "cp-reject-" + RUN;
        try (Dev dev = Dev.connect(device)) {
            String prefix = dev.prefix();
            dev.subscribe(prefix + "/notify-next", prefix + "/" + jobId + "/update/+");
            iot.createJob(r -> r.jobId(jobId).targets(device.arn()).document("{\"operation\":\"nope\"}"));
            dev.next(prefix + "/notify-next");
            dev.publish(prefix + "/" + jobId + "/update", "{\"status\":\"REJECTED\"}");
            dev.next(prefix + "/" + jobId + "/update/accepted");
        }
        JsonObject rejected = observer.awaitEvent("$aws/events/jobExecution/" + jobId + "/rejected", device.thing());
        assertThat(rejected.getString("status")).isEqualTo("REJECTED");

        // a thing that leaves a continuous job's group before running it: its execution is REMOVED
        String group = "cp-rm-" + RUN;
        String groupArn = iot.createThingGroup(r -> r.thingGroupName(group)).thingGroupArn();
        JobsIT.Device member = device("removed");
        iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(member.thing()));
        String continuous = "cp-removed-" + RUN;
        iot.createJob(r -> r.jobId(continuous)
                .targets(groupArn)
                .targetSelection(TargetSelection.CONTINUOUS)
                .document("{\"operation\":\"members-only\"}"));
        awaitExecution(continuous, member.thing(), JobExecutionStatus.QUEUED);
        iot.removeThingFromThingGroup(r -> r.thingGroupName(group).thingName(member.thing()));
        awaitExecution(continuous, member.thing(), JobExecutionStatus.REMOVED);
        JsonObject removed = observer.awaitEvent("$aws/events/jobExecution/" + continuous + "/removed", member.thing());
        assertThat(removed.getString("status")).isEqualTo("REMOVED");
        iot.cancelJob(r -> r.jobId(continuous));
    }

    @Test
    @Order(9)
    void aScheduledJobWaitsAndAStartTooSoonIsRefused() throws Exception {
        JobsIT.Device device = device("sched");
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        // the IT server keeps AWS's minimum lead (thingstead.jobs.schedule-minimum-lead, 30 minutes)
        assertThatThrownBy(() -> iot.createJob(r -> r.jobId("cp-soon-" + RUN)
                        .targets(device.arn())
                        .document("{\"operation\":\"later\"}")
                        .schedulingConfig(s -> s.startTime(now.plusMinutes(5).format(SCHEDULE)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("startTime");
        assertThatThrownBy(() -> iot.createJob(r -> r.jobId("cp-short-" + RUN)
                        .targets(device.arn())
                        .document("{\"operation\":\"later\"}")
                        .schedulingConfig(s -> s.startTime(now.plusMinutes(40).format(SCHEDULE))
                                .endTime(now.plusMinutes(50).format(SCHEDULE)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("endTime");
        assertThatThrownBy(() -> iot.createJob(r -> r.jobId("cp-bad-time-" + RUN)
                        .targets(device.arn())
                        .document("{\"operation\":\"later\"}")
                        .schedulingConfig(s -> s.startTime("tomorrow"))))
                .isInstanceOf(InvalidRequestException.class);

        String jobId = "cp-sched-" + RUN;
        String start = now.plusMinutes(40).format(SCHEDULE);
        String end = now.plusMinutes(120).format(SCHEDULE);
        iot.createJob(r -> r.jobId(jobId)
                .targets(device.arn())
                .document("{\"operation\":\"later\"}")
                .schedulingConfig(s -> s.startTime(start).endTime(end).endBehavior("CANCEL")));
        Job job = iot.describeJob(r -> r.jobId(jobId)).job();
        assertThat(job.status()).isEqualTo(JobStatus.SCHEDULED);
        assertThat(job.schedulingConfig().startTime()).isEqualTo(start);
        assertThat(job.schedulingConfig().endTime()).isEqualTo(end);
        assertThat(job.schedulingConfig().endBehaviorAsString()).isEqualTo("CANCEL");
        Thread.sleep(1500); // a few ticks: nothing is rolled out before the start
        assertThat(iot.listJobExecutionsForJob(r -> r.jobId(jobId)).executionSummaries())
                .isEmpty();
        assertThat(iot.listJobs(r -> r.status(JobStatus.SCHEDULED).maxResults(250))
                        .jobs())
                .extracting(j -> j.jobId())
                .contains(jobId);
        iot.cancelJob(r -> r.jobId(jobId));
        assertThat(iot.describeJob(r -> r.jobId(jobId)).job().status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    @Order(100)
    void theStepTimeoutExpiredAndTheMetricsFollowed() throws Exception {
        assertThat(stepJob).as("the first test ran").isNotNull();
        JobsIT.awaitTrue(
                () -> iot.describeJobExecution(r -> r.jobId(stepJob).thingName(stepThing))
                                .execution()
                                .status()
                        == JobExecutionStatus.TIMED_OUT,
                "TIMED_OUT",
                Duration.ofSeconds(120));
        JsonObject timedOut = observer.awaitEvent("$aws/events/jobExecution/" + stepJob + "/timed_out", stepThing);
        assertThat(timedOut.getString("status")).isEqualTo("TIMED_OUT");

        awaitMetric("thingstead_jobs_executions_timed_out_total", "", 1);
        // the gauges are refreshed by the ticker: the jobs this class canceled are counted
        awaitMetric("thingstead_jobs_jobs", "status=\"CANCELED\"", 5);
        String after = metrics();
        System.out.println("JobsControlPlaneIT: metrics after the run:\n"
                + after.lines().filter(l -> l.startsWith("thingstead_jobs")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(value(after, "thingstead_jobs_lifecycle_events_total", ""))
                .isGreaterThanOrEqualTo(value(metricsBefore, "thingstead_jobs_lifecycle_events_total", "") + 15);
        assertThat(value(after, "thingstead_jobs_execution_updates_total", "status=\"FAILED\""))
                .isGreaterThanOrEqualTo(
                        value(metricsBefore, "thingstead_jobs_execution_updates_total", "status=\"FAILED\"") + 3);
        assertThat(value(after, "thingstead_jobs_executions_started_total", ""))
                .isGreaterThanOrEqualTo(value(metricsBefore, "thingstead_jobs_executions_started_total", "") + 8);
        assertThat(value(after, "thingstead_jobs_notifications_total", ""))
                .isGreaterThan(value(metricsBefore, "thingstead_jobs_notifications_total", ""));
        assertThat(value(after, "thingstead_jobs_executions_rolled_out_total", ""))
                .isGreaterThanOrEqualTo(value(metricsBefore, "thingstead_jobs_executions_rolled_out_total", "") + 10);
        // a gauge, refreshed by the ticker
        awaitMetric("thingstead_jobs_executions", "status=\"TIMED_OUT\"", 1);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Waits for the notify-next that names {@code jobId} (an earlier one may still name nothing). */
    private static void notified(Dev dev, String jobId) throws InterruptedException {
        while (true) {
            JsonObject next = dev.next(dev.prefix() + "/notify-next");
            JsonObject execution = next.getJsonObject("execution");
            if (execution != null && jobId.equals(execution.getString("jobId"))) {
                return;
            }
        }
    }

    private static boolean jobExists(String jobId) {
        try {
            iot.describeJob(r -> r.jobId(jobId));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static void awaitExecution(String jobId, String thing, JobExecutionStatus status)
            throws InterruptedException {
        JobsIT.awaitTrue(
                () -> {
                    try {
                        return iot.describeJobExecution(r -> r.jobId(jobId).thingName(thing))
                                        .execution()
                                        .status()
                                == status;
                    } catch (ResourceNotFoundException e) {
                        return false;
                    }
                },
                jobId + " on " + thing + " " + status);
    }

    /** Waits until a series has grown by at least {@code by} since the class started; the series in the message. */
    private static void awaitMetric(String name, String label, double by) throws InterruptedException {
        double before = value(metricsBefore, name, label);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String now = metrics();
        while (value(now, name, label) < before + by) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + "{" + label + "} did not grow by " + by + " from " + before + ": "
                        + now.lines().filter(l -> l.startsWith(name)).toList());
            }
            Thread.sleep(250);
            now = metrics();
        }
    }

    private static String metrics() {
        try {
            return TestEnvironment.get(TestEnvironment.management("/metrics")).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of a Prometheus series' samples whose labels contain {@code label} (or all of them). */
    private static double value(String metrics, String name, String label) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{([^}]*)\\})? ([0-9.eE+-]+|NaN)$");
        double sum = 0;
        for (String l : metrics.lines().toList()) {
            Matcher m = line.matcher(l);
            if (m.matches()
                    && (label.isEmpty() || (m.group(2) != null && m.group(2).contains(label)))) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    private static JobsIT.Device device(String name) throws Exception {
        String thing = "jcp-" + name + "-" + RUN;
        String arn = iot.createThing(r -> r.thingName(thing)).thingArn();
        Identity identity = Identity.create(iot);
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(identity.certificateArn()));
        iot.attachPolicy(r -> r.policyName(policy()).target(identity.certificateArn()));
        return new JobsIT.Device(thing, arn, identity);
    }

    private static synchronized String policy() {
        if (policy == null) {
            policy = "jobs-cp-device-" + RUN;
            iot.createPolicy(r -> r.policyName(policy).policyDocument(JobsIT.JOBS_POLICY));
        }
        return policy;
    }

    /**
     * A Paho 3.1.1 client over mutual TLS that keeps every message it receives until a test takes it, so that
     * messages on other topics are not lost while a test waits for one.
     */
    static final class Dev implements AutoCloseable {
        private final MqttClient client;
        private final String thing;
        private final List<Mqtt.Received> received = new ArrayList<>();

        private Dev(MqttClient client, String thing) {
            this.client = client;
            this.thing = thing;
        }

        static Dev connect(JobsIT.Device device) throws Exception {
            MqttClient client = new MqttClient(Mqtt.tlsUri(), device.thing(), new MemoryPersistence());
            Dev dev = new Dev(client, device.thing());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    synchronized (dev.received) {
                        dev.received.add(new Mqtt.Received(
                                topic,
                                new String(message.getPayload(), StandardCharsets.UTF_8),
                                message.getQos(),
                                message.isRetained()));
                        dev.received.notifyAll();
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(Mqtt.socketFactory(device.identity()));
            options.setCleanSession(true);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setConnectionTimeout(15);
            options.setAutomaticReconnect(false);
            client.connect(options);
            return dev;
        }

        String prefix() {
            return "$aws/things/" + thing + "/jobs";
        }

        void subscribe(String... filters) throws Exception {
            int[] qos = new int[filters.length];
            java.util.Arrays.fill(qos, 1);
            client.subscribe(filters, qos);
        }

        void publish(String topic, String payload) throws Exception {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        }

        /** Takes the first message on exactly {@code topic}; fails after 20 s. */
        JsonObject next(String topic) throws InterruptedException {
            return take(topic, null, Duration.ofSeconds(20));
        }

        /** Takes the first lifecycle event on {@code topic} (for {@code thing}'s ARN, when given); 20 s. */
        JsonObject awaitEvent(String topic, String thingName) throws InterruptedException {
            return take(topic, thingName, Duration.ofSeconds(20));
        }

        boolean quietFor(String topic, long millis) throws InterruptedException {
            try {
                take(topic, null, Duration.ofMillis(millis));
                return false;
            } catch (AssertionError e) {
                return true;
            }
        }

        private JsonObject take(String topic, String thingName, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (received) {
                while (true) {
                    for (Iterator<Mqtt.Received> i = received.iterator(); i.hasNext(); ) {
                        Mqtt.Received message = i.next();
                        if (!message.topic().equals(topic)) {
                            continue;
                        }
                        JsonObject json = TestEnvironment.json(message.payload());
                        if (thingName != null && !json.getString("thingArn", "").endsWith(":thing/" + thingName)) {
                            continue;
                        }
                        i.remove();
                        return json;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no message on " + topic
                                + (thingName == null ? "" : " for " + thingName) + " within " + timeout.toMillis()
                                + " ms; received: "
                                + received.stream().map(Mqtt.Received::topic).toList());
                    }
                    received.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
            client.close();
        }
    }
}
