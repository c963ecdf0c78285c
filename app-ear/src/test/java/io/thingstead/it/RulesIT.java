package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.it.Mqtt.Identity;
import io.thingstead.it.rules.ArtemisBroker;
import io.thingstead.it.rules.HttpsReceiver;
import io.thingstead.it.rules.KafkaBroker;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Action;
import software.amazon.awssdk.services.iot.model.CreateTopicRuleDestinationResponse;
import software.amazon.awssdk.services.iot.model.GetTopicRuleResponse;
import software.amazon.awssdk.services.iot.model.HttpAction;
import software.amazon.awssdk.services.iot.model.HttpActionHeader;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ListTopicRulesResponse;
import software.amazon.awssdk.services.iot.model.RepublishAction;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.SqlParseException;
import software.amazon.awssdk.services.iot.model.TopicRuleDestinationStatus;
import software.amazon.awssdk.services.iot.model.TopicRulePayload;
import software.amazon.awssdk.services.iot.model.UnauthorizedException;

/**
 * The rules engine with real parts: topic rules created through the AWS SDK's {@link IotClient}, real MQTT 5 clients
 * over TLS publishing and subscribing, a real HTTPS endpoint (destination confirmation, the HTTP action, HTTP 500 to
 * the error action and back), PostgreSQL tables written by the timestream and dynamoDBv2 counterparts, a real Kafka
 * broker (KRaft, killed and restarted: the error action and recovery), a real Artemis broker, Basic Ingest, a spike
 * of QoS 1 messages counted on the far side, and the per-rule counters on /metrics.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RulesIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/rules";
    private static final String RUN =
            UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
    private static final String ADMIN_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:*", "Resource": "*"}]}""";
    /** The HTTPS receiver's port, in this run's range (20500-20599 with the default offsets). */
    static final int RECEIVER_PORT = Integer.getInteger("thingstead.rules.it.receiver-port", 20510);

    /** The Kafka broker's ports, in this run's range. */
    static final int KAFKA_PORT = Integer.getInteger("thingstead.rules.it.kafka-port", 20520);
    /** The Artemis broker's port, in this run's range. */
    static final int ARTEMIS_PORT = Integer.getInteger("thingstead.rules.it.artemis-port", 20530);

    static final int SPIKE_DEVICES = 32;
    static final int SPIKE_MESSAGES = 250;

    private static IotClient iot;
    private static Identity admin;
    private static HttpsReceiver receiver;
    private static ArtemisBroker artemis;
    /** Started in the background at set-up (a JVM of its own takes a while): tests that need it wait for it. */
    private static CompletableFuture<KafkaBroker> kafka;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnvironment.ear();
    }

    @BeforeAll
    static void setUp() throws Exception {
        iot = Operator.iot();
        Mqtt.awaitGateway();
        String policy = "rules-it-admin-" + RUN;
        iot.createPolicy(r -> r.policyName(policy).policyDocument(ADMIN_POLICY));
        admin = Identity.create(iot);
        iot.attachPolicy(r -> r.policyName(policy).target(admin.certificateArn()));
        Path dir = trustedPem().getParent();
        kafka = CompletableFuture.supplyAsync(() -> {
            try {
                return KafkaBroker.create(dir.resolve("kafka"), KAFKA_PORT, KAFKA_PORT + 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        receiver = HttpsReceiver.start(RECEIVER_PORT, trustedPem());
        artemis = ArtemisBroker.start(dir.resolve("artemis"), ARTEMIS_PORT);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
        if (artemis != null) {
            artemis.close();
        }
        if (kafka != null) {
            kafka.thenAccept(broker -> {
                        try {
                            broker.close();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    })
                    .exceptionally(e -> null)
                    .get(240, TimeUnit.SECONDS);
        }
        iot.close();
    }

    static Path trustedPem() {
        return Path.of(System.getProperty("thingstead.rules.it.dir", "target/rules-it"), "trusted.pem");
    }

    // --- control plane ---------------------------------------------------------------------------------------------

    @Test
    void topicRulesAreManagedThroughTheAwsSdkWithAwsValidationAndAudit() throws Exception {
        String name = "cp_" + RUN;
        TopicRulePayload payload = TopicRulePayload.builder()
                .sql("SELECT temp, topic(2) AS id FROM 'rules-it/" + RUN + "/+/cp' WHERE temp > 30")
                .awsIotSqlVersion("2016-03-23")
                .description("control plane")
                .actions(republish("rules-it-out/" + RUN + "/cp/${topic(3)}"))
                .build();
        iot.createTopicRule(r -> r.ruleName(name).topicRulePayload(payload));

        GetTopicRuleResponse got = iot.getTopicRule(r -> r.ruleName(name));
        assertThat(got.ruleArn()).endsWith(":rule/" + name);
        assertThat(got.rule().sql()).isEqualTo(payload.sql());
        assertThat(got.rule().description()).isEqualTo("control plane");
        assertThat(got.rule().awsIotSqlVersion()).isEqualTo("2016-03-23");
        assertThat(got.rule().ruleDisabled()).isFalse();
        assertThat(got.rule().actions()).hasSize(1);
        assertThat(got.rule().actions().get(0).republish().topic())
                .isEqualTo("rules-it-out/" + RUN + "/cp/${topic(3)}");
        assertThat(got.rule().createdAt()).isNotNull();

        // listing: by topic filter, and page by page
        iot.createTopicRule(r -> r.ruleName(name + "_2")
                .topicRulePayload(payload.toBuilder()
                        .sql("SELECT * FROM 'rules-it/" + RUN + "/other'")
                        .build()));
        ListTopicRulesResponse byTopic =
                iot.listTopicRules(r -> r.topic("rules-it/" + RUN + "/+/cp").maxResults(10));
        assertThat(byTopic.rules()).extracting(rule -> rule.ruleName()).containsExactly(name);
        assertThat(byTopic.rules().get(0).topicPattern()).isEqualTo("rules-it/" + RUN + "/+/cp");
        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            String current = token;
            ListTopicRulesResponse page =
                    iot.listTopicRules(r -> r.maxResults(1).nextToken(current));
            assertThat(page.rules()).hasSizeLessThanOrEqualTo(1);
            page.rules().forEach(rule -> paged.add(rule.ruleName()));
            token = page.nextToken();
        } while (token != null);
        assertThat(paged).contains(name, name + "_2").isSorted();

        // replace, disable, enable
        iot.replaceTopicRule(r -> r.ruleName(name)
                .topicRulePayload(payload.toBuilder()
                        .sql("SELECT * FROM 'rules-it/" + RUN + "/replaced'")
                        .build()));
        assertThat(iot.getTopicRule(r -> r.ruleName(name)).rule().sql()).contains("replaced");
        iot.disableTopicRule(r -> r.ruleName(name));
        assertThat(iot.getTopicRule(r -> r.ruleName(name)).rule().ruleDisabled())
                .isTrue();
        assertThat(iot.listTopicRules(r -> r.ruleDisabled(true).maxResults(1000))
                        .rules())
                .extracting(rule -> rule.ruleName())
                .contains(name)
                .doesNotContain(name + "_2");
        iot.enableTopicRule(r -> r.ruleName(name));
        assertThat(iot.getTopicRule(r -> r.ruleName(name)).rule().ruleDisabled())
                .isFalse();

        // AWS's validation
        assertThatThrownBy(() -> iot.createTopicRule(r -> r.ruleName(name).topicRulePayload(payload)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> iot.createTopicRule(r -> r.ruleName("bad-name").topicRulePayload(payload)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ruleName");
        assertThatThrownBy(() -> iot.createTopicRule(r -> r.ruleName(name + "_sql")
                        .topicRulePayload(payload.toBuilder()
                                .sql("SELECT temp FROM 'a' WHERE")
                                .build())))
                .isInstanceOf(SqlParseException.class)
                .hasMessageContaining("Line 1:");
        List<Action> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(republish("rules-it-out/" + i));
        }
        assertThatThrownBy(() -> iot.createTopicRule(r -> r.ruleName(name + "_many")
                        .topicRulePayload(payload.toBuilder().actions(eleven).build())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("10");
        assertThatThrownBy(() -> iot.createTopicRule(r -> r.ruleName(name + "_lambda")
                        .topicRulePayload(payload.toBuilder()
                                .actions(Action.builder()
                                        .lambda(l -> l.functionArn("arn:aws:lambda:us-east-1:1:function:f"))
                                        .build())
                                .build())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> iot.createTopicRule(r -> r.ruleName(name + "_qos")
                        .topicRulePayload(payload.toBuilder()
                                .actions(Action.builder()
                                        .republish(p -> p.topic("x").qos(2).roleArn(ROLE))
                                        .build())
                                .build())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("qos");

        iot.deleteTopicRule(r -> r.ruleName(name));
        iot.deleteTopicRule(r -> r.ruleName(name + "_2"));
        assertThatThrownBy(() -> iot.getTopicRule(r -> r.ruleName(name))).isInstanceOf(UnauthorizedException.class);

        try (Connection db = TestEnvironment.database();
                Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT action, outcome FROM audit_event WHERE resource_arn LIKE"
                        + " '%:rule/" + name + "' ORDER BY at")) {
            List<String> audited = new ArrayList<>();
            while (rows.next()) {
                audited.add(rows.getString(1) + " " + rows.getString(2));
            }
            assertThat(audited)
                    .contains(
                            "iot:CreateTopicRule SUCCESS",
                            "iot:CreateTopicRule ResourceAlreadyExistsException",
                            "iot:ReplaceTopicRule SUCCESS",
                            "iot:DisableTopicRule SUCCESS",
                            "iot:EnableTopicRule SUCCESS",
                            "iot:DeleteTopicRule SUCCESS");
        }
    }

    // --- republish, basic ingest, metrics ---------------------------------------------------------------------------

    @Test
    void aRepublishRuleSendsWhatTheSqlSelectsWithTemplatesAndUserProperties() throws Exception {
        String name = "republish_" + RUN;
        iot.createTopicRule(r -> r.ruleName(name)
                .topicRulePayload(p -> p.sql(
                                "SELECT temp, topic(3) AS id FROM 'rules-it/" + RUN + "/+/data' WHERE temp > 30")
                        .awsIotSqlVersion("2016-03-23")
                        .actions(Action.builder()
                                .republish(RepublishAction.builder()
                                        .topic("rules-it-out/" + RUN + "/${topic(3)}")
                                        .qos(1)
                                        .roleArn(ROLE)
                                        .headers(h -> h.userProperties(
                                                u -> u.key("source").value("${clientid()}")))
                                        .build())
                                .build())));
        try (Client subscriber = Client.connect(admin, "rules-sub-" + RUN);
                Client device = Client.connect(admin, "rules-dev-" + RUN)) {
            subscriber.subscribe("rules-it-out/" + RUN + "/#");
            awaitRuleLoaded();
            device.publish("rules-it/" + RUN + "/sensor-1/data", "{\"temp\": 20, \"hum\": 50}", 1);
            device.publish("rules-it/" + RUN + "/sensor-1/data", "{\"temp\": 35, \"hum\": 50}", 1);
            Received out = subscriber.next("rules-it-out/" + RUN + "/");
            assertThat(out.topic()).isEqualTo("rules-it-out/" + RUN + "/sensor-1");
            assertThat(TestEnvironment.json(out.payload()))
                    .isEqualTo(TestEnvironment.json("{\"temp\":35,\"id\":\"sensor-1\"}"));
            assertThat(out.userProperty("source")).isEqualTo("rules-dev-" + RUN);
            assertThat(subscriber.quietFor("rules-it-out/" + RUN + "/", 1500))
                    .as("the message at 20 degrees did not match")
                    .isTrue();

            // Basic Ingest: only this rule, and topic() without the $aws/rules/<rule>/ prefix
            device.publish("$aws/rules/" + name + "/rules-it/" + RUN + "/sensor-2/data", "{\"temp\": 40}", 1);
            Received ingested = subscriber.next("rules-it-out/" + RUN + "/");
            assertThat(ingested.topic()).isEqualTo("rules-it-out/" + RUN + "/sensor-2");
        }
        String metrics = await(
                () -> TestEnvironment.get(TestEnvironment.management("/metrics"))
                        .body(),
                body -> metric(body, "thingstead_rules_matched_total", "rule", name) == 2.0);
        assertThat(metric(
                        metrics,
                        "thingstead_rules_actions_total",
                        "rule",
                        name,
                        "action",
                        "republish",
                        "outcome",
                        "succeeded"))
                .isEqualTo(2.0);
        assertThat(metric(metrics, "thingstead_rules_latency_seconds_count", "rule", name))
                .isEqualTo(2.0);
        assertThat(metric(metrics, "thingstead_rules_inbox_stored_total")).isGreaterThanOrEqualTo(2.0);
        iot.deleteTopicRule(r -> r.ruleName(name));
    }

    // --- HTTP destinations, the HTTP action, the error action ------------------------------------------------------

    @Test
    void httpDestinationsAreConfirmedAndABrokenEndpointRoutesToTheErrorActionUntilItReturns() throws Exception {
        receiver.answer(200);
        receiver.clear();
        String base = receiver.url("/hooks/" + RUN);
        CreateTopicRuleDestinationResponse created = iot.createTopicRuleDestination(
                r -> r.destinationConfiguration(c -> c.httpUrlConfiguration(h -> h.confirmationUrl(base))));
        String arn = created.topicRuleDestination().arn();
        assertThat(created.topicRuleDestination().status()).isEqualTo(TopicRuleDestinationStatus.IN_PROGRESS);
        HttpsReceiver.Request confirmation = receiver.next("/hooks/" + RUN);
        assertThat(confirmation.method()).isEqualTo("POST");
        assertThat(confirmation.header("x-amz-rules-engine-message-type")).isEqualTo("DestinationConfirmation");
        assertThat(confirmation.header("x-amz-rules-engine-destination-arn")).isEqualTo(arn);
        JsonObject body = TestEnvironment.json(confirmation.body());
        String token = body.getString("confirmationToken");
        assertThat(confirmation.query()).isEqualTo("confirmationToken=" + token);
        assertThat(body.getString("arn")).isEqualTo(arn);
        assertThat(body.getString("enableUrl")).endsWith("/confirmdestination/" + token);
        assertThat(body.getString("messageType")).isEqualTo("DestinationConfirmation");
        assertThat(iot.getTopicRuleDestination(r -> r.arn(arn))
                        .topicRuleDestination()
                        .status())
                .isEqualTo(TopicRuleDestinationStatus.IN_PROGRESS);
        assertThatThrownBy(() -> iot.updateTopicRuleDestination(r -> r.arn(arn).status("ENABLED")))
                .as("not confirmed yet")
                .isInstanceOf(InvalidRequestException.class);
        iot.confirmTopicRuleDestination(r -> r.confirmationToken(token));
        assertThat(iot.getTopicRuleDestination(r -> r.arn(arn))
                        .topicRuleDestination()
                        .status())
                .isEqualTo(TopicRuleDestinationStatus.ENABLED);
        assertThat(iot.listTopicRuleDestinations(r -> r.maxResults(100)).destinationSummaries())
                .anySatisfy(d -> assertThat(d.arn()).isEqualTo(arn));

        // the enableUrl works unsigned (the token is the credential); an unknown token is refused
        String second = receiver.url("/second/" + RUN);
        String secondArn = iot.createTopicRuleDestination(
                        r -> r.destinationConfiguration(c -> c.httpUrlConfiguration(h -> h.confirmationUrl(second))))
                .topicRuleDestination()
                .arn();
        String secondToken =
                TestEnvironment.json(receiver.next("/second/" + RUN).body()).getString("confirmationToken");
        assertThat(TestEnvironment.get(TestEnvironment.http("/confirmdestination/" + secondToken))
                        .statusCode())
                .isEqualTo(200);
        assertThat(iot.getTopicRuleDestination(r -> r.arn(secondArn))
                        .topicRuleDestination()
                        .status())
                .isEqualTo(TopicRuleDestinationStatus.ENABLED);
        assertThat(TestEnvironment.get(TestEnvironment.http("/confirmdestination/" + "x".repeat(43)))
                        .statusCode())
                .isEqualTo(400);
        iot.deleteTopicRuleDestination(r -> r.arn(secondArn));

        String name = "http_" + RUN;
        iot.createTopicRule(r -> r.ruleName(name)
                .topicRulePayload(p -> p.sql("SELECT temp, clientid() AS device FROM 'rules-it/" + RUN + "/http'")
                        .awsIotSqlVersion("2016-03-23")
                        .actions(Action.builder()
                                .http(HttpAction.builder()
                                        .url(base + "/in/${topic(3)}")
                                        .confirmationUrl(base)
                                        .headers(HttpActionHeader.builder()
                                                .key("x-run")
                                                .value(RUN)
                                                .build())
                                        .build())
                                .build())
                        .errorAction(republish("rules-it-errors/" + RUN))));
        try (Client subscriber = Client.connect(admin, "rules-http-sub-" + RUN);
                Client device = Client.connect(admin, "rules-http-dev-" + RUN)) {
            subscriber.subscribe("rules-it-errors/" + RUN);
            awaitRuleLoaded();
            device.publish("rules-it/" + RUN + "/http", "{\"temp\": 21.5}", 1);
            HttpsReceiver.Request delivered = receiver.next("/hooks/" + RUN + "/in/");
            assertThat(delivered.path()).isEqualTo("/hooks/" + RUN + "/in/http");
            assertThat(delivered.header("x-run")).isEqualTo(RUN);
            assertThat(delivered.header("content-type")).isEqualTo("application/json");
            assertThat(TestEnvironment.json(delivered.body()))
                    .isEqualTo(TestEnvironment.json("{\"temp\":21.5,\"device\":\"rules-http-dev-" + RUN + "\"}"));

            // the endpoint fails: retried, then the error action gets AWS's envelope
            receiver.answer(500);
            device.publish("rules-it/" + RUN + "/http", "{\"temp\": 99}", 1);
            Received error = subscriber.next("rules-it-errors/" + RUN);
            JsonObject envelope = TestEnvironment.json(error.payload());
            assertThat(envelope.getString("ruleName")).isEqualTo(name);
            assertThat(envelope.getString("topic")).isEqualTo("rules-it/" + RUN + "/http");
            assertThat(envelope.getString("clientId")).isEqualTo("rules-http-dev-" + RUN);
            assertThat(new String(
                            Base64.getDecoder().decode(envelope.getString("base64OriginalPayload")),
                            StandardCharsets.UTF_8))
                    .isEqualTo("{\"temp\": 99}");
            JsonObject failure = envelope.getJsonArray("failures").getJsonObject(0);
            assertThat(failure.getString("failedAction")).isEqualTo("HttpAction");
            assertThat(failure.getString("failedResource")).isEqualTo(base + "/in/${topic(3)}");
            assertThat(failure.getString("errorMessage")).contains("HTTP 500");
            assertThat(envelope.getString("cloudwatchTraceId")).isNotBlank();

            // the endpoint is back: the next message goes through
            receiver.answer(200);
            receiver.clear();
            device.publish("rules-it/" + RUN + "/http", "{\"temp\": 22}", 1);
            assertThat(TestEnvironment.json(
                                    receiver.next("/hooks/" + RUN + "/in/").body())
                            .getInt("temp"))
                    .isEqualTo(22);

            // a disabled destination stops the action: to the error action again
            iot.updateTopicRuleDestination(r -> r.arn(arn).status("DISABLED"));
            device.publish("rules-it/" + RUN + "/http", "{\"temp\": 23}", 1);
            JsonObject disabled = TestEnvironment.json(
                    subscriber.next("rules-it-errors/" + RUN).payload());
            assertThat(disabled.getJsonArray("failures").getJsonObject(0).getString("errorMessage"))
                    .contains("no enabled, confirmed topic rule destination");
        }
        String metrics =
                TestEnvironment.get(TestEnvironment.management("/metrics")).body();
        assertThat(metric(
                        metrics, "thingstead_rules_actions_total", "rule", name, "action", "http", "outcome", "failed"))
                .isEqualTo(2.0);
        assertThat(metric(
                        metrics,
                        "thingstead_rules_actions_total",
                        "rule",
                        name,
                        "action",
                        "http",
                        "outcome",
                        "retried"))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(metric(metrics, "thingstead_rules_error_actions_total", "rule", name, "outcome", "succeeded"))
                .isEqualTo(2.0);
        iot.deleteTopicRule(r -> r.ruleName(name));
        iot.deleteTopicRuleDestination(r -> r.arn(arn));
    }

    // --- PostgreSQL ------------------------------------------------------------------------------------------------

    @Test
    void postgresqlTablesReceiveExactlyWhatTheSqlSelects() throws Exception {
        String series = "ts_" + RUN;
        String items = "kv_" + RUN;
        try (Connection db = TestEnvironment.database();
                Statement ddl = db.createStatement()) {
            ddl.execute("CREATE TABLE rule_data." + series + " (time timestamptz NOT NULL, device text NOT NULL,"
                    + " site text, temp double precision, hum integer, ok boolean)");
            ddl.execute("CREATE TABLE rule_data." + items
                    + " (received_at timestamptz NOT NULL, topic text NOT NULL, item jsonb NOT NULL)");
        }
        String name = "pg_" + RUN;
        iot.createTopicRule(r -> r.ruleName(name)
                .topicRulePayload(p -> p.sql(
                                "SELECT temp, hum, hum > 40 AS ok FROM 'rules-it/" + RUN + "/+/pg' WHERE temp > 0")
                        .awsIotSqlVersion("2016-03-23")
                        .actions(
                                Action.builder()
                                        .timestream(t -> t.roleArn(ROLE)
                                                .databaseName("rule_data")
                                                .tableName(series)
                                                .dimensions(
                                                        d -> d.name("device").value("${topic(3)}"),
                                                        d -> d.name("site").value("${get(*, 'site')}"))
                                                .timestamp(
                                                        ts -> ts.value("${ts}").unit("SECONDS")))
                                        .build(),
                                Action.builder()
                                        .dynamoDBv2(d -> d.roleArn(ROLE).putItem(i -> i.tableName(items)))
                                        .build())));
        assertThatThrownBy(() -> iot.createTopicRule(r -> r.ruleName(name + "_schema")
                        .topicRulePayload(p -> p.sql("SELECT * FROM 'x'")
                                .actions(Action.builder()
                                        .dynamoDBv2(
                                                d -> d.roleArn(ROLE).putItem(i -> i.tableName("public.audit_event")))
                                        .build()))))
                .as("the platform's own tables are out of reach")
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("rule_data");
        try (Client device = Client.connect(admin, "rules-pg-" + RUN)) {
            awaitRuleLoaded();
            device.publish(
                    "rules-it/" + RUN + "/dev-a/pg",
                    "{\"temp\": 21.5, \"hum\": 45, \"site\": \"lab\"," + " \"ts\": 1700000000}",
                    1);
            device.publish("rules-it/" + RUN + "/dev-b/pg", "{\"temp\": 19, \"hum\": 30, \"ts\": 1700000060}", 1);
            device.publish("rules-it/" + RUN + "/dev-c/pg", "{\"temp\": -5, \"hum\": 30, \"ts\": 1700000120}", 1);
        }
        List<String> rows = await(
                () -> query("SELECT device, site, temp, hum, ok, extract(epoch FROM time)::bigint FROM" + " rule_data."
                        + series + " ORDER BY device"),
                result -> result.size() >= 2);
        assertThat(rows).containsExactly("dev-a|lab|21.5|45|t|1700000000", "dev-b||19|30|f|1700000060");
        List<String> kv = await(
                () -> query("SELECT topic, item::text FROM rule_data." + items + " ORDER BY topic"),
                result -> result.size() >= 2);
        assertThat(kv)
                .containsExactly(
                        "rules-it/" + RUN + "/dev-a/pg|{\"ok\": true, \"hum\": 45, \"temp\": 21.5}",
                        "rules-it/" + RUN + "/dev-b/pg|{\"ok\": false, \"hum\": 30, \"temp\": 19}");
        Thread.sleep(1000);
        assertThat(query("SELECT count(*) FROM rule_data." + series)).containsExactly("2");
        iot.deleteTopicRule(r -> r.ruleName(name));
    }

    // --- Artemis ---------------------------------------------------------------------------------------------------

    @Test
    void theQueueActionSendsDurableMessagesToAnArtemisBroker() throws Exception {
        String queue = "rules-it-" + RUN.replace('_', '-');
        String name = "queue_" + RUN;
        iot.createTopicRule(r -> r.ruleName(name)
                .topicRulePayload(p -> p.sql("SELECT * FROM 'rules-it/" + RUN + "/queue'")
                        .actions(Action.builder()
                                .sqs(s -> s.roleArn(ROLE)
                                        .queueUrl(artemis.url(queue))
                                        .useBase64(false))
                                .build())));
        try (Client device = Client.connect(admin, "rules-queue-" + RUN)) {
            awaitRuleLoaded();
            for (int i = 0; i < 3; i++) {
                device.publish("rules-it/" + RUN + "/queue", "{\"n\": " + i + "}", 1);
            }
        }
        List<ArtemisBroker.Received> received = artemis.receive(queue, 3);
        assertThat(received)
                .extracting(ArtemisBroker.Received::body)
                .containsExactlyInAnyOrder("{\"n\": 0}", "{\"n\": 1}", "{\"n\": 2}");
        assertThat(received).allSatisfy(m -> {
            assertThat(m.ruleName()).isEqualTo(name);
            assertThat(m.topic()).isEqualTo("rules-it/" + RUN + "/queue");
            assertThat(m.persistent()).isTrue();
        });
        iot.deleteTopicRule(r -> r.ruleName(name));
    }

    // --- Kafka -----------------------------------------------------------------------------------------------------

    @Test
    void kafkaGetsWhatTheSqlSelectsAndTheErrorActionRunsWhileTheBrokerIsDown() throws Exception {
        KafkaBroker broker = kafka.get(240, TimeUnit.SECONDS);
        String topic = "rules-it-" + RUN + "-kafka";
        String name = "kafka_" + RUN;
        iot.createTopicRule(r -> r.ruleName(name)
                .topicRulePayload(p -> p.sql(
                                "SELECT temp, topic(3) AS id FROM 'rules-it/" + RUN + "/+/kafka' WHERE temp > 0")
                        .awsIotSqlVersion("2016-03-23")
                        .actions(Action.builder()
                                .kafka(k -> k.destinationArn("arn:aws:iot:us-east-1:000000000000:ruledestination/vpc/x")
                                        .topic(topic)
                                        .key("${topic(3)}")
                                        .headers(h -> h.key("source").value("${clientid()}"))
                                        .clientProperties(Map.of(
                                                "bootstrap.servers", broker.bootstrapServers(),
                                                "request.timeout.ms", "2000",
                                                "delivery.timeout.ms", "3000",
                                                "max.block.ms", "3000")))
                                .build())
                        .errorAction(republish("rules-it-errors/" + RUN + "/kafka"))));
        try (Client subscriber = Client.connect(admin, "rules-kafka-sub-" + RUN);
                Client device = Client.connect(admin, "rules-kafka-dev-" + RUN)) {
            subscriber.subscribe("rules-it-errors/" + RUN + "/kafka");
            awaitRuleLoaded();
            device.publish("rules-it/" + RUN + "/s1/kafka", "{\"temp\": 21, \"hum\": 40}", 1);
            device.publish("rules-it/" + RUN + "/s2/kafka", "{\"temp\": -4}", 1);
            device.publish("rules-it/" + RUN + "/s3/kafka", "{\"temp\": 30.5}", 1);
            // the first send creates the topic: until then there is nothing to read
            List<ConsumerRecord<byte[], byte[]>> records =
                    await(() -> broker.read(topic, 2, Duration.ofSeconds(5)), list -> list.size() >= 2);
            assertThat(records)
                    .extracting(record -> KafkaBroker.text(record.key()) + " " + KafkaBroker.text(record.value()))
                    .containsExactlyInAnyOrder("s1 {\"temp\":21,\"id\":\"s1\"}", "s3 {\"temp\":30.5,\"id\":\"s3\"}");
            assertThat(KafkaBroker.text(
                            records.get(0).headers().lastHeader("source").value()))
                    .isEqualTo("rules-kafka-dev-" + RUN);

            // the broker is down: retried, then the error action gets AWS's envelope
            broker.kill();
            device.publish("rules-it/" + RUN + "/s4/kafka", "{\"temp\": 40}", 1);
            JsonObject envelope = TestEnvironment.json(
                    subscriber.next("rules-it-errors/" + RUN + "/kafka").payload());
            assertThat(envelope.getString("ruleName")).isEqualTo(name);
            assertThat(envelope.getString("topic")).isEqualTo("rules-it/" + RUN + "/s4/kafka");
            JsonObject failure = envelope.getJsonArray("failures").getJsonObject(0);
            assertThat(failure.getString("failedAction")).isEqualTo("KafkaAction");
            assertThat(failure.getString("failedResource")).isEqualTo(topic);

            // the broker is back: the next message goes through, on the same producer
            broker.start();
            device.publish("rules-it/" + RUN + "/s5/kafka", "{\"temp\": 41}", 1);
            List<ConsumerRecord<byte[], byte[]>> after = await(
                    () -> broker.read(topic, 3, Duration.ofSeconds(5)),
                    list -> list.stream().anyMatch(record -> "s5".equals(KafkaBroker.text(record.key()))));
            assertThat(after)
                    .filteredOn(record -> "s5".equals(KafkaBroker.text(record.key())))
                    .extracting(record -> KafkaBroker.text(record.value()))
                    .containsExactly("{\"temp\":41,\"id\":\"s5\"}");
        }
        String metrics =
                TestEnvironment.get(TestEnvironment.management("/metrics")).body();
        assertThat(metric(
                        metrics,
                        "thingstead_rules_actions_total",
                        "rule",
                        name,
                        "action",
                        "kafka",
                        "outcome",
                        "failed"))
                .isEqualTo(1.0);
        assertThat(metric(metrics, "thingstead_rules_error_actions_total", "rule", name, "outcome", "succeeded"))
                .isEqualTo(1.0);
        iot.deleteTopicRule(r -> r.ruleName(name));
    }

    // --- a spike: nothing lost ------------------------------------------------------------------------------------

    /**
     * {@value #SPIKE_DEVICES} devices publish {@value #SPIKE_MESSAGES} QoS 1 messages each as fast as the gateway takes
     * them (8 in flight per device; the gateway holds each PUBACK until the inbox committed the message); every PUBACKed message must arrive exactly once in PostgreSQL and in Kafka
     * (counted there, by device and sequence number). A refused PUBACK (the inbox full) is sent again, as a device
     * would.
     */
    @Test
    void aSpikeOfQos1MessagesLosesNothing() throws Exception {
        KafkaBroker broker = kafka.get(240, TimeUnit.SECONDS);
        String table = "spike_" + RUN;
        String topic = "rules-it-" + RUN + "-spike";
        try (Connection db = TestEnvironment.database();
                Statement ddl = db.createStatement()) {
            ddl.execute("CREATE TABLE rule_data." + table
                    + " (received_at timestamptz NOT NULL, topic text NOT NULL, item jsonb NOT NULL)");
        }
        String name = "spike_" + RUN;
        iot.createTopicRule(r -> r.ruleName(name)
                .topicRulePayload(p -> p.sql("SELECT n, topic(3) AS device FROM 'rules-it/" + RUN + "/+/spike'")
                        .awsIotSqlVersion("2016-03-23")
                        .actions(
                                Action.builder()
                                        .dynamoDBv2(d -> d.roleArn(ROLE).putItem(i -> i.tableName(table)))
                                        .build(),
                                Action.builder()
                                        .kafka(k -> k.destinationArn(
                                                        "arn:aws:iot:us-east-1:000000000000:ruledestination/vpc/x")
                                                .topic(topic)
                                                .key("${topic(3)}")
                                                .clientProperties(
                                                        Map.of("bootstrap.servers", broker.bootstrapServers())))
                                        .build())
                        .errorAction(republish("rules-it-errors/" + RUN + "/spike"))));
        awaitRuleLoaded();
        List<Client> devices = new ArrayList<>();
        try {
            for (int d = 0; d < SPIKE_DEVICES; d++) {
                devices.add(Client.connect(admin, "rules-spike-" + d + "-" + RUN));
            }
            long started = System.nanoTime();
            List<Future<Integer>> publishers = new ArrayList<>();
            int resent = 0;
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int d = 0; d < SPIKE_DEVICES; d++) {
                    Client device = devices.get(d);
                    String deviceTopic = "rules-it/" + RUN + "/dev" + d + "/spike";
                    publishers.add(threads.submit(() -> device.burst(deviceTopic, SPIKE_MESSAGES, 8)));
                }
                for (Future<Integer> publisher : publishers) {
                    resent += publisher.get(180, TimeUnit.SECONDS);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int total = SPIKE_DEVICES * SPIKE_MESSAGES;
            System.out.printf(
                    "RulesIT spike: %d QoS 1 messages PUBACKed in %.1f s (%.0f/s), %d sent again after a refusal%n",
                    total, seconds, total / seconds, resent);
            List<String> counted = await(
                    () -> query(
                            "SELECT count(*), count(DISTINCT (item->>'device', item->>'n')) FROM rule_data." + table),
                    rows -> rows.get(0).startsWith(total + "|"));
            assertThat(counted).containsExactly(total + "|" + total);
            List<ConsumerRecord<byte[], byte[]>> records =
                    await(() -> broker.read(topic, total, Duration.ofSeconds(20)), list -> list.size() >= total);
            assertThat(records.stream()
                            .map(record -> KafkaBroker.text(record.value()))
                            .distinct()
                            .count())
                    .as("distinct records in Kafka")
                    .isEqualTo(total);
            assertThat(records).hasSize(total);
            Thread.sleep(1000);
            assertThat(query("SELECT count(*) FROM rule_data." + table)).containsExactly(String.valueOf(total));
        } finally {
            for (Client device : devices) {
                device.close();
            }
        }
        iot.deleteTopicRule(r -> r.ruleName(name));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    static Action republish(String topic) {
        return Action.builder()
                .republish(RepublishAction.builder().topic(topic).roleArn(ROLE).build())
                .build();
    }

    /** A rule takes effect after its transaction commits: give the engine's reload a moment. */
    static void awaitRuleLoaded() throws InterruptedException {
        Thread.sleep(300);
    }

    /**
     * The value of the Prometheus sample {@code name} whose labels include {@code labels} (name, value, ...; WildFly adds
     * its own, such as {@code WF_DEPLOYMENT}); -1 when there is none.
     */
    static double metric(String body, String name, String... labels) {
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= series.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        return -1;
    }

    static List<String> query(String sql) throws Exception {
        try (Connection db = TestEnvironment.database();
                Statement query = db.createStatement();
                ResultSet rows = query.executeQuery(sql)) {
            List<String> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rows.getString(i));
                }
                result.add(String.join("|", values));
            }
            return result;
        }
    }

    interface Check<T> {
        T get() throws Exception;
    }

    static <T> T await(Check<T> value, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never reached the expected state; last: " + last);
            }
            Thread.sleep(200);
            last = value.get();
        }
        return last;
    }

    /** A received MQTT 5 message with its user properties. */
    record Received(String topic, String payload, List<UserProperty> properties) {
        String userProperty(String name) {
            return properties.stream()
                    .filter(p -> p.getKey().equals(name))
                    .map(UserProperty::getValue)
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A Paho MQTT 5 client over mutual TLS. */
    static final class Client implements AutoCloseable {
        final MqttAsyncClient client;
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        private Client(MqttAsyncClient client) {
            this.client = client;
        }

        static Client connect(Identity identity, String clientId) throws Exception {
            MqttAsyncClient paho = new MqttAsyncClient(Mqtt.tlsUri(), clientId, new MemoryPersistence());
            Client client = new Client(paho);
            paho.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {}

                @Override
                public void mqttErrorOccurred(MqttException exception) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    List<UserProperty> properties = message.getProperties() == null
                            ? List.of()
                            : List.copyOf(message.getProperties().getUserProperties());
                    client.received.add(
                            new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), properties));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {}

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {}

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {}
            });
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(Mqtt.socketFactory(identity));
            options.setCleanStart(true);
            options.setConnectionTimeout(15);
            paho.connect(options).waitForCompletion(20_000);
            return client;
        }

        void subscribe(String filter) throws MqttException {
            IMqttToken token = client.subscribe(filter, 1);
            token.waitForCompletion(20_000);
            assertThat(token.getReasonCodes()[0]).as("SUBACK").isLessThan(0x80);
        }

        /** Publishes and waits for the PUBACK; fails on a refusal. */
        void publish(String topic, String payload, int qos) throws MqttException {
            IMqttToken token = client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
            token.waitForCompletion(20_000);
            int[] codes = token.getReasonCodes();
            assertThat(codes == null || codes.length == 0 ? 0 : codes[0])
                    .as("PUBACK of " + topic)
                    .isLessThan(0x80);
        }

        /**
         * Publishes {@code count} QoS 1 messages {@code {"n": i}} to {@code topic} with at most {@code window} in
         * flight; a message whose PUBACK is a refusal is sent again. Returns how many were sent again.
         */
        int burst(String topic, int count, int window) {
            Semaphore inFlight = new Semaphore(window);
            AtomicInteger resent = new AtomicInteger();
            ConcurrentLinkedQueue<Integer> again = new ConcurrentLinkedQueue<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            int next = 0;
            try {
                while (next < count || !again.isEmpty() || inFlight.availablePermits() < window) {
                    if (failed.get() != null) {
                        throw new AssertionError("publishing " + topic + " failed", failed.get());
                    }
                    Integer n = again.poll();
                    if (n != null) {
                        resent.incrementAndGet();
                    } else if (next < count) {
                        n = next++;
                    } else {
                        Thread.sleep(5);
                        continue;
                    }
                    if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                        throw new AssertionError("no PUBACK for 60 s on " + topic);
                    }
                    int number = n;
                    MqttMessage message = new MqttMessage(("{\"n\": " + number + "}").getBytes(StandardCharsets.UTF_8));
                    message.setQos(1);
                    client.publish(topic, message, null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            int[] codes = token.getReasonCodes();
                            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                                again.add(number);
                            }
                            inFlight.release();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable exception) {
                            if (exception instanceof MqttException refused
                                    && refused.getReasonCode() >= 0x80
                                    && refused.getReasonCode() <= 0xFF) {
                                again.add(number); // a PUBACK refusal: the device sends it again
                            } else {
                                failed.compareAndSet(null, exception);
                            }
                            inFlight.release();
                        }
                    });
                }
            } catch (MqttException | InterruptedException e) {
                throw new AssertionError("publishing " + topic + " failed", e);
            }
            return resent.get();
        }

        Received next(String topicPrefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                long left = deadline - System.nanoTime();
                Received message = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no message on " + topicPrefix + "* within 30 s");
                }
                if (message.topic().startsWith(topicPrefix)) {
                    return message;
                }
            }
        }

        boolean quietFor(String topicPrefix, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                Received message = received.poll(left, TimeUnit.NANOSECONDS);
                if (message != null && message.topic().startsWith(topicPrefix)) {
                    return false;
                }
            }
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
            client.close(true);
        }
    }
}
