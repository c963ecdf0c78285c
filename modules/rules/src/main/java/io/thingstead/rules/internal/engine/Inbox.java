package io.thingstead.rules.internal.engine;

import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The durable hand-off between the gateway and rule evaluation (ADR 0011): every message a rule's FROM matches is
 * written to {@code rules_inbox} before the publisher's PUBACK, and deleted once its actions ran. One writer thread
 * owns every statement on the table and group-commits: it takes whatever waits (up to {@code inbox.batch} messages),
 * inserts them with one statement and one commit, completes their acknowledgements, and hands them to the {@link
 * Dispatcher}. The queue in front of it is bounded ({@code inbox.capacity}): beyond it a QoS 1 PUBLISH is refused (the
 * device sends it again) and a QoS 0 one is dropped and counted; the MQTT path itself never waits.
 *
 * <p>When the dispatcher's queue is full the writer keeps storing and stops handing over ("spilled"); it then reads
 * the stored rows back in id order as the dispatcher catches up, and at start it reads back whatever a crash left.
 * Rows are numbered by the writer itself (the highest id at start + 1, ...): one writer per installation, as there is
 * one server.
 */
@ApplicationScoped
public class Inbox {
    private static final Logger LOG = Logger.getLogger(Inbox.class);

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    ManagedThreadFactory threadFactory;

    @Inject
    RulesSettings settings;

    @Inject
    RulesMetrics metrics;

    private BlockingQueue<Pending> queue;
    private final ConcurrentLinkedQueue<Long> done = new ConcurrentLinkedQueue<>();
    /** Rows handed to the dispatcher and not yet deleted: the read-back skips them. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    private volatile Dispatcher dispatcher;
    private volatile boolean running;
    private Thread writer;
    private long nextId;
    private long readBackCursor;
    private boolean spilled = true;

    private record Pending(InboxMessage message, CompletableFuture<Void> stored) {}

    /** Starts the writer once the schema is there; reads back what the last run left first. */
    synchronized void start(Dispatcher target) {
        if (running) {
            return;
        }
        this.dispatcher = target;
        this.queue = new ArrayBlockingQueue<>(settings.inboxCapacity());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement max = connection.prepareStatement("SELECT coalesce(max(id), 0) FROM rules_inbox");
                ResultSet row = max.executeQuery()) {
            row.next();
            nextId = row.getLong(1) + 1;
        } catch (SQLException e) {
            throw new IllegalStateException("the rules inbox cannot be read: " + e.getMessage(), e);
        }
        readBackCursor = 0;
        spilled = true;
        running = true;
        metrics.inboxGauges(() -> queue.size(), inFlight::size);
        writer = threadFactory.newThread(this::run);
        writer.setName("thingstead-rules-inbox");
        writer.start();
    }

    /**
     * Offers a message for storage; never blocks.
     *
     * @return completes once the row is committed; exceptionally when the queue is full, the engine is not running or
     *     the database refused the insert
     */
    CompletableFuture<Void> store(InboxMessage message) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        BlockingQueue<Pending> q = queue;
        if (!running || q == null) {
            stored.completeExceptionally(new IllegalStateException("the rules engine is not running"));
        } else if (!q.offer(new Pending(message, stored))) {
            metrics.inboxFull();
            stored.completeExceptionally(new IllegalStateException("the rules inbox is full"));
        }
        return stored;
    }

    /** A stored message's actions are done: its row can go. */
    void completed(long id) {
        if (id > 0) {
            done.add(id);
        }
    }

    int depth() {
        BlockingQueue<Pending> q = queue;
        return (q == null ? 0 : q.size()) + inFlight.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(settings.inboxBatch());
        while (running) {
            try {
                Pending first = queue.poll(spilled ? 5 : 20, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, settings.inboxBatch() - 1);
                    insert(batch);
                    batch.clear();
                }
                deleteDone();
                if (spilled) {
                    readBack();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "the rules inbox writer failed; going on");
                for (Pending pending : batch) {
                    pending.stored().completeExceptionally(e);
                }
                batch.clear();
                sleepQuietly(200);
            }
        }
    }

    private void insert(List<Pending> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        String[] rules = new String[n];
        byte[][] rows = new byte[n][];
        for (int i = 0; i < n; i++) {
            InboxMessage message = batch.get(i).message();
            ids[i] = nextId + i;
            rules[i] = message.ruleName().orElse(null);
            rows[i] = MessageCodec.encode(message);
        }
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO rules_inbox (id, rule_name, message) SELECT * FROM unnest(?, ?, ?)")) {
            Array idArray = connection.createArrayOf("bigint", ids);
            Array ruleArray = connection.createArrayOf("varchar", rules);
            Array rowArray = connection.createArrayOf("bytea", rows);
            insert.setArray(1, idArray);
            insert.setArray(2, ruleArray);
            insert.setArray(3, rowArray);
            insert.executeUpdate();
        } catch (SQLException e) {
            metrics.inboxWriteFailed(n);
            LOG.warnf("could not store %d messages in the rules inbox: %s", n, e.getMessage());
            for (Pending pending : batch) {
                pending.stored().completeExceptionally(e);
            }
            // QoS 0 messages still run, at most once, while the database is away
            for (Pending pending : batch) {
                if (pending.message().message().qos() == 0) {
                    hand(pending.message());
                }
            }
            return;
        }
        nextId += n;
        metrics.inboxBatch(n, System.nanoTime() - started);
        for (int i = 0; i < n; i++) {
            Pending pending = batch.get(i);
            pending.stored().complete(null);
            InboxMessage stored = pending.message().stored(ids[i]);
            if (spilled) {
                continue; // the read-back takes it, in order
            }
            inFlight.add(stored.id());
            if (!dispatcher.offer(stored)) {
                inFlight.remove(stored.id());
                spilled = true;
                readBackCursor = Math.min(readBackCursor, stored.id() - 1);
            }
        }
    }

    private void hand(InboxMessage unstored) {
        dispatcher.offer(unstored);
    }

    private void deleteDone() {
        if (done.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        for (Long id; ids.size() < 10_000 && (id = done.poll()) != null; ) {
            ids.add(id);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM rules_inbox WHERE id = ANY(?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", ids.toArray(new Long[0])));
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf(
                    "could not delete %d finished messages from the rules inbox (they stay and run again after a"
                            + " restart): %s",
                    ids.size(), e.getMessage());
            done.addAll(ids);
            sleepQuietly(200);
            return;
        }
        ids.forEach(inFlight::remove);
    }

    /** Reads stored rows the dispatcher has not seen, as far as it has room. */
    private void readBack() {
        int room = dispatcher.room();
        if (room < Math.min(100, dispatcher.capacity() / 2)) {
            return;
        }
        int limit = Math.min(room, 2000);
        List<InboxMessage> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, rule_name, message FROM rules_inbox WHERE id > ? ORDER BY id LIMIT ?")) {
            select.setLong(1, readBackCursor);
            select.setInt(2, limit);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    long id = result.getLong(1);
                    readBackCursor = id;
                    if (inFlight.contains(id)) {
                        continue;
                    }
                    try {
                        rows.add(MessageCodec.decode(id, Optional.ofNullable(result.getString(2)), result.getBytes(3)));
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "inbox row %d cannot be read; deleting it", id);
                        done.add(id);
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warnf("could not read the rules inbox back: %s", e.getMessage());
            sleepQuietly(500);
            return;
        }
        for (InboxMessage row : rows) {
            inFlight.add(row.id());
            if (!dispatcher.offer(row)) {
                inFlight.remove(row.id());
                readBackCursor = Math.min(readBackCursor, row.id() - 1);
                return;
            }
            metrics.readBack();
        }
        if (rows.size() < limit && readBackCursor >= nextId - 1) {
            spilled = false; // caught up: new messages go straight to the dispatcher again
        }
    }

    /** Whether the inbox holds stored messages not yet handed over (after a restart or a spike). */
    boolean spilled() {
        return spilled;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    synchronized void stop() {
        running = false;
        if (writer != null) {
            writer.interrupt();
            try {
                writer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        BlockingQueue<Pending> q = queue;
        if (q != null) {
            for (Pending pending; (pending = q.poll()) != null; ) {
                pending.stored().completeExceptionally(new IllegalStateException("the server is stopping"));
            }
        }
    }
}
