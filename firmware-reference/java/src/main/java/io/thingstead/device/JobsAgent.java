package io.thingstead.device;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The device's side of AWS IoT Jobs, on the topics the Device SDK's {@code IotJobsClient} uses: it asks for its next
 * job on connect ({@code start-next}), is told of new ones ({@code notify-next}), runs one job at a time on its own
 * thread (never on the MQTT callback thread), and reports each step on {@code <jobId>/update}.
 *
 * <p>Two kinds of job documents:
 *
 * <ul>
 *   <li>{@code {"operation": "command", "command": "ping"|"echo", "value": ...}}: a generic command, answered
 *       SUCCEEDED with its result in {@code statusDetails}; an unknown command or operation is REJECTED with a reason.
 *   <li>{@code {"operation": "ota", "version", "url", "size", "sha256", "signature", "certificate"}}: a firmware
 *       update. Download over HTTPS with resume ({@link FirmwareDownloader}), then {@link FirmwareVerifier} (the
 *       certificate chains to the device's root CA and is for code signing; size, SHA-256 and ECDSA signature) —
 *       a refused image is reported FAILED and nothing is installed; then install into the inactive slot ({@link
 *       FirmwareSlots}), report IN_PROGRESS {@code step=rebooting} and restart. After the restart the new image's
 *       self-test decides: SUCCEEDED, or FAILED after a rollback.
 * </ul>
 */
public final class JobsAgent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobsAgent.class.getName());
    private static final int DOWNLOAD_ATTEMPTS = 4;

    private final String thing;
    private final String prefix;
    private final FirmwareSlots slots;
    private final FirmwareVerifier verifier;
    private final FirmwareDownloader downloader;
    private final Runnable reboot;
    private final ExecutorService worker;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Map<String, LinkedBlockingQueue<JsonObject>> answers = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private volatile MqttSession session;

    /**
     * @param reboot restarts the device (a real device resets; the reference program reconnects after a new boot)
     */
    public JobsAgent(
            String thing,
            FirmwareSlots slots,
            FirmwareVerifier verifier,
            FirmwareDownloader downloader,
            Runnable reboot) {
        this.thing = thing;
        this.prefix = "$aws/things/" + thing + "/jobs";
        this.slots = slots;
        this.verifier = verifier;
        this.downloader = downloader;
        this.reboot = reboot;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "jobs-" + thing);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Subscribes, reports what the last boot owes the platform, and asks for the next job. */
    public void attach(MqttSession session) throws Exception {
        this.session = session;
        session.subscribe(prefix + "/notify-next", (t, body) -> onNotify(parse(body)));
        session.subscribe(prefix + "/start-next/accepted", (t, body) -> onStartNext(parse(body)));
        session.subscribe(prefix + "/start-next/rejected", (t, body) -> {
            LOG.warning(thing + ": start-next rejected: " + new String(body, StandardCharsets.UTF_8));
            busy.set(false);
        });
        session.subscribe(prefix + "/+/update/accepted", (t, body) -> answer(t, parse(body), true));
        session.subscribe(prefix + "/+/update/rejected", (t, body) -> answer(t, parse(body), false));
        worker.execute(() -> {
            try {
                reportOwed();
                startNext();
            } catch (Exception e) {
                LOG.log(Level.WARNING, thing + ": could not report or ask for jobs", e);
                session.markLost("jobs: " + e.getMessage());
            }
        });
    }

    /** Jobs this device started (their ids, in order): what a test checks after an abort. */
    public List<String> started() {
        return List.copyOf(started);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private void onNotify(JsonObject notification) {
        if (notification.containsKey("execution") && busy.compareAndSet(false, true)) {
            worker.execute(() -> {
                try {
                    session.publish(prefix + "/start-next", "{\"clientToken\":\"" + token() + "\"}");
                } catch (Exception e) {
                    busy.set(false);
                    session.markLost("start-next: " + e.getMessage());
                }
            });
        }
    }

    private void startNext() throws Exception {
        busy.set(true);
        session.publish(prefix + "/start-next", "{\"clientToken\":\"" + token() + "\"}");
    }

    private void onStartNext(JsonObject answer) {
        if (!(answer.get("execution") instanceof JsonObject execution)) {
            busy.set(false); // nothing to do
            return;
        }
        worker.execute(() -> {
            try {
                run(execution);
            } catch (Exception e) {
                LOG.log(Level.WARNING, thing + ": job " + execution.getString("jobId", "?") + " failed", e);
                busy.set(false);
            }
        });
    }

    private void run(JsonObject execution) throws Exception {
        String jobId = execution.getString("jobId");
        started.add(jobId);
        JsonObject document = execution.getJsonObject("jobDocument");
        String operation = document == null ? "" : document.getString("operation", "");
        switch (operation) {
            case "ota" -> {
                if (!update(jobId, document)) {
                    return; // the device restarts; the next boot reports
                }
            }
            case "command" -> command(jobId, document);
            default -> finish(jobId, "REJECTED", Map.of("reason", "unsupported operation '" + operation + "'"));
        }
        startNext();
    }

    private void command(String jobId, JsonObject document) throws Exception {
        String command = document.getString("command", "");
        switch (command) {
            case "ping" -> finish(jobId, "SUCCEEDED", Map.of("result", "pong"));
            case "echo" -> finish(jobId, "SUCCEEDED", Map.of("result", String.valueOf(document.get("value"))));
            default -> finish(jobId, "REJECTED", Map.of("reason", "unknown command '" + command + "'"));
        }
    }

    /** Runs an OTA job up to the restart; false when the device is restarting into the new image. */
    private boolean update(String jobId, JsonObject document) throws Exception {
        String version = document.getString("version", "unknown");
        JsonObject going = report(jobId, "IN_PROGRESS", Map.of("step", "downloading", "version", version));
        if (going != null && going.containsKey("code")) {
            busy.set(false); // canceled meanwhile (an abort): nothing is downloaded
            return true;
        }
        FirmwareVerifier.Expected expected;
        URI url;
        try {
            url = URI.create(document.getString("url"));
            expected = new FirmwareVerifier.Expected(
                    number(document.get("size")),
                    document.getString("sha256"),
                    document.getString("signature"),
                    document.getString("certificate"));
        } catch (RuntimeException e) {
            finish(jobId, "REJECTED", Map.of("reason", "the OTA document is incomplete: " + e.getMessage()));
            return true;
        }
        var partial = slots.downloadFile();
        Files.deleteIfExists(partial); // a partial file of another job is not this image
        IOException last = null;
        for (int attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
            try {
                downloader.download(url, expected.size(), partial);
                last = null;
                break;
            } catch (IOException e) {
                last = e;
                Thread.sleep(500L * attempt); // the next attempt resumes from what arrived
            }
        }
        if (last != null) {
            Files.deleteIfExists(partial);
            finish(jobId, "FAILED", Map.of("reason", "download", "message", clip(last.getMessage())));
            return true;
        }
        try {
            verifier.verify(partial, expected);
        } catch (FirmwareVerifier.Refused refused) {
            Files.deleteIfExists(partial);
            LOG.warning(thing + ": refused the image of job " + jobId + ": " + refused.getMessage());
            finish(jobId, "FAILED", Map.of("reason", refused.reason(), "message", clip(refused.getMessage())));
            return true;
        }
        slots.install(partial, version, jobId);
        Files.deleteIfExists(partial);
        report(jobId, "IN_PROGRESS", Map.of("step", "rebooting", "version", version));
        Thread restart = new Thread(reboot, "reboot-" + thing);
        restart.start();
        return false;
    }

    /** After a boot that ended a trial: the SUCCEEDED or FAILED the platform is owed. */
    private void reportOwed() throws Exception {
        Optional<FirmwareSlots.Report> owed = slots.owed();
        if (owed.isEmpty()) {
            return;
        }
        FirmwareSlots.Report report = owed.get();
        Map<String, String> details = report.succeeded()
                ? Map.of("version", report.version())
                : Map.of("reason", "rollback", "message", clip(report.reason()), "version", report.version());
        JsonObject answer = finish(report.jobId(), report.succeeded() ? "SUCCEEDED" : "FAILED", details);
        if (answer != null) {
            slots.reported(); // accepted, or refused for good (the job was canceled meanwhile)
        }
    }

    private JsonObject finish(String jobId, String status, Map<String, String> details) throws Exception {
        JsonObject answer = report(jobId, status, details);
        busy.set(false);
        return answer;
    }

    /** Publishes an update and waits for its answer (20 s); null when none came. */
    private JsonObject report(String jobId, String status, Map<String, String> details) throws Exception {
        JsonObjectBuilder statusDetails = Json.createObjectBuilder();
        details.forEach(statusDetails::add);
        String token = token();
        LinkedBlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
        answers.put(token, queue);
        try {
            session.publish(
                    prefix + "/" + jobId + "/update",
                    Json.createObjectBuilder()
                            .add("status", status)
                            .add("statusDetails", statusDetails)
                            .add("clientToken", token)
                            .build()
                            .toString());
            JsonObject answer = queue.poll(20, TimeUnit.SECONDS);
            if (answer != null && answer.containsKey("code")) {
                LOG.warning(thing + ": update of " + jobId + " to " + status + " refused: " + answer);
            }
            return answer;
        } finally {
            answers.remove(token);
        }
    }

    private void answer(String topic, JsonObject answer, boolean accepted) {
        if (answer.get("clientToken") instanceof JsonString token) {
            LinkedBlockingQueue<JsonObject> queue = answers.get(token.getString());
            if (queue != null) {
                queue.add(answer);
            }
        }
    }

    private static long number(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.longValueExact();
        }
        if (value instanceof JsonString text) {
            return Long.parseLong(text.getString());
        }
        throw new IllegalArgumentException("size is missing");
    }

    private static String clip(String message) {
        String text = message == null ? "" : message.replaceAll("\\p{Cntrl}", " ");
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    private static JsonObject parse(byte[] body) {
        try (var reader = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }
}
