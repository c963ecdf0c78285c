package io.thingstead.defender.internal.detect;

import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import io.thingstead.defender.internal.Tx;
import io.thingstead.gateway.api.BusyReply;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.gateway.api.ServiceOutput;
import io.thingstead.gateway.api.ServiceRequest;
import io.thingstead.gateway.api.ServiceRoute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * Device-side metrics: the reports devices publish on {@code $aws/things/<thing>/defender/metrics/json} (or {@code
 * /cbor}) in AWS's format, answered on {@code .../accepted} or {@code .../rejected} (AWS's documents, in the report's
 * format) and handed to {@link DetectEngine}. A device service of the gateway: its own lane, off the MQTT path.
 */
@ApplicationScoped
public class DeviceMetricsService implements DeviceService {
    private static final JsonLimits LIMITS = new JsonLimits(128 * 1024, 16);

    @Inject
    DetectEngine engine;

    @Inject
    SecurityProfileService profiles;

    @Inject
    Tx tx;

    @Inject
    Clock clock;

    private volatile Map<String, String> customTypes = Map.of();
    private volatile long customTypesAt;

    @Override
    public ServiceRoute route() {
        return ServiceRoute.builder("defender")
                .filter("$aws/things/+/defender/metrics/json")
                .filter("$aws/things/+/defender/metrics/cbor")
                .key(ServiceRoute.Key.THING_IN_TOPIC)
                .lanes(1)
                .queueCapacity(10_000)
                .whenBusy(this::busy)
                .build();
    }

    void busy(ServiceRequest request, BusyReply.Reason reason, ServiceOutput output) {
        reply(request, output, false, "Throttled", "Too many reports in flight; send the next one later.");
    }

    @Override
    public void serve(ServiceRequest request, ServiceOutput output) {
        boolean cbor = request.topic().endsWith("/cbor");
        JsonValue document;
        try {
            document = cbor ? Cbor.decode(request.payload()) : JsonDocuments.read(request.payload(), LIMITS);
        } catch (Cbor.Malformed | RuntimeException e) {
            reply(request, output, false, "Malformed", "The report is not valid " + (cbor ? "CBOR" : "JSON") + ".");
            return;
        }
        if (document instanceof JsonObject object && !object.containsKey("header") && !object.containsKey("hed")) {
            reply(request, output, false, "MissingHeader", "The report has no header.");
            return;
        }
        MetricsReport report;
        try {
            report = MetricsReport.parse(document, customTypes());
        } catch (MetricsReport.Malformed e) {
            reply(request, output, false, "InvalidPayload", e.getMessage());
            return;
        }
        engine.report(request.levels().get(0), report);
        reply(request, output, true, null, null);
    }

    private Map<String, String> customTypes() {
        long now = System.nanoTime();
        if (now - customTypesAt > 10_000_000_000L) {
            customTypes = Map.copyOf(tx.call(profiles::customTypes));
            customTypesAt = now;
        }
        return customTypes;
    }

    private void reply(ServiceRequest request, ServiceOutput output, boolean accepted, String code, String message) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("thingName", request.levels().get(0))
                .add("status", accepted ? "ACCEPTED" : "REJECTED");
        if (!accepted) {
            output.rejected(code);
            json.add(
                    "statusDetails",
                    Json.createObjectBuilder().add("ErrorCode", code).add("ErrorMessage", message));
        }
        json.add("timestamp", clock.millis());
        boolean cbor = request.topic().endsWith("/cbor");
        JsonObject document = json.build();
        output.publish(OutboundMessage.builder(request.topic() + (accepted ? "/accepted" : "/rejected"))
                .payload(cbor ? cbor(document) : document.toString().getBytes(StandardCharsets.UTF_8))
                .qos(1)
                .build());
    }

    /** CBOR (RFC 8949) of an answer: maps, text strings and integers are all it holds. */
    static byte[] cbor(JsonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, JsonValue value) {
        switch (value) {
            case JsonObject object -> {
                head(out, 5, object.size());
                object.forEach((k, v) -> {
                    text(out, k);
                    write(out, v);
                });
            }
            case JsonString string -> text(out, string.getString());
            case JsonNumber number -> {
                long n = number.longValue();
                if (n >= 0) {
                    head(out, 0, n);
                } else {
                    head(out, 1, -1 - n);
                }
            }
            default -> throw new IllegalArgumentException("not in an answer: " + value.getValueType());
        }
    }

    private static void text(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        head(out, 3, bytes.length);
        out.writeBytes(bytes);
    }

    private static void head(ByteArrayOutputStream out, int major, long n) {
        int type = major << 5;
        if (n < 24) {
            out.write(type | (int) n);
        } else if (n < 0x100) {
            out.write(type | 24);
            out.write((int) n);
        } else if (n < 0x10000) {
            out.write(type | 25);
            out.write((int) (n >> 8));
            out.write((int) n);
        } else if (n < 0x100000000L) {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (n >> shift));
            }
        } else {
            out.write(type | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (n >> shift));
            }
        }
    }
}
