package io.thingstead.rules.internal.engine;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.activemq.artemis.core.io.nio.NIOSequentialFileFactory;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;

/**
 * ADR 0011's measurement: the durable hand-off of a QoS 1 message before its PUBACK, as the inbox does it (a
 * PostgreSQL table, one writer group-committing up to 1,000 rows per INSERT ... unnest and deleting finished rows) and
 * as WildFly's Artemis would do it (its journal, NIO with WildFly's buffer defaults, one sync add per message and a
 * delete once done; the journal groups syncs itself). {@code devices} virtual threads each store one message and wait
 * for it to be durable, again and again (a device with one QoS 1 message in flight), for {@code seconds}. Prints
 * messages/s and the store latency (p50, p99). Not a JMH benchmark: it measures a disk and a database server, not
 * code. Run under the benchmark lock:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.thingstead.rules.internal.engine.InboxStoreBenchmark postgres|artemis [devices] [seconds] [payload bytes]
 * </pre>
 *
 * PostgreSQL: THINGSTEAD_DB_URL, THINGSTEAD_DB_USER, THINGSTEAD_DB_PASSWORD (a table {@code bench_rules_inbox} is
 * created and dropped).
 */
public final class InboxStoreBenchmark {
    private interface Store {
        CompletableFuture<Void> store(long id, byte[] row);

        void done(long id);

        void close() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "postgres";
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int payload = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        Store store = mode.equals("artemis") ? artemis() : postgres();
        byte[] row = new byte[payload];
        ThreadLocalRandom.current().nextBytes(row);
        AtomicLong ids = new AtomicLong();
        LongAdder stored = new LongAdder();
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        long warmup = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long end = warmup + TimeUnit.SECONDS.toNanos(seconds);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int d = 0; d < devices; d++) {
                threads.execute(() -> {
                    long[] mine = new long[1 << 14]; // 128 KiB a device: 400 x 8 MiB would have the GC measure itself
                    int n = 0;
                    while (true) {
                        long started = System.nanoTime();
                        if (started > end) {
                            break;
                        }
                        long id = ids.incrementAndGet();
                        store.store(id, row).join();
                        long now = System.nanoTime();
                        store.done(id);
                        if (started > warmup) {
                            stored.increment();
                            if (n < mine.length) {
                                mine[n++] = now - started;
                            }
                        }
                    }
                    latencies.add(Arrays.copyOf(mine, n));
                });
            }
        }
        store.close();
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(
                "%s: %d devices, %d-byte rows, %d s: %.0f messages/s, store latency p50 %.2f ms, p99 %.2f ms%n",
                mode,
                devices,
                payload,
                seconds,
                stored.sum() / (double) seconds,
                all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6);
    }

    private static Store postgres() throws SQLException {
        Connection connection = DriverManager.getConnection(
                System.getenv("THINGSTEAD_DB_URL"),
                System.getenv("THINGSTEAD_DB_USER"),
                System.getenv("THINGSTEAD_DB_PASSWORD"));
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS bench_rules_inbox");
            ddl.execute("CREATE TABLE bench_rules_inbox (id bigint PRIMARY KEY, rule_name varchar(128), message bytea"
                    + " NOT NULL) WITH (fillfactor = 100, autovacuum_vacuum_scale_factor = 0.01)");
        }
        BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(50_000);
        ConcurrentLinkedQueue<Long> done = new ConcurrentLinkedQueue<>();
        Thread writer = Thread.ofPlatform().name("bench-inbox-writer").start(() -> {
            List<Object[]> batch = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO bench_rules_inbox (id, rule_name, message) SELECT * FROM unnest(?, ?, ?)");
                    PreparedStatement delete =
                            connection.prepareStatement("DELETE FROM bench_rules_inbox WHERE id = ANY(?)")) {
                while (!Thread.currentThread().isInterrupted()) {
                    Object[] first = queue.poll(20, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, 999);
                        Long[] ids = new Long[batch.size()];
                        String[] rules = new String[batch.size()];
                        byte[][] rows = new byte[batch.size()][];
                        for (int i = 0; i < batch.size(); i++) {
                            ids[i] = (Long) batch.get(i)[0];
                            rows[i] = (byte[]) batch.get(i)[1];
                        }
                        Array a = connection.createArrayOf("bigint", ids);
                        insert.setArray(1, a);
                        insert.setArray(2, connection.createArrayOf("varchar", rules));
                        insert.setArray(3, connection.createArrayOf("bytea", rows));
                        insert.executeUpdate();
                        for (Object[] pending : batch) {
                            ((CompletableFuture<?>) pending[2]).complete(null);
                        }
                        batch.clear();
                    }
                    List<Long> finished = new ArrayList<>();
                    for (Long id; finished.size() < 10_000 && (id = done.poll()) != null; ) {
                        finished.add(id);
                    }
                    if (!finished.isEmpty()) {
                        delete.setArray(1, connection.createArrayOf("bigint", finished.toArray(new Long[0])));
                        delete.executeUpdate();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Store() {
            @Override
            public CompletableFuture<Void> store(long id, byte[] row) {
                CompletableFuture<Void> stored = new CompletableFuture<>();
                try {
                    queue.put(new Object[] {id, row, stored});
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return stored;
            }

            @Override
            public void done(long id) {
                done.add(id);
            }

            @Override
            public void close() throws Exception {
                writer.interrupt();
                writer.join();
                try (Statement ddl = connection.createStatement()) {
                    ddl.execute("DROP TABLE bench_rules_inbox");
                }
                connection.close();
            }
        };
    }

    private static Store artemis() throws Exception {
        Path dir = Files.createTempDirectory("bench-artemis-journal");
        // WildFly's defaults for an NIO journal: 10 MiB files, 2 at least, 490 KiB buffer flushed every 3.33 ms
        NIOSequentialFileFactory files =
                new NIOSequentialFileFactory(dir.toFile(), true, 490 * 1024, 3_333_333, 1, false);
        JournalImpl journal = new JournalImpl(10 * 1024 * 1024, 2, 10, 0, 0, files, "bench", "amq", 1);
        journal.start();
        journal.loadInternalOnly();
        return new Store() {
            @Override
            public CompletableFuture<Void> store(long id, byte[] row) {
                CompletableFuture<Void> stored = new CompletableFuture<>();
                try {
                    journal.appendAddRecord(id, (byte) 1, row, true);
                    stored.complete(null);
                } catch (Exception e) {
                    stored.completeExceptionally(e);
                }
                return stored;
            }

            @Override
            public void done(long id) {
                try {
                    journal.appendDeleteRecord(id, false);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() throws Exception {
                journal.stop();
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder())
                            .map(Path::toFile)
                            .forEach(File::delete);
                }
            }
        };
    }
}
