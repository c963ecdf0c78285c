package io.thingstead.rules.internal.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.rules.internal.sql.SqlEngine;
import io.thingstead.rules.internal.sql.SqlEnvironment;
import io.thingstead.rules.internal.sql.SqlParseException;
import io.thingstead.rules.internal.sql.SqlVersion;
import io.thingstead.rules.internal.sql.ThingShadowReader;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Each action checks its settings when the rule is created, as AWS's CreateTopicRule does. */
class ActionSettingsValidationTest {
    private static final SqlEngine ENGINE = new SqlEngine(new SqlEnvironment("000000000000", ThingShadowReader.NONE));
    private static final String ROLE = "\"roleArn\": \"arn:aws:iam::000000000000:role/r\"";

    @Test
    void republishNeedsATopicARoleAndQos0Or1() {
        RepublishActionFactory factory = new RepublishActionFactory();
        assertThat(factory.create(
                                settings(
                                        "{\"topic\": \"out/${topic(2)}\", \"qos\": 1, " + ROLE
                                                + ", \"headers\": {\"userProperties\": [{\"key\": \"k\", \"value\": \"${clientid()}\"}]}}"))
                        .resource())
                .isEqualTo("out/${topic(2)}");
        assertInvalid(() -> factory.create(settings("{\"qos\": 1, " + ROLE + "}")), "topic is required");
        assertInvalid(() -> factory.create(settings("{\"topic\": \"a\"}")), "roleArn is required");
        assertInvalid(
                () -> factory.create(settings("{\"topic\": \"a\", \"qos\": 2, " + ROLE + "}")), "qos must be 0 or 1");
        assertInvalid(() -> factory.create(settings("{\"topic\": \"a/#\", " + ROLE + "}")), "topic");
        assertThatThrownBy(() -> factory.create(settings("{\"topic\": \"out/${topic(}\", " + ROLE + "}")))
                .isInstanceOf(SqlParseException.class);
    }

    @Test
    void kafkaNeedsBootstrapServersAndLoadsNoClassesFromSettings() {
        KafkaActionFactory factory = new KafkaActionFactory();
        assertThat(factory.create(settings("{\"topic\": \"t\", \"key\": \"${clientid()}\", \"clientProperties\":"
                                + " {\"bootstrap.servers\": \"127.0.0.1:9092\", \"value.serializer\":"
                                + " \"org.apache.kafka.common.serialization.ByteBufferSerializer\"}}"))
                        .resource())
                .isEqualTo("t");
        assertInvalid(
                () -> factory.create(settings("{\"topic\": \"t\", \"clientProperties\": {}}")), "bootstrap.servers");
        assertInvalid(
                () -> factory.create(
                        settings("{\"topic\": \"t\", \"clientProperties\": {\"bootstrap.servers\": \"h:1\","
                                + " \"interceptor.classes\": \"evil.Interceptor\"}}")),
                "interceptor.classes cannot be set");
    }

    @Test
    void theQueueActionNamesAnArtemisBrokerAndADestination() {
        QueueActionFactory factory = new QueueActionFactory();
        assertThat(factory.create(settings("{\"queueUrl\": \"tcp://broker:61616/telemetry\", " + ROLE + "}"))
                        .resource())
                .isEqualTo("tcp://broker:61616/telemetry");
        assertThat(QueueActionFactory.Target.parse("tcp://broker:61616/topic/alerts?sslEnabled=true"))
                .contains(new QueueActionFactory.Target(
                        "tcp://broker:61616?sslEnabled=true&callTimeout=5000&connectionTTL=60000", "alerts", true));
        assertThat(QueueActionFactory.Target.parse("tcp://broker:61616/q?callTimeout=100"))
                .contains(new QueueActionFactory.Target(
                        "tcp://broker:61616?callTimeout=100&connectionTTL=60000", "q", false));
        assertInvalid(
                () -> factory.create(
                        settings("{\"queueUrl\": \"https://sqs.us-east-1.amazonaws.com/1/q\", " + ROLE + "}")),
                "tcp://broker:61616/telemetry");
        assertInvalid(
                () -> factory.create(settings("{\"queueUrl\": \"tcp://broker:61616/\", " + ROLE + "}")), "queueUrl");
        assertInvalid(
                () -> factory.create(settings("{\"queueUrl\": \"java:/jms/queue/q\", " + ROLE + "}")), "queueUrl");
    }

    @Test
    void theMetricActionTakesCloudWatchUnitsAndNames() {
        MetricActionFactory factory = new MetricActionFactory();
        assertThat(factory.create(settings("{\"metricNamespace\": \"plant\", \"metricName\": \"temp\", \"metricValue\":"
                                + " \"${temp}\", \"metricUnit\": \"None\", " + ROLE + "}"))
                        .resource())
                .isEqualTo("plant/temp");
        assertInvalid(
                () -> factory.create(
                        settings("{\"metricNamespace\": \"plant\", \"metricName\": \"temp\", \"metricValue\":"
                                + " \"${temp}\", \"metricUnit\": \"Celsius\", " + ROLE + "}")),
                "metricUnit");
    }

    private static ActionSettings settings(String json) {
        JsonObject object = Json.createReader(new StringReader(json)).readObject();
        return new ActionSettings("rule_1", "actions[0].x", object, ENGINE, SqlVersion.V2016_03_23, false);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        IotException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(message);
    }
}
