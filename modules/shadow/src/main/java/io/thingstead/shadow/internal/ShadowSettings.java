package io.thingstead.shadow.internal;

import java.util.Optional;
import java.util.function.Function;

/**
 * The Device Shadow service's settings, read from MicroProfile Config ({@code thingstead.shadow.*} system properties
 * or the environment variables {@code THINGSTEAD_SHADOW_*}). Every value is checked; an invalid one fails with a
 * message naming the setting.
 *
 * @param updatesPerSecondPerThing accepted update and delete requests per second per thing, over all its shadows and
 *     both the MQTT topics and the REST data plane (AWS: 20 requests per second per thing); 0 for no limit. Over the
 *     limit a request is answered 429 ({@code ThrottlingException} on REST).
 * @param maxInFlightPerConnection shadow requests of one MQTT connection (or one HTTPS caller publishing to shadow
 *     topics) received and not yet answered; another one is answered 429 at once (AWS: 10)
 * @param workerThreads threads that run the MQTT shadow requests (each connection's requests in order)
 * @param responseQos the QoS of the documents the service publishes (1, so that an offline device with a persistent
 *     session and a QoS 1 subscription gets its delta when it comes back; a QoS 0 subscriber gets them at QoS 0)
 */
public record ShadowSettings(
        int updatesPerSecondPerThing, int maxInFlightPerConnection, int workerThreads, int responseQos) {
    static final String PREFIX = "thingstead.shadow.";

    public static final ShadowSettings DEFAULTS = new ShadowSettings(20, 10, 8, 1);

    /**
     * @param config a MicroProfile Config lookup: the value of a property name, or empty
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public static ShadowSettings from(Function<String, Optional<String>> config) {
        return new ShadowSettings(
                integer(config, "updates-per-second-per-thing", DEFAULTS.updatesPerSecondPerThing, 0, 1_000_000),
                integer(config, "max-in-flight-per-connection", DEFAULTS.maxInFlightPerConnection, 1, 100_000),
                integer(config, "worker-threads", DEFAULTS.workerThreads, 1, 256),
                integer(config, "response-qos", DEFAULTS.responseQos, 0, 1));
    }

    private static int integer(Function<String, Optional<String>> config, String key, int fallback, int min, int max) {
        String name = PREFIX + key;
        Optional<String> value = config.apply(name).map(String::strip).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value.get(), e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }
}
