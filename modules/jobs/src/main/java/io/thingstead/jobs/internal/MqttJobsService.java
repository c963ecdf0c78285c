package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import io.thingstead.gateway.api.BusyReply;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.gateway.api.ServiceOutput;
import io.thingstead.gateway.api.ServiceRequest;
import io.thingstead.gateway.api.ServiceRoute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Jobs device API on MQTT, a {@link DeviceService} of the gateway: {@code $aws/things/<thing>/jobs/get}, {@code
 * /start-next}, {@code /<jobId>/get} and {@code /<jobId>/update}, answered on their {@code /accepted} and {@code
 * /rejected} topics to the requesting client only (AWS's Jobs responses do not go through the broker to other
 * subscribers). A thing's requests are served one at a time in order, whoever sends them ({@code THING_IN_TOPIC});
 * more than ten in flight for one thing, or a full queue, are answered {@code RequestThrottled}.
 */
@ApplicationScoped
public class MqttJobsService implements DeviceService {
    private static final Logger LOG = Logger.getLogger(MqttJobsService.class);
    static final JsonLimits LIMITS = new JsonLimits(32 * 1024, 16);

    @Inject
    DeviceJobs jobs;

    @Inject
    JobsConfig config;

    @Inject
    JobsMetrics metrics;

    @Inject
    Clock clock;

    @Override
    public ServiceRoute route() {
        return ServiceRoute.builder("jobs")
                .filter("$aws/things/+/jobs/get")
                .filter("$aws/things/+/jobs/start-next")
                .filter("$aws/things/+/jobs/+/get")
                .filter("$aws/things/+/jobs/+/update")
                .key(ServiceRoute.Key.THING_IN_TOPIC)
                .lanes(config.settings().workerThreads())
                .queueCapacity(100_000)
                .inFlightPerKey(10)
                .whenBusy(this::busy)
                .build();
    }

    @Override
    public void serve(ServiceRequest request, ServiceOutput output) {
        String topic = request.topic();
        JsonObject payload;
        try {
            payload = request.payload().length == 0
                    ? JsonValue.EMPTY_JSON_OBJECT
                    : JsonDocuments.readObject(request.payload(), LIMITS);
        } catch (IotException e) {
            reject(
                    output,
                    topic,
                    "InvalidJson",
                    "The request is not a JSON object: " + e.getMessage(),
                    Optional.empty(),
                    Optional.empty());
            return;
        }
        Optional<String> token = clientToken(payload);
        String thing = request.levels().get(0);
        try {
            JsonObjectBuilder answer = switch (request.filter().filter()) {
                case "$aws/things/+/jobs/get" -> jobs.pending(thing, DeviceJobs.Shape.MQTT);
                case "$aws/things/+/jobs/start-next" -> jobs.startNext(thing, payload, DeviceJobs.Shape.MQTT);
                case "$aws/things/+/jobs/+/get" ->
                    jobs.describe(
                            thing,
                            request.levels().get(1),
                            Members.integer(payload, "executionNumber"),
                            Members.bool(payload, "includeJobDocument").orElse(true),
                            DeviceJobs.Shape.MQTT);
                default -> jobs.update(thing, request.levels().get(1), payload, DeviceJobs.Shape.MQTT);
            };
            output.replyToRequester(message(topic + "/accepted", DeviceJobs.stamped(answer, clock.instant(), token)));
        } catch (DeviceRefusal refusal) {
            reject(output, topic, refusal.code(), refusal.getMessage(), token, refusal.executionState());
        } catch (IotException e) {
            DeviceRefusal refusal = DeviceRefusal.of(e);
            reject(output, topic, refusal.code(), e.getMessage(), token, Optional.empty());
        } catch (RuntimeException e) {
            LOG.errorf(e, "the jobs request on %s failed", topic);
            reject(output, topic, "InternalError", "An internal error occurred.", token, Optional.empty());
        }
    }

    /** AWS answers requests beyond a thing's in-flight limit {@code RequestThrottled}. */
    void busy(ServiceRequest request, BusyReply.Reason reason, ServiceOutput output) {
        metrics.throttled();
        Optional<String> token = Optional.empty();
        try {
            token = clientToken(JsonDocuments.readObject(request.payload(), LIMITS));
        } catch (RuntimeException e) {
            // no token to echo
        }
        reject(
                output,
                request.topic(),
                reason == BusyReply.Reason.STOPPED ? "InternalError" : "RequestThrottled",
                reason == BusyReply.Reason.STOPPED ? "The service is stopping." : "The request was throttled.",
                token,
                Optional.empty());
    }

    private void reject(
            ServiceOutput output,
            String topic,
            String code,
            String message,
            Optional<String> token,
            Optional<JsonObject> executionState) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("code", code).add("message", message);
        token.ifPresent(t -> error.add("clientToken", t));
        error.add("timestamp", clock.instant().getEpochSecond());
        executionState.ifPresent(state -> error.add("executionState", state));
        output.rejected(code + ": " + message);
        output.replyToRequester(message(topic + "/rejected", error));
    }

    private static OutboundMessage message(String topic, JsonObjectBuilder document) {
        return OutboundMessage.builder(topic)
                .payload(document.build().toString())
                .qos(1)
                .build();
    }

    private static Optional<String> clientToken(JsonObject payload) {
        return payload.get("clientToken") instanceof JsonString token
                ? Optional.of(token.getString())
                : Optional.empty();
    }
}
