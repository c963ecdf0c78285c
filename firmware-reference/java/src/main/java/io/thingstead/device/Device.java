package io.thingstead.device;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;

/**
 * The Thingstead reference device: a small program that behaves as AWS IoT's IoT Lens asks a device to behave.
 *
 * <ol>
 *   <li><b>Time</b>: TLS certificates are only valid within their validity period, so the device waits (with
 *       backoff) until its clock looks synchronised (NTP) before it connects; here "looks synchronised" means a year
 *       after 2024.
 *   <li><b>Identity</b>: on first boot it provisions itself by claim (keys made on the device, CSR path) and stores
 *       its own certificate and key (0600) in the state directory; later boots use them.
 *   <li><b>Connection</b>: MQTT 5 over mutual TLS with a persistent session, client id = thing name; after a failure
 *       it retries with exponential backoff and full jitter (1 s to 2 minutes).
 *   <li><b>Telemetry</b> on {@code dt/<thing>/telemetry} (data topics apart from command topics), every reading first
 *       written to a durable on-disk buffer (bounded, oldest dropped), sent in order with QoS 1, removed only after
 *       the PUBACK — so readings taken while offline arrive, in order, after the connection comes back.
 *   <li><b>Shadow</b>: reports its state on connect, applies desired changes ({@code delta}) and reports them back.
 * </ol>
 *
 * Run: {@code java -cp "reference-device.jar:$(cat classpath.txt)" io.thingstead.device.Device device.properties}.
 */
public final class Device {
    private static final Logger LOG = Logger.getLogger(Device.class.getName());

    private final DeviceConfig config;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, JsonValue> settings = new LinkedHashMap<>();
    /** The named shadow through which the platform tells the device its owner (docs/portal.md, "Pairing"). */
    static final String PAIRING_SHADOW = "pairing";

    public Device(DeviceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        settings.put("color", Json.createValue("off"));
        settings.put(
                "telemetryIntervalSeconds",
                Json.createValue(config.telemetryInterval().toSeconds()));
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "device.properties");
        Device device = new Device(DeviceConfig.load(file, System.getenv()), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(device::stop));
        device.run();
    }

    public void stop() {
        running.set(false);
    }

    public void run() throws Exception {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), new SecureRandom());
        waitForTime(backoff);
        FleetProvisioner.Identity identity = identity(backoff);
        LOG.info(() -> "I am " + identity.thingName());
        String rootCa = Files.readString(config.rootCa());
        SSLSocketFactory tls = Credentials.socketFactory(identity.certificatePem(), identity.privateKeyPem(), rootCa);

        TelemetryBuffer buffer = new TelemetryBuffer(config.stateDir().resolve("telemetry"), config.bufferCapacity());
        ScheduledExecutorService sensor = Executors.newSingleThreadScheduledExecutor();
        String telemetryTopic = "dt/" + identity.thingName() + "/telemetry";
        sensor.scheduleAtFixedRate(
                () -> buffer.append(telemetryTopic, sequence -> reading(sequence)),
                0,
                config.telemetryInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            while (running.get()) {
                try (MqttSession session = MqttSession.connect(config.serverUri(), identity.thingName(), tls, true)) {
                    backoff.reset();
                    LOG.info("connected; " + buffer.size() + " readings buffered, " + buffer.dropped() + " dropped");
                    new ShadowSync(identity.thingName(), settings, this::applySettings).attach(session);
                    new ShadowSync(
                                    identity.thingName(),
                                    Optional.of(PAIRING_SHADOW),
                                    Map.of("owner", Json.createValue(owner())),
                                    this::applyOwner)
                            .attach(session);
                    drain(session, buffer);
                } catch (Exception e) {
                    Duration wait = backoff.next();
                    LOG.warning("connection failed or lost (" + e.getMessage() + "); retrying in " + wait);
                    sleep(wait);
                }
            }
        } finally {
            sensor.shutdownNow();
        }
    }

    /** Sends buffered readings in order, one at a time, each removed only after its PUBACK. */
    private void drain(MqttSession session, TelemetryBuffer buffer) throws Exception {
        while (running.get()) {
            if (session.lost().isDone()) {
                throw new IllegalStateException(session.lost().getNow("connection lost"));
            }
            List<TelemetryBuffer.Message> next = buffer.peek(1);
            if (next.isEmpty()) {
                Thread.sleep(50);
                continue;
            }
            TelemetryBuffer.Message message = next.getFirst();
            session.publish(message.topic(), message.payload());
            buffer.acknowledge(message.sequence());
        }
    }

    private byte[] reading(long sequence) {
        double temperature = 20 + 5 * Math.sin(sequence / 10.0);
        return Json.createObjectBuilder()
                .add("sequence", sequence)
                .add("timestamp", clock.millis())
                .add("temperature", Math.round(temperature * 10) / 10.0)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The platform says who owns the device ({@code desired.owner} of the {@value #PAIRING_SHADOW} shadow, the owner's
     * identity id, empty when nobody does). A real device would, for example, forget the previous owner's
     * preferences; this one remembers the owner and says so.
     */
    private synchronized void applyOwner(Map<String, JsonValue> changes) {
        JsonValue owner = changes.get("owner");
        if (owner == null) {
            return;
        }
        String identityId =
                owner.getValueType() == JsonValue.ValueType.STRING ? ((jakarta.json.JsonString) owner).getString() : "";
        try {
            Credentials.writePrivate(config.stateDir().resolve("owner"), identityId + "\n");
        } catch (RuntimeException e) {
            LOG.warning("could not store the owner: " + e.getMessage());
        }
        LOG.info(identityId.isEmpty() ? "I have no owner now" : "I am owned by " + identityId);
    }

    /** The owner this device last heard of (empty: none). */
    public String owner() {
        try {
            Path file = config.stateDir().resolve("owner");
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private synchronized void applySettings(Map<String, JsonValue> changes) {
        settings.putAll(changes);
        LOG.info(() -> "applied " + changes);
    }

    private FleetProvisioner.Identity identity(Backoff backoff) throws Exception {
        Path certificate = config.stateDir().resolve("device.pem");
        Path key = config.stateDir().resolve("device.key");
        Path thing = config.stateDir().resolve("thing-name");
        Path pairingCode = config.stateDir().resolve("pairing-code");
        if (Files.exists(certificate) && Files.exists(key) && Files.exists(thing)) {
            return new FleetProvisioner.Identity(
                    Files.readString(thing).trim(), Files.readString(certificate), Files.readString(key));
        }
        SSLSocketFactory claim = Credentials.socketFactory(
                Files.readString(config.claimCertificate()),
                Files.readString(config.claimKey()),
                Files.readString(config.rootCa()));
        while (true) {
            try {
                FleetProvisioner.Identity identity = new FleetProvisioner(config).provision(claim);
                Credentials.writePrivate(key, identity.privateKeyPem());
                Credentials.writePrivate(certificate, identity.certificatePem());
                Credentials.writePrivate(thing, identity.thingName() + "\n");
                if (identity.pairingCode().isPresent()) {
                    // a real device shows it on its display or a printed label (as text and as a QR code)
                    Credentials.writePrivate(pairingCode, identity.pairingCode().get() + "\n");
                    LOG.info("pairing code for my owner: "
                            + identity.pairingCode().get()
                            + " (enter it, or scan its QR code, in the Thingstead portal under Pair a device)");
                }
                backoff.reset();
                return identity;
            } catch (Exception e) {
                Duration wait = backoff.next();
                LOG.warning("provisioning failed (" + e.getMessage() + "); retrying in " + wait);
                sleep(wait);
            }
        }
    }

    private void waitForTime(Backoff backoff) {
        while (ZonedDateTime.ofInstant(Instant.now(clock), clock.getZone()).getYear() < 2025) {
            Duration wait = backoff.next();
            LOG.warning("the clock says " + Instant.now(clock) + "; waiting " + wait + " for time synchronisation");
            sleep(wait);
        }
        backoff.reset();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
