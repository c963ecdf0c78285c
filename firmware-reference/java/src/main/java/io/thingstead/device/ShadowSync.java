package io.thingstead.device;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Keeps the device's state and its classic shadow in step (the device-state replica pattern): on connect it asks for
 * the shadow ({@code get}), applies whatever was desired while it was away ({@code state.delta}) and reports its whole
 * state; afterwards every {@code update/delta} is applied and reported back, so desired and reported meet and the
 * delta disappears. A report refused with 409 (version conflict) or any {@code get/rejected} other than 404 is answered
 * by asking for the shadow again; a 404 just means there is no shadow yet, and the first report creates it.
 *
 * <p>The state logic is plain code over JSON, so it is tested without a broker; {@link #attach} wires it to a session.
 */
public final class ShadowSync {
    private final String thingName;
    private final Optional<String> shadowName;
    private final Map<String, JsonValue> state = new LinkedHashMap<>();
    private final Consumer<Map<String, JsonValue>> applier;
    private long lastVersion;

    /**
     * @param initialState what the device is now (reported on connect)
     * @param applier applies desired values to the device (a lamp changes colour); called before they are reported
     */
    public ShadowSync(String thingName, Map<String, JsonValue> initialState, Consumer<Map<String, JsonValue>> applier) {
        this(thingName, Optional.empty(), initialState, applier);
    }

    /** The same for one of the thing's named shadows ({@code $aws/things/<thing>/shadow/name/<shadow>/...}). */
    public ShadowSync(
            String thingName,
            Optional<String> shadowName,
            Map<String, JsonValue> initialState,
            Consumer<Map<String, JsonValue>> applier) {
        this.thingName = thingName;
        this.shadowName = shadowName;
        this.state.putAll(initialState);
        this.applier = applier;
    }

    public String topic(String suffix) {
        return "$aws/things/" + thingName + "/shadow/"
                + shadowName.map(name -> "name/" + name + "/").orElse("") + suffix;
    }

    /** Subscribes to the shadow's response topics and asks for the shadow. */
    public void attach(MqttSession session) throws Exception {
        session.subscribe(topic("update/delta"), (t, body) -> publishQuietly(session, onDelta(parse(body))));
        session.subscribe(topic("get/accepted"), (t, body) -> publishQuietly(session, onGetAccepted(parse(body))));
        session.subscribe(topic("get/rejected"), (t, body) -> onRejected(parse(body), session));
        session.subscribe(topic("update/rejected"), (t, body) -> onRejected(parse(body), session));
        session.subscribe(topic("update/accepted"), (t, body) -> onAccepted(parse(body)));
        session.publish(topic("get"), getRequest());
    }

    String getRequest() {
        return Json.createObjectBuilder().add("clientToken", token()).build().toString();
    }

    /** The shadow as it is on connect: apply what was desired meanwhile, then report everything. */
    synchronized String onGetAccepted(JsonObject document) {
        lastVersion = document.getJsonNumber("version").longValue();
        Optional.ofNullable(document.getJsonObject("state"))
                .map(s -> s.getJsonObject("delta"))
                .ifPresent(this::apply);
        return report(state);
    }

    /** Something new is desired: apply it and report exactly what changed. */
    synchronized String onDelta(JsonObject delta) {
        lastVersion = delta.getJsonNumber("version").longValue();
        JsonObject changes = delta.getJsonObject("state");
        apply(changes);
        Map<String, JsonValue> reported = new LinkedHashMap<>();
        changes.keySet().forEach(key -> reported.put(key, state.get(key)));
        return report(reported);
    }

    synchronized void onAccepted(JsonObject accepted) {
        lastVersion = Math.max(lastVersion, accepted.getJsonNumber("version").longValue());
    }

    /** What to do with a rejection: ask again, except for a missing shadow, which the next report creates. */
    synchronized Optional<String> afterRejection(JsonObject error) {
        int code = error.getInt("code", 500);
        if (code == 404) {
            return Optional.of(report(state));
        }
        return Optional.of(getRequest());
    }

    public synchronized Map<String, JsonValue> state() {
        return Map.copyOf(state);
    }

    public synchronized long lastVersion() {
        return lastVersion;
    }

    private void apply(JsonObject desired) {
        Map<String, JsonValue> changes = new LinkedHashMap<>();
        desired.forEach((key, value) -> {
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                state.remove(key);
            } else {
                state.put(key, value);
            }
            changes.put(key, value);
        });
        applier.accept(changes);
    }

    private String report(Map<String, JsonValue> values) {
        var reported = Json.createObjectBuilder();
        values.forEach((key, value) -> reported.add(key, value == null ? JsonValue.NULL : value));
        return Json.createObjectBuilder()
                .add("state", Json.createObjectBuilder().add("reported", reported))
                .add("clientToken", token())
                .build()
                .toString();
    }

    private void onRejected(JsonObject error, MqttSession session) {
        Optional<String> next = afterRejection(error);
        next.ifPresent(payload -> {
            String topic = payload.contains("\"state\"") ? topic("update") : topic("get");
            publishQuietly(session, topic, payload);
        });
    }

    private void publishQuietly(MqttSession session, String report) {
        publishQuietly(session, topic("update"), report);
    }

    private static void publishQuietly(MqttSession session, String topic, String payload) {
        Thread.ofVirtual().start(() -> {
            try {
                session.publish(topic, payload);
            } catch (Exception e) {
                session.markLost("publish to " + topic + " failed: " + e.getMessage());
            }
        });
    }

    private static String token() {
        return UUID.randomUUID().toString().substring(0, 32);
    }

    private static JsonObject parse(byte[] body) {
        return Payloads.parse(body);
    }
}
