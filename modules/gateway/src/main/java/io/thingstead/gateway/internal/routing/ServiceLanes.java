package io.thingstead.gateway.internal.routing;

import io.thingstead.gateway.api.BusyReply;
import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.gateway.api.ServiceOutput;
import io.thingstead.gateway.api.ServiceRequest;
import io.thingstead.gateway.api.ServiceRoute;
import io.thingstead.gateway.api.TopicFilter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One device service's queue, lanes and in-flight bound: {@link #offer} never blocks (it runs on the broker's thread),
 * a request goes to the lane of its key on this service's own threads, and a saturated service gets its {@link
 * BusyReply} called instead. A service that stalls (a database lock) fills its own queue and is answered busy; the
 * broker, other services and MQTT delivery are not held up, because nothing waits for a lane but its own requests.
 */
public final class ServiceLanes {
    private static final Logger LOG = Logger.getLogger(ServiceLanes.class);

    private final DeviceService service;
    private final ServiceRoute route;
    private final ExecutorService threads;
    private final MessageDispatcher<Pending> dispatcher;
    private final InFlight inFlight;
    private final Executor workers;
    private final Publisher publisher;
    private final ServiceMeters meters;
    private volatile boolean stopped;

    private record Pending(String key, ServiceRequest request) {
        @Override
        public String toString() {
            return "request on " + request.topic();
        }
    }

    /**
     * @param threads this service's own threads, at least {@link ServiceRoute#lanes()} of them: every lane always has
     *     one
     * @param workers where busy replies run (the gateway's workers)
     */
    public ServiceLanes(
            DeviceService service,
            ServiceRoute route,
            ExecutorService threads,
            Executor workers,
            Publisher publisher,
            ServiceMeters meters) {
        this.service = service;
        this.route = route;
        this.threads = threads;
        this.workers = workers;
        this.publisher = publisher;
        this.meters = meters;
        this.inFlight = new InFlight(route.inFlightPerKey());
        this.dispatcher = new MessageDispatcher<>(route.lanes(), route.queueCapacity(), threads, this::serve, () -> {});
    }

    public ServiceRoute route() {
        return route;
    }

    public ServiceMeters meters() {
        return meters;
    }

    /** Requests queued and not yet served. */
    public int queued() {
        return dispatcher.backlog();
    }

    /** Queues a request for the service, or answers busy; never blocks. */
    public void offer(DeviceMessage message, TopicFilter filter, List<String> levels) {
        ServiceRequest request = new ServiceRequest(message, filter, levels);
        if (stopped) {
            busy(request, BusyReply.Reason.STOPPED);
            return;
        }
        String key = route.key().of(message);
        if (!inFlight.tryEnter(key)) {
            busy(request, BusyReply.Reason.IN_FLIGHT);
            return;
        }
        if (!dispatcher.dispatch(key, new Pending(key, request))) {
            inFlight.leave(key);
            busy(request, BusyReply.Reason.QUEUE_FULL);
            return;
        }
        meters.requested();
    }

    private void serve(Pending pending) {
        long start = System.nanoTime();
        try {
            service.serve(pending.request(), new Output(pending.request()));
        } catch (RuntimeException e) {
            meters.failed();
            LOG.errorf(
                    e,
                    "the device service %s failed on %s",
                    route.name(),
                    pending.request().topic());
        } finally {
            meters.served(System.nanoTime() - start);
            inFlight.leave(pending.key());
        }
    }

    private void busy(ServiceRequest request, BusyReply.Reason reason) {
        meters.busyFor(reason);
        try {
            workers.execute(() -> {
                try {
                    route.busyReply().onBusy(request, reason, new Output(request));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "the busy reply of the device service %s failed", route.name());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("no busy reply for %s: the gateway's workers refused it", request.topic());
        }
    }

    /** Stops taking requests; waits briefly for the ones being served. */
    public void stop() {
        stopped = true;
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        meters.close();
    }

    /** The output of one request: replies are counted, failures logged and never thrown. */
    private final class Output implements ServiceOutput {
        private final ServiceRequest request;

        Output(ServiceRequest request) {
            this.request = request;
        }

        @Override
        public CompletionStage<Boolean> replyToRequester(OutboundMessage reply) {
            if (request.message().clientId().isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            String clientId = request.message().clientId().get();
            return counted(reply, () -> publisher.publishToClient(reply, clientId));
        }

        @Override
        public CompletionStage<Void> publish(OutboundMessage message) {
            return counted(message, () -> publisher.publish(message));
        }

        @Override
        public void rejected(String reason) {
            meters.rejectedByService();
            LOG.debugf("the device service %s rejected a request on %s: %s", route.name(), request.topic(), reason);
        }

        private <T> CompletionStage<T> counted(
                OutboundMessage message, java.util.function.Supplier<CompletionStage<T>> send) {
            CompletionStage<T> sent;
            try {
                sent = send.get();
            } catch (RuntimeException e) {
                LOG.debugf(
                        "the device service %s could not publish on %s: %s",
                        route.name(), message.topic(), e.getMessage());
                return CompletableFuture.failedFuture(e);
            }
            return sent.whenComplete((value, failure) -> {
                if (failure == null) {
                    meters.replied();
                } else {
                    LOG.warnf(failure, "the device service %s could not publish on %s", route.name(), message.topic());
                }
            });
        }
    }
}
