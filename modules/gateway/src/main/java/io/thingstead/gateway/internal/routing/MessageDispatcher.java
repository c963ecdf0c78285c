package io.thingstead.gateway.internal.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Hands work off the broker's threads (lifecycle events, a device service's requests): in lanes, a
 * message's lane chosen by its key (the client id), so one client's messages stay in order while different clients
 * proceed in parallel. A lane runs on the given executor one batch at a time and holds no thread while empty. Each
 * lane's queue is bounded: when the platform cannot keep up, new messages are not queued (and counted), rather than
 * the broker running out of memory.
 *
 * @param <T> the message type
 */
public final class MessageDispatcher<T> {
    private static final Logger LOG = Logger.getLogger(MessageDispatcher.class);
    private static final int BATCH = 256;

    private final List<Lane> lanes;
    private final Executor executor;
    private final Consumer<T> sink;
    private final int laneCapacity;
    private final Runnable onDrop;

    /**
     * @param sink called for every message, on the executor's threads; an exception is logged and the next message
     *     is processed
     * @param onDrop called when a message is not queued because its lane is full
     */
    public MessageDispatcher(int lanes, int capacity, Executor executor, Consumer<T> sink, Runnable onDrop) {
        if (lanes < 1 || capacity < lanes) {
            throw new IllegalArgumentException("need at least one lane and one slot per lane");
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.onDrop = Objects.requireNonNull(onDrop, "onDrop");
        this.laneCapacity = capacity / lanes;
        List<Lane> created = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            created.add(new Lane());
        }
        this.lanes = List.copyOf(created);
    }

    /** Queues a message; false (and {@code onDrop}) when its lane is full or the executor refuses work. */
    public boolean dispatch(String key, T message) {
        Lane lane = lanes.get(Math.floorMod(key.hashCode(), lanes.size()));
        if (!lane.offer(message)) {
            onDrop.run();
            return false;
        }
        return true;
    }

    /** Messages queued and not yet handed to the sink. */
    public int backlog() {
        int total = 0;
        for (Lane lane : lanes) {
            total += lane.size.get();
        }
        return total;
    }

    private final class Lane implements Runnable {
        private final Queue<T> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        boolean offer(T message) {
            if (size.incrementAndGet() > laneCapacity) {
                size.decrementAndGet();
                return false;
            }
            queue.add(message);
            schedule();
            return true;
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException e) {
                    scheduled.set(false);
                    LOG.warnf("the gateway's executor refused work; %d messages wait in a lane", size.get());
                }
            }
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < BATCH; i++) {
                    T message = queue.poll();
                    if (message == null) {
                        break;
                    }
                    size.decrementAndGet();
                    try {
                        sink.accept(message);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "the handler of %s failed", message);
                    }
                }
            } finally {
                scheduled.set(false);
                if (!queue.isEmpty()) {
                    schedule();
                }
            }
        }
    }
}
