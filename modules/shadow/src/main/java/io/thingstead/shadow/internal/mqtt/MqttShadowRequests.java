package io.thingstead.shadow.internal.mqtt;

import io.thingstead.common.api.error.IotException;
import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.shadow.api.DeviceShadows;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.Rejected;
import io.thingstead.shadow.api.ShadowError;
import io.thingstead.shadow.api.ShadowErrorType;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowRequestException;
import io.thingstead.shadow.api.Shadows;
import io.thingstead.shadow.internal.ShadowSettings;
import io.thingstead.shadow.internal.UpdateThrottle;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The Device Shadow service on MQTT: serves the requests devices publish on {@code $aws/things/{thing}/shadow/...}
 * ({@link ShadowTopic}) with the same {@link Shadows} service as the REST data plane, and answers on {@code
 * /get/accepted} and every {@code /rejected} topic. Accepted updates and deletes are announced by {@link
 * ShadowChangePublisher} once committed.
 *
 * <p>The observer only picks out shadow topics, counts the connection's requests in flight (more than {@link
 * ShadowSettings#maxInFlightPerConnection()} are answered 429 at once, as AWS does) and hands the request to a lane:
 * the database work runs on the service's own threads, not on the gateway's. A connection's requests always go to
 * the same lane, so they are served in the order the device sent them.
 */
@ApplicationScoped
public class MqttShadowRequests {
    private static final Logger LOG = Logger.getLogger(MqttShadowRequests.class);

    @Inject
    Shadows shadows;

    @Inject
    DeviceShadows semantics;

    @Inject
    ShadowPublisher publisher;

    @Inject
    UpdateThrottle throttle;

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    ManagedThreadFactory threads;

    private ExecutorService[] lanes;
    private InFlight inFlight;

    @PostConstruct
    void init() {
        ShadowSettings settings = throttle.settings();
        inFlight = new InFlight(settings.maxInFlightPerConnection());
        lanes = new ExecutorService[settings.workerThreads()];
        for (int i = 0; i < lanes.length; i++) {
            // unbounded queue: what waits is bounded by the in-flight maximum per connection
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
        }
    }

    @PreDestroy
    void stop() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }

    void onMessage(@Observes DeviceMessage message) {
        Optional<ShadowTopic> parsed = ShadowTopic.parse(message.topic());
        if (parsed.isEmpty()) {
            return;
        }
        ShadowTopic request = parsed.get();
        String key = message.clientId().map(id -> "c:" + id).orElse("p:" + message.principal());
        if (!inFlight.tryEnter(key)) {
            publisher.publish(
                    request.rejected(),
                    ShadowError.tooManyRequests(clientToken(message.payload())).toJson());
            return;
        }
        try {
            lanes[Math.floorMod(key.hashCode(), lanes.length)].execute(() -> {
                try {
                    serve(request, message.payload());
                } finally {
                    inFlight.leave(key);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.leave(key);
            publisher.publish(
                    request.rejected(),
                    ShadowError.internalFailure(clientToken(message.payload())).toJson());
        }
    }

    /** Serves one request and publishes what AWS publishes to the requester's topics. */
    void serve(ShadowTopic request, byte[] payload) {
        Optional<String> problem = request.nameProblem();
        if (problem.isPresent()) {
            publisher.publish(
                    request.rejected(),
                    ShadowError.badRequest(problem.get(), clientToken(payload)).toJson());
            return;
        }
        ShadowId id = new ShadowId(request.thingName(), request.shadowName());
        try {
            switch (request.operation()) {
                case GET -> {
                    switch (shadows.get(id, payload)) {
                        case GetOutcome.Accepted accepted -> publisher.publish(request.accepted(), accepted.document());
                        case Rejected rejected -> publisher.publish(request.rejected(), rejected.document());
                    }
                }
                case UPDATE -> {
                    if (shadows.update(id, payload) instanceof Rejected rejected) {
                        publisher.publish(request.rejected(), rejected.document());
                    }
                }
                case DELETE -> {
                    if (shadows.delete(id, payload) instanceof Rejected rejected) {
                        publisher.publish(request.rejected(), rejected.document());
                    }
                }
            }
        } catch (ShadowRequestException e) {
            publisher.publish(request.rejected(), e.error().toJson());
        } catch (IotException e) {
            ShadowErrorType type = typeOf(e);
            publisher.publish(
                    request.rejected(),
                    ShadowError.of(type, e.getMessage(), clientToken(payload)).toJson());
        } catch (RuntimeException e) {
            LOG.errorf(e, "the shadow request on %s failed", request.topic());
            publisher.publish(
                    request.rejected(),
                    ShadowError.internalFailure(clientToken(payload)).toJson());
        }
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
