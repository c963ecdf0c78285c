package io.thingstead.gateway.internal;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thingstead.common.api.health.Readiness;
import io.thingstead.gateway.api.DeviceService;
import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.MessageTap;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.gateway.internal.activity.ActivityRecorder;
import io.thingstead.gateway.internal.admission.Admission;
import io.thingstead.gateway.internal.admission.ConnectionWatch;
import io.thingstead.gateway.internal.authorization.PublishRules;
import io.thingstead.gateway.internal.authorization.SubscribeRules;
import io.thingstead.gateway.internal.config.BrokerConfig;
import io.thingstead.gateway.internal.config.GatewaySettings;
import io.thingstead.gateway.internal.config.NativeCrypto;
import io.thingstead.gateway.internal.config.SocketBindings;
import io.thingstead.gateway.internal.config.TlsFiles;
import io.thingstead.gateway.internal.lifecycle.Lifecycle;
import io.thingstead.gateway.internal.lifecycle.PlatformSink;
import io.thingstead.gateway.internal.routing.InboundOverload;
import io.thingstead.gateway.internal.routing.MessageDispatcher;
import io.thingstead.gateway.internal.routing.Publisher;
import io.thingstead.gateway.internal.routing.ReadGovernor;
import io.thingstead.gateway.internal.routing.ServiceLanes;
import io.thingstead.gateway.internal.routing.ServiceMeters;
import io.thingstead.gateway.internal.routing.ServiceRouter;
import io.thingstead.migrations.api.SchemaReady;
import io.thingstead.pki.api.GatewayTrust;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Starts the embedded HiveMQ broker once the schema is ready and the PKI has its CAs and the gateway's server
 * certificate (ADR 0007), and stops it when the application stops. On the way up it validates the settings (HiveMQ
 * exits the JVM on some configuration errors), writes the key store, trust store and {@code config.xml} under the
 * server's data directory, keeps WildFly's uncaught-exception handler, denies unauthenticated connections even if the
 * extension failed, and checks afterwards that exactly the configured listeners are up. A failed start is logged and
 * retried every 30 seconds; the rest of the platform runs regardless.
 */
@ApplicationScoped
public class GatewayBroker {
    private static final Logger LOG = Logger.getLogger(GatewayBroker.class);
    private static final long RETRY_SECONDS = 30;
    private static final long START_TIMEOUT_SECONDS = 120;

    @Inject
    Config config;

    @Inject
    GatewayTrust trust;

    @Inject
    Admission admission;

    @Inject
    PlatformSink sink;

    @Inject
    ConnectionWatch watch;

    @Inject
    Instance<MeterRegistry> registries;

    @Inject
    Instance<DeviceService> deviceServices;

    @Inject
    Instance<MessageTap> messageTaps;

    @Inject
    Gateway gateway;

    @Inject
    ActivityRecorder activity;

    @Inject
    Clock clock;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/thingstead-gateway")
    ManagedExecutorService workers;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    ManagedThreadFactory threadFactory;

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private EmbeddedHiveMQ hivemq;
    private TlsFiles tlsFiles;
    private GatewayMetrics metrics;
    private volatile GatewayCore core;
    private ServiceRouter router;
    private volatile GatewaySettings settings;
    private volatile com.codahale.metrics.Counter droppedCounter;
    private volatile com.codahale.metrics.Counter outgoingPublishCounter;
    private volatile ReadGovernor governor;
    private ScheduledExecutorService governorThread;
    private boolean started;
    private boolean stopped;
    /** When start() first found the server still booting (System.nanoTime), or 0. */
    private long bootWaitStarted;
    /** How long the gateway waits for the end of the server's boot to read the socket bindings. */
    private static final int BOOT_WAIT_SECONDS = 120;

    private volatile Readiness readiness = Readiness.starting("the gateway starts once the database schema is ready");

    public void onSchemaReady(
            @Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 900) SchemaReady ready) {
        start();
    }

    /** The running gateway, or empty while the broker is not running. */
    public Optional<GatewayCore> core() {
        return Optional.ofNullable(core);
    }

    public Optional<GatewaySettings> settings() {
        return Optional.ofNullable(settings);
    }

    /** Whether the gateway's listeners are bound, and if not, why. */
    Readiness readiness() {
        return readiness;
    }

    public synchronized void start() {
        if (started || stopped) {
            return;
        }
        GatewaySettings current;
        SocketBindings bindings = SocketBindings.ofServer();
        if (bindings.modelNotReadableYet()) {
            long now = System.nanoTime();
            if (bootWaitStarted == 0) {
                bootWaitStarted = now;
            }
            if (now - bootWaitStarted < TimeUnit.SECONDS.toNanos(BOOT_WAIT_SECONDS)) {
                readiness = Readiness.starting("the gateway reads its ports from the server's socket bindings once the"
                        + " server has booted");
                tasks.add(scheduler.schedule(this::start, 1, TimeUnit.SECONDS));
                return;
            }
            LOG.warnf(
                    "The server's management model is still not readable after %d s; the device gateway's ports come"
                            + " from its settings",
                    BOOT_WAIT_SECONDS);
        }
        try {
            current = GatewaySettings.from(bindings.over(name -> config.getOptionalValue(name, String.class)));
            LOG.infof("The device gateway's ports come from the %s", bindings.describe());
        } catch (IllegalArgumentException e) {
            LOG.errorf("The device gateway is not started: %s", e.getMessage());
            readiness =
                    Readiness.failed("the device gateway is not started: its settings are wrong: " + e.getMessage());
            return;
        }
        settings = current;
        if (!current.enabled()) {
            LOG.info("The device gateway is disabled (thingstead.gateway.enabled=false)");
            started = true;
            readiness = Readiness.up(Map.of("enabled", "false"));
            return;
        }
        String listeners = listeners(current);
        try {
            long t0 = System.nanoTime();
            startBroker(current);
            started = true;
            LOG.infof(
                    "Device gateway started in %d ms: MQTT over TLS on %s:%d (client certificates required, %s)%s",
                    (System.nanoTime() - t0) / 1_000_000,
                    current.bindAddress(),
                    current.port(),
                    String.join(", ", current.tlsProtocols()),
                    current.plainEnabled()
                            ? ", plain MQTT on 127.0.0.1:" + current.plainPort() + " (development)"
                            : "");
            schedule(current);
            readiness = Readiness.up(Map.of("listeners", listeners));
        } catch (Exception e) {
            String reason = "the device gateway is not listening on " + listeners + ": " + e.getMessage()
                    + "; retrying every " + RETRY_SECONDS + " s";
            if (!reason.equals(readiness.reason())) {
                LOG.errorf(e, "The device gateway could not start; retrying in %d s", RETRY_SECONDS);
            } else {
                LOG.debugf(e, "The device gateway could not start; retrying in %d s", RETRY_SECONDS);
            }
            readiness = Readiness.failed(reason);
            stopBroker();
            tasks.add(scheduler.schedule(this::start, RETRY_SECONDS, TimeUnit.SECONDS));
        }
    }

    private void startBroker(GatewaySettings current) throws Exception {
        Path home = Path.of(config.getOptionalValue("jboss.server.data.dir", String.class)
                        .orElse(System.getProperty("java.io.tmpdir")))
                .resolve("thingstead")
                .resolve("gateway");
        Path conf = home.resolve("conf");
        // HiveMQ's data folder: with file persistence (ADR 0012) it holds the persistent sessions, their queued
        // messages and the retained messages, and is what an operator backs up (docs/operations.md)
        Path data = current.dataFolder().map(Path::of).orElse(home.resolve("data"));
        Path extensions = home.resolve("extensions");
        Path tls = home.resolve("tls");
        for (Path dir : List.of(home, conf, data, extensions, tls)) {
            Files.createDirectories(dir);
        }
        LOG.infof(
                "The device gateway keeps sessions and retained messages %s",
                current.filePersistence()
                        ? "in files under " + data + " (thingstead.gateway.persistence=file)"
                        : "in memory only: they are lost when the server stops (thingstead.gateway.persistence=in-memory)");
        String password = randomPassword();
        tlsFiles = new TlsFiles(tls.resolve("gateway-keystore.p12"), tls.resolve("gateway-truststore.p12"), password);
        refreshTrust();
        BrokerConfig brokerConfig = new BrokerConfig(current, tlsFiles.keystore(), tlsFiles.truststore(), password);
        // HiveMQ only logs a listener it cannot bind and starts anyway: refuse to start instead (and retry later)
        for (BrokerConfig.ExpectedListener listener : brokerConfig.expectedListeners()) {
            if (!portIsFree(listener.bindAddress(), listener.port())) {
                throw new IllegalStateException("the port " + listener.port() + " on " + listener.bindAddress()
                        + " for the listener " + listener.name() + " is in use by another process");
            }
        }
        Path configXml = conf.resolve("config.xml");
        Files.writeString(configXml, "", StandardCharsets.UTF_8);
        TlsFiles.restrictToOwner(configXml);
        Files.writeString(configXml, brokerConfig.xml(), StandardCharsets.UTF_8);

        // WildFly's micrometer subsystem registers a MeterRegistry bean for each deployment unit of the EAR (the EAR
        // and every WAR): all of them write to the server's Prometheus registry, so any one will do
        MeterRegistry registry = registries.isResolvable()
                ? registries.get()
                : registries.stream().findFirst().orElse(null);
        if (registry == null) {
            LOG.warn(
                    "no Micrometer registry (is the micrometer subsystem configured?): gateway metrics are not exported");
            registry = new SimpleMeterRegistry();
        }
        if (current.tlsNativeCrypto()) {
            NativeCrypto.install();
        }
        Connections connections = new Connections(clock.millis() * 1000);
        activity.attach(connections);
        metrics = new GatewayMetrics(
                registry,
                connections::count,
                () -> connections.all().stream()
                        .filter(c ->
                                c.deliveryGuard().map(DeliveryGuard::active).orElse(false))
                        .count(),
                this::brokerDrops,
                () -> governor == null ? 0 : governor.paused() ? 1 : 0,
                () -> governor == null ? 0 : governor.queuedTasks());
        ServiceRouter router = router(registry);
        this.router = router;
        CompletableFuture<GatewayCore> ready = new CompletableFuture<>();
        GatewayMetrics meters = metrics;
        EmbeddedExtension extension = EmbeddedExtension.builder()
                .withId("thingstead-gateway")
                .withName("Thingstead device gateway")
                .withVersion("1")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new ThingsteadExtension(
                        broker -> buildCore(current, connections, meters, broker, router), ready::complete))
                .build();

        // HiveMQ replaces the JVM-wide default uncaught-exception handler with one that may call System.exit:
        // keep WildFly's. build() asks OSHI for the core count, which starts JNA's never-ending cleaner thread: it
        // must not inherit (and pin) this deployment's class loader, so it gets the OSHI module's.
        Thread.UncaughtExceptionHandler wildfly = Thread.getDefaultUncaughtExceptionHandler();
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(Class.forName("oshi.SystemInfo").getClassLoader());
            // $aws/... topics are AWS IoT's reserved topics: the gateway decides who may use them
            InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.set(true);
            InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = current.inflightMaximum();
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withEmbeddedExtension(extension)
                    .withoutLoggingBootstrap()
                    .build();
        } finally {
            thread.setContextClassLoader(context);
        }
        // the embedded builder admits everybody when no authenticator is registered: if our extension fails to
        // start, nobody must get in
        InternalConfigurations.AUTH_DENY_UNAUTHENTICATED_CONNECTIONS.set(true);
        InternalConfigurations.JMX_REPORTER_ENABLED.set(false);
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(wildfly);
        }
        GatewayCore running = ready.get(10, TimeUnit.SECONDS);
        verifyListeners(brokerConfig, running);
        governor = ReadGovernor.attach(hivemq, current.overloadQueueHigh(), current.overloadQueueHigh() / 10)
                .orElse(null);
        if (governor != null) {
            // its own thread: it must keep its pace when the server is overloaded, and stop with the broker (a
            // managed executor refuses, with an error each time, tasks that outlive the deployment)
            governorThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread governing = new Thread(runnable, "thingstead-gateway-read-governor");
                governing.setDaemon(true);
                return governing;
            });
            governorThread.scheduleWithFixedDelay(this::governReads, 20, 20, TimeUnit.MILLISECONDS);
        }
        core = running;
    }

    private GatewayCore buildCore(
            GatewaySettings current,
            Connections connections,
            GatewayMetrics meters,
            ScheduledExecutorService broker,
            ServiceRouter router) {
        droppedCounter = Services.metricRegistry().counter("com.hivemq.messages.dropped.count");
        outgoingPublishCounter = Services.metricRegistry().counter("com.hivemq.messages.outgoing.publish.count");
        MessageDispatcher<Runnable> events = new MessageDispatcher<>(
                current.dispatchLanes(), current.dispatchQueue(), workers, Lifecycle.runner(), meters::dispatchDropped);
        Lifecycle lifecycle =
                new Lifecycle(connections, meters, GatewayBroker::publishPlatformMessage, events, sink, clock);
        return new GatewayCore(
                current,
                connections,
                new PublishRules(
                        current.payloadLimit(), current.throttleMaxWait().toNanos()),
                new InboundOverload(current.overloadQos0MaxWait().toMillis()),
                new SubscribeRules(current.subscriptionsPerConnection()),
                meters,
                admission,
                workers,
                broker,
                router,
                lifecycle,
                clock,
                new RetainedTimes(clock.instant()));
    }

    /**
     * The device services and taps CDI found, each service on threads of its own (from the managed thread factory,
     * so they carry the application's context: CDI, transactions, JNDI).
     */
    private ServiceRouter router(MeterRegistry registry) {
        Publisher publisher = new Publisher() {
            @Override
            public java.util.concurrent.CompletionStage<Void> publish(OutboundMessage message) {
                return gateway.publish(message);
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> publishToClient(
                    OutboundMessage message, String clientId) {
                return gateway.publishToClient(message, clientId);
            }
        };
        List<ServiceLanes> lanes = new ArrayList<>();
        for (DeviceService service : deviceServices) {
            var route = service.route();
            ExecutorService threads = new ThreadPoolExecutor(
                    route.lanes(), route.lanes(), 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threadFactory);
            ServiceLanes[] self = new ServiceLanes[1];
            ServiceMeters serviceMeters =
                    ServiceMeters.forService(registry, route.name(), () -> self[0] == null ? 0 : self[0].queued());
            self[0] = new ServiceLanes(service, route, threads, workers, publisher, serviceMeters);
            lanes.add(self[0]);
            LOG.infof(
                    "device service %s serves %s (%d lanes, %d in flight per key%s)",
                    route.name(),
                    route.filters(),
                    route.lanes(),
                    route.inFlightPerKey(),
                    route.consumes() ? ", consumed" : "");
        }
        List<MessageTap> taps = new ArrayList<>();
        List<ServiceMeters> tapMeters = new ArrayList<>();
        for (MessageTap tap : messageTaps) {
            taps.add(tap);
            tapMeters.add(ServiceMeters.forTap(registry, tap.name()));
            LOG.infof("message tap %s installed", tap.name());
        }
        try {
            return new ServiceRouter(lanes, taps, tapMeters);
        } catch (IllegalArgumentException e) {
            lanes.forEach(ServiceLanes::stop);
            tapMeters.forEach(ServiceMeters::close);
            throw e;
        }
    }

    /** Publishes a platform message; called on the broker's own threads. */
    public static void publishPlatformMessage(String topic, byte[] payload) {
        Services.publishService()
                .publish(Builders.publish()
                        .topic(topic)
                        .qos(Qos.AT_LEAST_ONCE)
                        .payload(ByteBuffer.wrap(payload))
                        .build());
    }

    /**
     * An unreadable {@code config.xml} makes HiveMQ fall back to its defaults (a plain listener on 0.0.0.0:1883):
     * check that the broker runs exactly the configured listeners and that their ports are taken.
     */
    private void verifyListeners(BrokerConfig brokerConfig, GatewayCore running) throws Exception {
        Set<Listener> listeners = running.broker()
                .submit(() -> Services.adminService().getServerInformation().getListener())
                .get(10, TimeUnit.SECONDS);
        Set<String> actual = new HashSet<>();
        for (Listener listener : listeners) {
            actual.add(listener.getName() + "@" + listener.getBindAddress() + ":" + listener.getPort());
        }
        Set<String> expected = new HashSet<>();
        for (BrokerConfig.ExpectedListener listener : brokerConfig.expectedListeners()) {
            expected.add(listener.name() + "@" + listener.bindAddress() + ":" + listener.port());
        }
        if (!actual.equals(expected)) {
            throw new IllegalStateException("the broker runs the listeners " + actual + " instead of " + expected);
        }
        for (BrokerConfig.ExpectedListener listener : brokerConfig.expectedListeners()) {
            if (portIsFree(listener.bindAddress(), listener.port())) {
                throw new IllegalStateException("the listener " + listener.name() + " is not bound to "
                        + listener.bindAddress() + ":" + listener.port() + " (see the broker's messages above)");
            }
        }
    }

    private static String listeners(GatewaySettings current) {
        StringBuilder text = new StringBuilder();
        text.append("MQTT over TLS ").append(current.bindAddress()).append(':').append(current.port());
        if (current.websocketEnabled()) {
            text.append(", MQTT over WebSocket ")
                    .append(current.bindAddress())
                    .append(':')
                    .append(current.websocketPort());
        }
        if (current.plainEnabled()) {
            text.append(", plain MQTT 127.0.0.1:").append(current.plainPort());
        }
        return text.toString();
    }

    /**
     * Whether a listener could bind the port, as HiveMQ binds it: with SO_REUSEADDR (the JDK's server socket channels
     * set it on Linux), so that connections of a killed server still in TIME_WAIT do not count as a process holding
     * the port (without it, the gateway waited 30 s after every {@code kill -9}); a socket listening on it still does.
     */
    private static boolean portIsFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void schedule(GatewaySettings current) {
        long trustSeconds = current.trustRefreshInterval().toSeconds();
        tasks.add(scheduler.scheduleWithFixedDelay(
                this::refreshTrustQuietly, trustSeconds, trustSeconds, TimeUnit.SECONDS));
        long sweepSeconds = current.revocationCheckInterval().toSeconds();
        tasks.add(scheduler.scheduleWithFixedDelay(watch::sweep, sweepSeconds, sweepSeconds, TimeUnit.SECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(watch::expire, 2, 2, TimeUnit.SECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(this::syncDeliveries, 5, 5, TimeUnit.SECONDS));
    }

    private void governReads() {
        ReadGovernor current = governor;
        if (current != null) {
            try {
                current.tick(clock.millis());
            } catch (RuntimeException e) {
                LOG.errorf(e, "the gateway's read governor failed");
            }
        }
    }

    /**
     * Deliveries are not seen one by one (only connections that need per-message Receive checks have an outbound
     * interceptor, {@link DeliveryGuard}): the PUBLISH count comes from HiveMQ's own counter.
     */
    private void syncDeliveries() {
        com.codahale.metrics.Counter outgoing = outgoingPublishCounter;
        GatewayMetrics meters = metrics;
        if (outgoing != null && meters != null) {
            meters.deliveredUpTo(outgoing.getCount());
        }
    }

    /** Rewrites the key and trust stores when the server certificate or the set of CAs changed. */
    public synchronized void refreshTrust() {
        if (tlsFiles == null) {
            return;
        }
        var credentials = trust.serverCredentials();
        if (tlsFiles.writeServerCredentials(credentials.chain(), credentials.privateKey())) {
            LOG.infof(
                    "gateway server certificate: %s",
                    credentials.chain().get(0).getSubjectX500Principal().getName());
        }
        if (tlsFiles.writeTrustAnchors(trust.clientCertificateAuthorities())) {
            LOG.infof("gateway trust store: %d CAs", tlsFiles.trustAnchorCount());
        }
    }

    public void refreshTrustQuietly() {
        try {
            refreshTrust();
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not refresh the gateway's key and trust stores");
        }
    }

    @PreDestroy
    public synchronized void stop() {
        stopped = true;
        tasks.forEach(task -> task.cancel(false));
        tasks.clear();
        stopBroker();
    }

    private void stopBroker() {
        syncDeliveries();
        if (governorThread != null) {
            governorThread.shutdownNow();
            governorThread = null;
        }
        ReadGovernor current = governor;
        governor = null;
        if (current != null) {
            current.release();
        }
        GatewayCore stopping = core;
        if (stopping != null) {
            activity.detach(stopping.connections());
        }
        core = null;
        droppedCounter = null;
        outgoingPublishCounter = null;
        if (hivemq != null) {
            long t0 = System.nanoTime();
            try {
                hivemq.stop().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf(e, "the broker did not stop cleanly");
            }
            try {
                hivemq.close();
            } catch (Exception e) {
                LOG.warnf(e, "the broker did not close cleanly");
            }
            hivemq = null;
            LOG.infof("Device gateway stopped in %d ms", (System.nanoTime() - t0) / 1_000_000);
        }
        if (router != null) {
            router.stop();
            router = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    /** HiveMQ's own count of PUBLISH messages it dropped (full client queues, mostly). */
    private long brokerDrops() {
        com.codahale.metrics.Counter dropped = droppedCounter;
        return dropped == null ? 0 : dropped.getCount();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
