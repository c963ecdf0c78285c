package io.thingstead.gateway.internal.routing;

import io.thingstead.gateway.internal.Connections;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Back-pressure on the devices' sockets when the broker falls behind. HiveMQ CE hands every PUBLISH (and every other
 * packet an extension looks at) to its extension executor through queues without a bound, then once more to the
 * connection's Netty event loop to be routed or dropped, and reads its sockets regardless of how long those queues
 * are: when devices together send more than the node can check and route, the queues grow until the heap is gone
 * (measured: 40,000 QoS 0 msg/s on 2 cores filled a 512 MiB heap with 450,000 queued publishes in 90 s, even with
 * {@link InboundOverload} dropping late QoS 0 messages, because dropping itself could not keep up).
 *
 * <p>HiveMQ counts the tasks on its extension executor and Netty counts those on each event loop. This governor
 * watches their sum: above {@code high} it stops reading every connection (Netty's auto-read off: the kernel's buffers
 * fill and TCP flow control holds the devices back, nothing more is queued in the broker) and once the sum is back
 * under {@code low} it reads them all again. This is what mosquitto does by being single-threaded; HiveMQ's overload
 * protection, which would do it per client, is not in the community edition. Connections are not closed; while
 * reading is paused nothing is lost, only delayed. Connections accepted while paused are read normally.
 *
 * <p>The handles are HiveMQ internals (its Guice injector is not part of the extension SDK), reached by reflection and
 * checked at every start: if a HiveMQ upgrade moves them, {@link #attach} says so in the log (GatewayIT checks it does
 * not) and the gateway runs with {@link InboundOverload} alone.
 */
public final class ReadGovernor {
    private static final Logger LOG = Logger.getLogger(ReadGovernor.class);

    /** The decision, separate from HiveMQ so that it is tested without a broker. */
    public static final class Hysteresis {
        private final long high;
        private final long low;
        private boolean paused;

        Hysteresis(long high, long low) {
            if (low < 0 || high <= low) {
                throw new IllegalArgumentException("need 0 <= low < high");
            }
            this.high = high;
            this.low = low;
        }

        /** Whether reading should be paused with {@code queued} tasks waiting. */
        boolean pause(long queued) {
            if (!paused && queued > high) {
                paused = true;
            } else if (paused && queued < low) {
                paused = false;
            }
            return paused;
        }

        long low() {
            return low;
        }
    }

    /** Turns reading of every open connection off or on. */
    public interface Connections {
        void read(boolean on) throws ReflectiveOperationException;
    }

    private final LongSupplier queuedTasks;
    private final Connections connections;
    private final Hysteresis hysteresis;
    private volatile boolean paused;
    private long pauses;
    private long pausedSinceMillis;
    private long lastLogMillis = Long.MIN_VALUE;

    public ReadGovernor(LongSupplier queuedTasks, Connections connections, Hysteresis hysteresis) {
        this.queuedTasks = queuedTasks;
        this.connections = connections;
        this.hysteresis = hysteresis;
    }

    /**
     * Finds HiveMQ's task queues and connections in a started broker.
     *
     * @param embedded the started {@code EmbeddedHiveMQ}
     * @return empty (and a warning in the log) when this HiveMQ version does not have them where expected
     */
    public static Optional<ReadGovernor> attach(Object embedded, long high, long low) {
        try {
            ClassLoader broker = embedded.getClass().getClassLoader();
            Method getInjector = embedded.getClass().getDeclaredMethod("getInjector");
            getInjector.setAccessible(true);
            Object injector = getInjector.invoke(embedded);
            Class<?> injectorType = Class.forName("com.google.inject.Injector", false, broker);
            Method byType = injectorType.getMethod("getInstance", Class.class);
            Class<?> keyType = Class.forName("com.google.inject.Key", false, broker);
            Class<?> queueAnnotation =
                    Class.forName("com.hivemq.extensions.ioc.annotation.PluginTaskQueue", false, broker);
            Object key =
                    keyType.getMethod("get", Class.class, Class.class).invoke(null, AtomicLong.class, queueAnnotation);
            AtomicLong pluginTasks =
                    (AtomicLong) injectorType.getMethod("getInstance", keyType).invoke(injector, key);

            Class<?> nettyType = Class.forName("com.hivemq.bootstrap.netty.NettyConfiguration", false, broker);
            Object netty = byType.invoke(injector, nettyType);
            Iterable<?> eventLoops =
                    (Iterable<?>) nettyType.getMethod("getChildEventLoopGroup").invoke(netty);
            Method pendingTasks = Class.forName("io.netty.util.concurrent.SingleThreadEventExecutor", false, broker)
                    .getMethod("pendingTasks");
            List<Object> loops = new ArrayList<>();
            eventLoops.forEach(loops::add);
            for (Object loop : loops) {
                pendingTasks.invoke(loop); // fails here, not later, if the type is not what it should be
            }
            LongSupplier queued = () -> {
                long total = pluginTasks.get();
                for (Object loop : loops) {
                    try {
                        total += (Integer) pendingTasks.invoke(loop);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return total;
            };

            Iterable<?> channels = (Iterable<?>)
                    byType.invoke(injector, Class.forName("io.netty.channel.group.ChannelGroup", false, broker));
            Method config =
                    Class.forName("io.netty.channel.Channel", false, broker).getMethod("config");
            Method setAutoRead = Class.forName("io.netty.channel.ChannelConfig", false, broker)
                    .getMethod("setAutoRead", boolean.class);
            Connections reading = on -> {
                for (Object channel : channels) {
                    setAutoRead.invoke(config.invoke(channel), on);
                }
            };
            return Optional.of(new ReadGovernor(queued, reading, new Hysteresis(high, low)));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warnf(
                    "this HiveMQ version does not expose its task queues or connections where the gateway expects"
                            + " them (%s): the gateway cannot slow devices down when the broker falls behind; it only"
                            + " drops late QoS 0 messages",
                    e);
            return Optional.empty();
        }
    }

    /** Looks at the queues and pauses or resumes reading; called every few milliseconds from one thread. */
    public void tick(long nowMillis) {
        long queued = queuedTasks.getAsLong();
        boolean pause = hysteresis.pause(queued);
        if (pause == paused) {
            return;
        }
        try {
            connections.read(!pause);
        } catch (ReflectiveOperationException e) {
            LOG.errorf(e, "could not %s reading from devices", pause ? "pause" : "resume");
            return;
        }
        paused = pause;
        if (pause) {
            pauses++;
            pausedSinceMillis = nowMillis;
            if (lastLogMillis == Long.MIN_VALUE
                    || nowMillis - lastLogMillis >= InboundOverload.REPORT_INTERVAL_MILLIS) {
                lastLogMillis = nowMillis;
                LOG.warnf(
                        "the gateway is overloaded: %d messages queued in the broker; reading from devices is paused"
                                + " until fewer than %d are (%d pauses so far;"
                                + " thingstead_gateway_overload_reads_paused shows when)",
                        queued, hysteresis.low(), pauses);
            }
        } else {
            LOG.debugf("reading from devices resumed after %d ms", nowMillis - pausedSinceMillis);
        }
    }

    public boolean paused() {
        return paused;
    }

    public long queuedTasks() {
        return queuedTasks.getAsLong();
    }

    /** Reads every connection again (the broker stops). */
    public void release() {
        if (paused) {
            try {
                connections.read(true);
            } catch (ReflectiveOperationException e) {
                LOG.debugf(e, "could not resume reading");
            }
            paused = false;
        }
    }
}
