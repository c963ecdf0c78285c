package io.thingstead.gateway.api;

/**
 * A device-facing request/reply service over MQTT (Device Shadow, fleet provisioning, jobs, Device Defender metrics,
 * the rules engine's basic ingest): it declares the topics it serves in its {@link #route()} and the gateway hands it
 * every accepted PUBLISH on them. Implement it as an {@code @ApplicationScoped} CDI bean in the module that owns the
 * service; the gateway discovers every such bean when it starts and needs no change for a new one.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>A message reaches a service only after the gateway accepted it: the publisher is authenticated, the topic,
 *       size and reserved-topic rules hold and its policies allow {@code iot:Publish} on the topic. Every topic is
 *       served by at most one service; two services whose filters overlap stop the gateway from starting.
 *   <li>{@link #serve} runs on a thread of this service's own lanes, never on the broker's: messages with the same
 *       {@link ServiceRoute#key() key} (by default the client id) are served one at a time in the order they were
 *       published; different keys in parallel on {@link ServiceRoute#lanes()} threads. A service may block (a
 *       database transaction): it delays only its own lanes, never MQTT delivery nor another service.
 *   <li>A request counts as in flight from its arrival until {@code serve} returns. Beyond {@link
 *       ServiceRoute#inFlightPerKey()} in flight for one key, or when the service's queue is full, the gateway does not
 *       queue the request and calls the route's {@link BusyReply} instead (AWS answers such requests 429).
 *   <li>Answers go through the {@link ServiceOutput}: to the requester only, or to every authorized subscriber. An
 *       exception thrown by {@code serve} is logged and counted; the next request is served.
 *   <li>The gateway meters each service on {@code /metrics} ({@code thingstead_gateway_service_*_total{service=...}}):
 *       requests, replies, rejections by reason, failures, time spent serving, and the queue depth.
 * </ul>
 *
 * <p>New capabilities arrive as {@code default} methods here and on {@link ServiceOutput}, so existing services keep
 * compiling. To see every message rather than serve some topics, implement {@link MessageTap}.
 */
public interface DeviceService {
    /**
     * The topics this service serves and how the gateway queues them; read once when the gateway starts.
     */
    ServiceRoute route();

    /** Serves one request; see the interface's contract for the thread and ordering. */
    void serve(ServiceRequest request, ServiceOutput output);
}
