package io.thingstead.gateway.api;

/**
 * What a {@link DeviceService} answers to a request the gateway did not queue because the service is saturated: AWS
 * answers 429 on the request's {@code /rejected} topic. Called on one of the gateway's worker threads, never on the
 * broker's; it must not block. The default ({@link #NONE}) answers nothing.
 */
@FunctionalInterface
public interface BusyReply {
    BusyReply NONE = (request, reason, output) -> {};

    /** Why a request was not queued. */
    enum Reason {
        /** The request's key already had {@link ServiceRoute#inFlightPerKey()} requests in flight. */
        IN_FLIGHT,
        /** The service's queue was full. */
        QUEUE_FULL,
        /** The service is stopping. */
        STOPPED
    }

    void onBusy(ServiceRequest request, Reason reason, ServiceOutput output);
}
