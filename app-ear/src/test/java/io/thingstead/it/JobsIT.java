package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.it.Mqtt.Identity;
import io.thingstead.it.Mqtt.Inbox;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.iot.iotjobs.IotJobsClient;
import software.amazon.awssdk.iot.iotjobs.model.GetPendingJobExecutionsRequest;
import software.amazon.awssdk.iot.iotjobs.model.GetPendingJobExecutionsResponse;
import software.amazon.awssdk.iot.iotjobs.model.GetPendingJobExecutionsSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.NextJobExecutionChangedEvent;
import software.amazon.awssdk.iot.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.RejectedError;
import software.amazon.awssdk.iot.iotjobs.model.RejectedErrorCode;
import software.amazon.awssdk.iot.iotjobs.model.StartNextJobExecutionResponse;
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionResponse;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeJobExecutionResponse;
import software.amazon.awssdk.services.iot.model.DescribeJobResponse;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.JobExecutionSummaryForJob;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.TargetSelection;

/**
 * AWS IoT Jobs end to end with real clients: the AWS SDK's {@link IotClient} creates jobs for things and thing groups
 * (SNAPSHOT and CONTINUOUS); the AWS IoT Device SDK v2 {@link IotJobsClient}, unchanged, over mutual TLS, is notified,
 * starts, updates and completes its execution on {@code $aws/things/<thing>/jobs/...}; a Paho device rejects one; a
 * thing added to a group later gets the group's continuous job; a device that goes silent after starting times out.
 * The over-the-air update with the reference device is {@link OtaJobsIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsIT {
    /** AWS's documented device policy for jobs, with the thing-name policy variable. */
    static final String JOBS_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iot:Connect",
               "Resource": "arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
               "Resource": "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"},
              {"Effect": "Allow", "Action": "iot:Subscribe",
               "Resource": "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}
            ]}""";

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static IotClient iot;
    private static String policy;

    /** Started by the first test, checked by the last: the in-progress timeout is at least a minute, as on AWS. */
    private static String silentJob;

    private static String silentThing;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void clients() throws Exception {
        iot = Operator.iot();
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
    }

    @AfterAll
    static void close() {
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
    void aDeviceThatGoesSilentAfterStartingTimesOut() throws Exception {
        Device device = device("silent");
        silentThing = device.thing;
        silentJob = "silent-" + RUN;
        iot.createJob(r -> r.jobId(silentJob)
                .targets(device.arn)
                .document("{\"operation\":\"reboot\"}")
                .timeoutConfig(t -> t.inProgressTimeoutInMinutes(1L)));
        Inbox inbox = new Inbox();
        try (Paho paho = Paho.connect(device, inbox)) {
            String prefix = "$aws/things/" + device.thing + "/jobs";
            paho.subscribe(prefix + "/start-next/+");
            paho.publish(prefix + "/start-next", "{\"clientToken\":\"s-1\"}");
            JsonObject started = json(inbox.next(prefix + "/start-next/accepted"));
            assertThat(started.getJsonObject("execution").getString("jobId")).isEqualTo(silentJob);
            assertThat(started.getJsonObject("execution").getString("status")).isEqualTo("IN_PROGRESS");
            assertThat(started.getString("clientToken")).isEqualTo("s-1");
        }
        // the device is gone; the last test finds the execution TIMED_OUT
    }

    @Test
    @Order(2)
    void theDeviceSdkRunsAThingJobAndAPahoDeviceRejectsItsGroupJob() throws Exception {
        Device sdkDevice = device("sdk");
        Device pahoDevice = device("paho");
        String group = "jobs-grp-" + RUN;
        String groupArn = iot.createThingGroup(r -> r.thingGroupName(group)).thingGroupArn();
        iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(pahoDevice.thing));
        String jobId = "snap-" + RUN;

        MqttClientConnection connection = AwsIotMqttConnectionBuilder.newMtlsBuilder(
                        sdkDevice.identity.certificatePem(), sdkDevice.identity.privateKeyPem())
                .withCertificateAuthority(Mqtt.rootCaPem())
                .withEndpoint("localhost")
                .withPort(TestEnvironment.port(8883))
                .withClientId(sdkDevice.thing)
                .withCleanSession(true)
                .build();
        Inbox pahoInbox = new Inbox();
        try (Paho paho = Paho.connect(pahoDevice, pahoInbox)) {
            String pahoPrefix = "$aws/things/" + pahoDevice.thing + "/jobs";
            paho.subscribe(pahoPrefix + "/notify-next", pahoPrefix + "/" + jobId + "/update/+");
            connection.connect().get(30, TimeUnit.SECONDS);
            IotJobsClient jobs = new IotJobsClient(connection);

            LinkedBlockingQueue<NextJobExecutionChangedEvent> next = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            NextJobExecutionChangedSubscriptionRequest nextRequest = new NextJobExecutionChangedSubscriptionRequest();
            nextRequest.thingName = sdkDevice.thing;
            jobs.SubscribeToNextJobExecutionChangedEvents(nextRequest, QualityOfService.AT_LEAST_ONCE, next::add)
                    .get(30, TimeUnit.SECONDS);
            GetPendingJobExecutionsSubscriptionRequest pending = new GetPendingJobExecutionsSubscriptionRequest();
            pending.thingName = sdkDevice.thing;
            jobs.SubscribeToGetPendingJobExecutionsAccepted(pending, QualityOfService.AT_LEAST_ONCE, answers::add)
                    .get(30, TimeUnit.SECONDS);
            StartNextPendingJobExecutionSubscriptionRequest start =
                    new StartNextPendingJobExecutionSubscriptionRequest();
            start.thingName = sdkDevice.thing;
            jobs.SubscribeToStartNextPendingJobExecutionAccepted(start, QualityOfService.AT_LEAST_ONCE, answers::add)
                    .get(30, TimeUnit.SECONDS);
            jobs.SubscribeToStartNextPendingJobExecutionRejected(start, QualityOfService.AT_LEAST_ONCE, answers::add)
                    .get(30, TimeUnit.SECONDS);
            UpdateJobExecutionSubscriptionRequest update = new UpdateJobExecutionSubscriptionRequest();
            update.thingName = sdkDevice.thing;
            update.jobId = jobId;
            jobs.SubscribeToUpdateJobExecutionAccepted(update, QualityOfService.AT_LEAST_ONCE, answers::add)
                    .get(30, TimeUnit.SECONDS);
            jobs.SubscribeToUpdateJobExecutionRejected(update, QualityOfService.AT_LEAST_ONCE, answers::add)
                    .get(30, TimeUnit.SECONDS);

            long created = System.nanoTime();
            iot.createJob(r -> r.jobId(jobId)
                    .targets(sdkDevice.arn, groupArn)
                    .targetSelection(TargetSelection.SNAPSHOT)
                    .description("a command for two devices")
                    .document("{\"operation\":\"setColor\",\"color\":\"GREEN\"}"));

            // the SDK device is told, without asking, that it has a job (notify-next)
            NextJobExecutionChangedEvent notified = next.poll(20, TimeUnit.SECONDS);
            assertThat(notified).as("notify-next within 20 s").isNotNull();
            long notifyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created);
            assertThat(notified.execution.jobId).isEqualTo(jobId);
            assertThat(notified.execution.status).isEqualTo(software.amazon.awssdk.iot.iotjobs.model.JobStatus.QUEUED);
            assertThat(notified.execution.jobDocument).containsEntry("color", "GREEN");
            System.out.printf("JobsIT: CreateJob to notify-next at the device: %d ms%n", notifyMillis);

            GetPendingJobExecutionsRequest get = new GetPendingJobExecutionsRequest();
            get.thingName = sdkDevice.thing;
            jobs.PublishGetPendingJobExecutions(get, QualityOfService.AT_LEAST_ONCE)
                    .get(30, TimeUnit.SECONDS);
            GetPendingJobExecutionsResponse list = (GetPendingJobExecutionsResponse) poll(answers);
            assertThat(list.queuedJobs).extracting(s -> s.jobId).contains(jobId);
            assertThat(list.inProgressJobs).isEmpty();

            StartNextPendingJobExecutionRequest startNext = new StartNextPendingJobExecutionRequest();
            startNext.thingName = sdkDevice.thing;
            startNext.statusDetails = new HashMap<>(Map.of("step", "applying"));
            jobs.PublishStartNextPendingJobExecution(startNext, QualityOfService.AT_LEAST_ONCE)
                    .get(30, TimeUnit.SECONDS);
            StartNextJobExecutionResponse started = (StartNextJobExecutionResponse) poll(answers);
            assertThat(started.execution.jobId).isEqualTo(jobId);
            assertThat(started.execution.status)
                    .isEqualTo(software.amazon.awssdk.iot.iotjobs.model.JobStatus.IN_PROGRESS);
            assertThat(started.execution.statusDetails).containsEntry("step", "applying");
            assertThat(started.execution.jobDocument).containsEntry("operation", "setColor");
            int version = started.execution.versionNumber;

            // a stale expectedVersion is refused with VersionMismatch and the current state
            UpdateJobExecutionRequest stale = new UpdateJobExecutionRequest();
            stale.thingName = sdkDevice.thing;
            stale.jobId = jobId;
            stale.status = software.amazon.awssdk.iot.iotjobs.model.JobStatus.SUCCEEDED;
            stale.expectedVersion = version + 5;
            jobs.PublishUpdateJobExecution(stale, QualityOfService.AT_LEAST_ONCE)
                    .get(30, TimeUnit.SECONDS);
            RejectedError conflict = (RejectedError) poll(answers);
            assertThat(conflict.code).isEqualTo(RejectedErrorCode.VERSION_MISMATCH);
            assertThat(conflict.executionState.status)
                    .isEqualTo(software.amazon.awssdk.iot.iotjobs.model.JobStatus.IN_PROGRESS);

            UpdateJobExecutionRequest done = new UpdateJobExecutionRequest();
            done.thingName = sdkDevice.thing;
            done.jobId = jobId;
            done.status = software.amazon.awssdk.iot.iotjobs.model.JobStatus.SUCCEEDED;
            done.expectedVersion = version;
            done.statusDetails = new HashMap<>(Map.of("color", "GREEN"));
            done.includeJobExecutionState = true;
            jobs.PublishUpdateJobExecution(done, QualityOfService.AT_LEAST_ONCE).get(30, TimeUnit.SECONDS);
            UpdateJobExecutionResponse accepted = (UpdateJobExecutionResponse) poll(answers);
            assertThat(accepted.executionState.status)
                    .isEqualTo(software.amazon.awssdk.iot.iotjobs.model.JobStatus.SUCCEEDED);
            assertThat(accepted.executionState.versionNumber).isEqualTo(version + 1);

            // a terminal execution does not change any more
            UpdateJobExecutionRequest again = new UpdateJobExecutionRequest();
            again.thingName = sdkDevice.thing;
            again.jobId = jobId;
            again.status = software.amazon.awssdk.iot.iotjobs.model.JobStatus.IN_PROGRESS;
            jobs.PublishUpdateJobExecution(again, QualityOfService.AT_LEAST_ONCE)
                    .get(30, TimeUnit.SECONDS);
            assertThat(((RejectedError) poll(answers)).code).isEqualTo(RejectedErrorCode.INVALID_STATE_TRANSITION);

            // the Paho device in the group was notified too and rejects the job with a reason
            JsonObject pahoNext = json(pahoInbox.next(pahoPrefix + "/notify-next"));
            assertThat(pahoNext.getJsonObject("execution").getString("jobId")).isEqualTo(jobId);
            paho.publish(
                    pahoPrefix + "/" + jobId + "/update",
                    "{\"status\":\"REJECTED\",\"statusDetails\":{\"reason\":\"no LED\"},\"clientToken\":\"r-1\"}");
            JsonObject rejected = json(pahoInbox.next(pahoPrefix + "/" + jobId + "/update/accepted"));
            assertThat(rejected.getString("clientToken")).isEqualTo("r-1");

            DescribeJobExecutionResponse execution =
                    iot.describeJobExecution(r -> r.jobId(jobId).thingName(pahoDevice.thing));
            assertThat(execution.execution().status()).isEqualTo(JobExecutionStatus.REJECTED);
            assertThat(execution.execution().statusDetails().detailsMap()).containsEntry("reason", "no LED");

            // both executions are terminal: the snapshot job completes
            awaitTrue(
                    () -> iot.describeJob(r -> r.jobId(jobId)).job().status() == JobStatus.COMPLETED,
                    "job " + jobId + " COMPLETED");
            DescribeJobResponse described = iot.describeJob(r -> r.jobId(jobId));
            assertThat(described.job().targetSelection()).isEqualTo(TargetSelection.SNAPSHOT);
            assertThat(described.job().jobProcessDetails().numberOfSucceededThings())
                    .isEqualTo(1);
            assertThat(described.job().jobProcessDetails().numberOfRejectedThings())
                    .isEqualTo(1);
            assertThat(described.job().description()).isEqualTo("a command for two devices");
            assertThat(iot.getJobDocument(r -> r.jobId(jobId)).document()).contains("setColor");
            List<JobExecutionSummaryForJob> executions =
                    iot.listJobExecutionsForJob(r -> r.jobId(jobId)).executionSummaries();
            assertThat(executions)
                    .extracting(e -> e.jobExecutionSummary().status())
                    .containsExactlyInAnyOrder(JobExecutionStatus.SUCCEEDED, JobExecutionStatus.REJECTED);
            assertThat(iot.listJobExecutionsForThing(r -> r.thingName(sdkDevice.thing))
                            .executionSummaries())
                    .extracting(e -> e.jobId())
                    .contains(jobId);
        } finally {
            connection.disconnect().get(30, TimeUnit.SECONDS);
            connection.close();
        }
    }

    @Test
    @Order(3)
    void aThingAddedToAGroupLaterGetsTheGroupsContinuousJob() throws Exception {
        String group = "jobs-cont-" + RUN;
        String groupArn = iot.createThingGroup(r -> r.thingGroupName(group)).thingGroupArn();
        Device early = device("early");
        iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(early.thing));
        String jobId = "cont-" + RUN;
        iot.createJob(r -> r.jobId(jobId)
                .targets(groupArn)
                .targetSelection(TargetSelection.CONTINUOUS)
                .document("{\"operation\":\"install\",\"package\":\"agent-1.2\"}"));
        awaitTrue(
                () -> !iot.listJobExecutionsForJob(r -> r.jobId(jobId))
                        .executionSummaries()
                        .isEmpty(),
                "the member's execution");

        Device late = device("late");
        Inbox inbox = new Inbox();
        try (Paho paho = Paho.connect(late, inbox)) {
            String prefix = "$aws/things/" + late.thing + "/jobs";
            paho.subscribe(prefix + "/notify-next", prefix + "/start-next/+", prefix + "/" + jobId + "/update/+");
            assertThat(inbox.quietFor(prefix + "/notify-next", 500)).isTrue();
            iot.addThingToThingGroup(r -> r.thingGroupName(group).thingName(late.thing));

            JsonObject notified = json(inbox.next(prefix + "/notify-next"));
            assertThat(notified.getJsonObject("execution").getString("jobId")).isEqualTo(jobId);
            paho.publish(prefix + "/start-next", "{}");
            assertThat(json(inbox.next(prefix + "/start-next/accepted"))
                            .getJsonObject("execution")
                            .getJsonObject("jobDocument")
                            .getString("package"))
                    .isEqualTo("agent-1.2");
            paho.publish(prefix + "/" + jobId + "/update", "{\"status\":\"SUCCEEDED\"}");
            json(inbox.next(prefix + "/" + jobId + "/update/accepted"));
        }
        // a continuous job never completes by itself: it stays IN_PROGRESS for things that join later
        assertThat(iot.describeJob(r -> r.jobId(jobId)).job().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(iot.describeJobExecution(r -> r.jobId(jobId).thingName(late.thing))
                        .execution()
                        .status())
                .isEqualTo(JobExecutionStatus.SUCCEEDED);

        iot.cancelJob(r -> r.jobId(jobId).reasonCode("DONE").comment("test over"));
        awaitTrue(
                () -> iot.describeJob(r -> r.jobId(jobId)).job().status() == JobStatus.CANCELED,
                "job " + jobId + " CANCELED");
    }

    @Test
    @Order(4)
    void theHttpsDeviceApiRunsAnExecutionAndLifecycleEventsAnnounceIt() throws Exception {
        Device device = device("https");
        Identity observerIdentity = FleetFixtures.adminIdentity(iot, "jobs-observer-" + RUN);
        Device observer = new Device("jobs-observer-" + RUN, null, observerIdentity);
        String jobId = "https-" + RUN;
        Inbox events = new Inbox();
        try (Paho paho = Paho.connect(observer, events)) {
            paho.subscribe("$aws/events/job/" + jobId + "/+", "$aws/events/jobExecution/" + jobId + "/+");
            iot.createJob(r -> r.jobId(jobId).targets(device.arn).document("{\"operation\":\"command\"}"));

            // executions are created by the rollout, right after CreateJob returns (as on AWS)
            awaitTrue(
                    () -> !iot.listJobExecutionsForJob(r -> r.jobId(jobId))
                            .executionSummaries()
                            .isEmpty(),
                    "the execution");
            String base = "/things/" + device.thing + "/jobs";
            var pending = jobsData("GET", base, "");
            assertThat(pending.statusCode()).as(pending.body()).isEqualTo(200);
            assertThat(TestEnvironment.json(pending.body())
                            .getJsonArray("queuedJobs")
                            .getJsonObject(0)
                            .getString("jobId"))
                    .isEqualTo(jobId);

            // the device API is not the control plane: signed for iot, StartNext is refused
            var wrongService = SignedHttp.send(
                    "iot", "PUT", base + "/$next", "{}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
            assertThat(wrongService.statusCode()).as(wrongService.body()).isEqualTo(403);

            var started = jobsData("PUT", base + "/$next", "{\"statusDetails\":{\"via\":\"https\"}}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            JsonObject execution = TestEnvironment.json(started.body()).getJsonObject("execution");
            assertThat(execution.getString("jobId")).isEqualTo(jobId);
            assertThat(execution.getString("status")).isEqualTo("IN_PROGRESS");

            var updated = jobsData(
                    "POST", base + "/" + jobId, "{\"status\":\"SUCCEEDED\",\"includeJobExecutionState\":true}");
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            assertThat(TestEnvironment.json(updated.body())
                            .getJsonObject("executionState")
                            .getString("status"))
                    .isEqualTo("SUCCEEDED");

            JsonObject succeeded = json(events.next("$aws/events/jobExecution/" + jobId + "/succeeded"));
            assertThat(succeeded.getString("eventType")).isEqualTo("JOB_EXECUTION");
            assertThat(succeeded.getString("thingArn")).isEqualTo(device.arn);
            assertThat(succeeded.getString("status")).isEqualTo("SUCCEEDED");
            JsonObject completed = json(events.next("$aws/events/job/" + jobId + "/completed"));
            assertThat(completed.getString("eventType")).isEqualTo("JOB");
            assertThat(completed.getString("status")).isEqualTo("COMPLETED");
            assertThat(completed.getJsonObject("jobProcessDetails").getInt("numberOfSucceededThings"))
                    .isEqualTo(1);
        }
    }

    private static java.net.http.HttpResponse<String> jobsData(String method, String path, String body)
            throws Exception {
        return SignedHttp.send(
                "iot-jobs-data", method, path, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
    }

    @Test
    @Order(100)
    void theSilentDeviceTimedOut() throws Exception {
        assertThat(silentJob).as("the first test ran").isNotNull();
        awaitTrue(
                () -> iot.describeJobExecution(r -> r.jobId(silentJob).thingName(silentThing))
                                .execution()
                                .status()
                        == JobExecutionStatus.TIMED_OUT,
                "TIMED_OUT",
                Duration.ofSeconds(120));
        awaitTrue(
                () -> iot.describeJob(r -> r.jobId(silentJob)).job().status() == JobStatus.COMPLETED,
                "job " + silentJob + " COMPLETED");
        assertThat(iot.describeJob(r -> r.jobId(silentJob))
                        .job()
                        .jobProcessDetails()
                        .numberOfTimedOutThings())
                .isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------------

    record Device(String thing, String arn, Identity identity) {}

    static Device device(String name) throws Exception {
        Mqtt.awaitGateway();
        String thing = "job-" + name + "-" + RUN;
        String arn = iot.createThing(r -> r.thingName(thing)).thingArn();
        Identity identity = Identity.create(iot);
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(identity.certificateArn()));
        iot.attachPolicy(r -> r.policyName(policy()).target(identity.certificateArn()));
        return new Device(thing, arn, identity);
    }

    private static synchronized String policy() {
        if (policy == null) {
            policy = "jobs-device-" + RUN;
            iot.createPolicy(r -> r.policyName(policy).policyDocument(JOBS_POLICY));
        }
        return policy;
    }

    private static Object poll(LinkedBlockingQueue<Object> answers) throws InterruptedException {
        Object answer = answers.poll(20, TimeUnit.SECONDS);
        assertThat(answer).as("an answer within 20 s").isNotNull();
        return answer;
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        awaitTrue(condition, what, Duration.ofSeconds(30));
    }

    static void awaitTrue(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(250);
        }
    }

    private static JsonObject json(Mqtt.Received received) {
        return TestEnvironment.json(received.payload());
    }

    /** A Paho 3.1.1 device over mutual TLS. */
    record Paho(MqttClient client) implements AutoCloseable {
        static Paho connect(Device device, Inbox inbox) throws Exception {
            MqttClient client = new MqttClient(Mqtt.tlsUri(), device.thing, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    inbox.add(topic, message.getPayload(), message.getQos(), message.isRetained());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(Mqtt.socketFactory(device.identity));
            options.setCleanSession(true);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setConnectionTimeout(15);
            options.setAutomaticReconnect(false);
            client.connect(options);
            return new Paho(client);
        }

        void subscribe(String... filters) throws Exception {
            int[] qos = new int[filters.length];
            java.util.Arrays.fill(qos, 1);
            client.subscribe(filters, qos);
        }

        void publish(String topic, String payload) throws Exception {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
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
