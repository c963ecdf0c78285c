package io.thingstead.policy.bench;

import io.thingstead.policy.api.AuthorizationContext;
import io.thingstead.policy.api.BoundPolicies;
import io.thingstead.policy.api.CertificateFields;
import io.thingstead.policy.api.CompiledPolicy;
import io.thingstead.policy.api.ConnectedThing;
import io.thingstead.policy.api.Decision;
import io.thingstead.policy.api.IotAction;
import io.thingstead.policy.api.PolicyEvaluator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long {@link BoundPolicies#authorize} takes for one connected device bound to five policies of the usual shapes:
 * its own topics through {@code ${iot:ClientId}}, its shadow and jobs topics through the thing name, fleet telemetry
 * through a thing attribute with a thing-type condition, and a deny policy for administrative topics.
 *
 * <p>Run {@link #main} with the test classpath; JMH options given as arguments override the defaults (1 fork, 3
 * warm-up and 5 measurement iterations of one second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthorizeBenchmark {
    private static final String ARN = "arn:aws:iot:eu-west-1:123456789012:";

    private static final String DEVICE_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:eu-west-1:123456789012:client/${iot:Connection.Thing.ThingName}",
               "Condition":{"Bool":{"iot:Connection.Thing.IsAttached":"true"}}},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":"arn:aws:iot:eu-west-1:123456789012:topic/devices/${iot:ClientId}/*"},
              {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:eu-west-1:123456789012:topicfilter/devices/${iot:ClientId}/*"}]}
            """;

    private static final String SHADOW_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:eu-west-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:eu-west-1:123456789012:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
              {"Effect":"Allow","Action":["iot:GetThingShadow","iot:UpdateThingShadow"],
               "Resource":"arn:aws:iot:eu-west-1:123456789012:thing/${iot:Connection.Thing.ThingName}"}]}
            """;

    private static final String JOBS_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:eu-west-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:eu-west-1:123456789012:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}]}
            """;

    private static final String TELEMETRY_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Publish",
               "Resource":"arn:aws:iot:eu-west-1:123456789012:topic/telemetry/${iot:Connection.Thing.Attributes[site]}/${iot:ClientId}",
               "Condition":{"StringEquals":{"iot:Connection.Thing.ThingTypeName":"Sensor"}}}]}
            """;

    private static final String DENY_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"NoAdminTopics","Effect":"Deny","Action":["iot:Publish","iot:Subscribe","iot:Receive"],
               "Resource":["arn:aws:iot:eu-west-1:123456789012:topic/admin/*","arn:aws:iot:eu-west-1:123456789012:topicfilter/admin/*"]},
              {"Sid":"NoWildcardSubscriptions","Effect":"Deny","Action":"iot:Subscribe",
               "Resource":["arn:aws:iot:eu-west-1:123456789012:topicfilter/#","arn:aws:iot:eu-west-1:123456789012:topicfilter/+/*"]}]}
            """;

    private BoundPolicies bound;
    private String ownTopic;
    private String shadowTopic;
    private String adminFilter;
    private String foreignTopic;

    @Setup
    public void setUp() {
        PolicyEvaluator evaluator = PolicyEvaluator.create();
        List<CompiledPolicy> policies = List.of(
                evaluator.compile("DevicePolicy", DEVICE_POLICY),
                evaluator.compile("ShadowPolicy", SHADOW_POLICY),
                evaluator.compile("JobsPolicy", JOBS_POLICY),
                evaluator.compile("TelemetryPolicy", TELEMETRY_POLICY),
                evaluator.compile("DenyPolicy", DENY_POLICY));
        AuthorizationContext context = AuthorizationContext.builder()
                .clientId("sensor-000123")
                .thing(new ConnectedThing("sensor-000123", "Sensor", Map.of("site", "dublin-2")))
                .certificateId("8f3c1a")
                .certificateField(CertificateFields.SUBJECT_COMMON_NAME, "sensor-000123")
                .sourceIp("203.0.113.45")
                .build();
        bound = evaluator.bind(policies, context);
        ownTopic = ARN + "topic/devices/sensor-000123/telemetry/temperature";
        shadowTopic = ARN + "topic/$aws/things/sensor-000123/shadow/update/delta";
        adminFilter = ARN + "topicfilter/admin/config";
        foreignTopic = ARN + "topic/devices/sensor-000999/telemetry/temperature";
        check(authorizePublishAllowed().allowed(), "publish allowed");
        check(authorizeReceiveShadow().allowed(), "receive allowed");
        check(!authorizeSubscribeDenied().allowed(), "subscribe denied");
        check(!authorizePublishImplicitlyDenied().allowed(), "foreign publish denied");
        check(authorizePublishByName().allowed(), "publish by name allowed");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark set-up is wrong: expected " + what);
        }
    }

    /** The common case: a device publishes to its own topic, allowed through ${iot:ClientId}. */
    @Benchmark
    public Decision authorizePublishAllowed() {
        return bound.authorize(IotAction.PUBLISH, ownTopic);
    }

    /** A delivery of a shadow message, allowed through the thing name. */
    @Benchmark
    public Decision authorizeReceiveShadow() {
        return bound.authorize(IotAction.RECEIVE, shadowTopic);
    }

    /** A subscription refused by an explicit deny. */
    @Benchmark
    public Decision authorizeSubscribeDenied() {
        return bound.authorize(IotAction.SUBSCRIBE, adminFilter);
    }

    /** A publish to another device's topic: nothing allows it, so every statement is looked at. */
    @Benchmark
    public Decision authorizePublishImplicitlyDenied() {
        return bound.authorize(IotAction.PUBLISH, foreignTopic);
    }

    /** The common case with the action given by name. */
    @Benchmark
    public Decision authorizePublishByName() {
        return bound.authorize("iot:Publish", ownTopic);
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions given = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(given);
        if (given.getIncludes().isEmpty()) {
            options.include(AuthorizeBenchmark.class.getSimpleName());
        }
        if (!given.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!given.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!given.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!given.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!given.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        new Runner(options.build()).run();
    }
}
