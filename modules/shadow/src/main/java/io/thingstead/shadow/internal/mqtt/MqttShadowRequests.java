package io.thingstead.shadow.internal.mqtt;

import io.thingstead.common.api.error.IotException;
import io.thingstead.gateway.api.BusyReply;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.ServiceOutput;
import io.thingstead.gateway.api.ServiceRequest;
import io.thingstead.gateway.api.ServiceRoute;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowDocuments;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowErrorType;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowRequestException;
import io.thingstead.shadow.api.ShadowService;
import io.thingstead.shadow.internal.ShadowSettings;
import io.thingstead.shadow.internal.UpdateThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Device Shadow service on MQTT, a {@link DeviceService} of the gateway: serves the requests devices publish on
 * {@code $aws/things/{thing}/shadow/...} ({@link ShadowTopic}) with the same {@link ShadowService} service as the REST data
 * plane, and answers on {@code /get/accepted} and every {@code /rejected} topic. Accepted updates and deletes are
 * announced by {@link ShadowChangePublisher} once committed.
 *
 * <p>The gateway queues the requests on this service's own lanes, a connection's requests in the order the device
 * sent them, and answers 429 at once for a connection with more than {@link
 * ShadowSettings#maxInFlightPerConnection()} requests in flight, as AWS does ({@link #busy}).
 */
@ApplicationScoped
public class MqttShadowRequests implements DeviceService {
    private static final Logger LOG = Logger.getLogger(MqttShadowRequests.class);

    @Inject
    ShadowService shadows;

    @Inject
    ShadowDocuments semantics;

    @Inject
    ShadowPublisher publisher;

    @Inject
    UpdateThrottle throttle;

    @Override
    public ServiceRoute route() {
        ShadowSettings settings = throttle.settings();
        return ServiceRoute.builder("shadow")
                .filter("$aws/things/+/shadow/get")
                .filter("$aws/things/+/shadow/update")
                .filter("$aws/things/+/shadow/delete")
                .filter("$aws/things/+/shadow/name/+/get")
                .filter("$aws/things/+/shadow/name/+/update")
                .filter("$aws/things/+/shadow/name/+/delete")
                .lanes(settings.workerThreads())
                .inFlightPerKey(settings.maxInFlightPerConnection())
                .queueCapacity(100_000)
                .whenBusy(this::busy)
                .build();
    }

    @Override
    public void serve(ServiceRequest request, ServiceOutput output) {
        ShadowTopic.parse(request.topic()).ifPresent(topic -> serve(topic, request.payload(), output));
    }

    /** 429 for a connection over its in-flight maximum or a full queue, 500 while stopping; as AWS answers. */
    void busy(ServiceRequest request, BusyReply.Reason reason, ServiceOutput output) {
        ShadowTopic.parse(request.topic()).ifPresent(topic -> {
            Optional<String> token = clientToken(request.payload());
            JsonObject error = reason == BusyReply.Reason.STOPPED
                    ? ShadowError.internalFailure(token).toJson()
                    : ShadowError.tooManyRequests(token).toJson();
            output.publish(publisher.message(topic.rejected(), error));
        });
    }

    /** Serves one request and publishes what AWS publishes to the requester's topics. */
    void serve(ShadowTopic request, byte[] payload, ServiceOutput output) {
        Optional<String> problem = request.nameProblem();
        if (problem.isPresent()) {
            reply(
                    output,
                    request.rejected(),
                    ShadowError.badRequest(problem.get(), clientToken(payload)).toJson());
            return;
        }
        ShadowId id = new ShadowId(request.thingName(), request.shadowName());
        try {
            switch (request.operation()) {
                case GET -> {
                    switch (shadows.get(id, payload)) {
                        case GetOutcome.Accepted accepted -> reply(output, request.accepted(), accepted.document());
                        case Rejected rejected -> reply(output, request.rejected(), rejected.document());
                    }
                }
                case UPDATE -> {
                    if (shadows.update(id, payload) instanceof Rejected rejected) {
                        reply(output, request.rejected(), rejected.document());
                    }
                }
                case DELETE -> {
                    if (shadows.delete(id, payload) instanceof Rejected rejected) {
                        reply(output, request.rejected(), rejected.document());
                    }
                }
            }
        } catch (ShadowRequestException e) {
            reply(output, request.rejected(), e.error().toJson());
        } catch (IotException e) {
            ShadowErrorType type = typeOf(e);
            reply(
                    output,
                    request.rejected(),
                    ShadowError.of(type, e.getMessage(), clientToken(payload)).toJson());
        } catch (RuntimeException e) {
            LOG.errorf(e, "the shadow request on %s failed", request.topic());
            reply(
                    output,
                    request.rejected(),
                    ShadowError.internalFailure(clientToken(payload)).toJson());
        }
    }

    /** Publishes to every subscriber allowed to receive it: AWS sends shadow answers to all of them. */
    private void reply(ServiceOutput output, String topic, JsonObject document) {
        if (topic.endsWith("/rejected")) {
            output.rejected("code " + document.getInt("code", 0) + ": " + document.getString("message", ""));
        }
        output.publish(publisher.message(topic, document));
    }

    private static ShadowErrorType typeOf(IotException e) {
        for (ShadowErrorType type : ShadowErrorType.values()) {
            if (type.errorCode() == e.code()) {
                return type;
            }
        }
        return ShadowErrorType.INTERNAL_SERVER_ERROR;
    }

    /** The request's client token, to echo in an error document; empty when it has none or is not JSON. */
    private Optional<String> clientToken(byte[] payload) {
        try {
            return semantics.parseGetRequest(payload).clientToken();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
