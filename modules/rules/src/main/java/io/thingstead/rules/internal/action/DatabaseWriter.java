package io.thingstead.rules.internal.action;

import io.thingstead.migrations.api.Datasources;
import io.thingstead.rules.internal.engine.RulesSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes the PostgreSQL actions' rows in batches: one thread takes whatever rows wait (up to 1,000), groups them by
 * statement and runs each group as one JDBC batch in one transaction. A batch the database refuses is written again row
 * by row, so that one bad row (a missing column, a value of the wrong type) fails only its own message. Also knows the
 * columns of the operators' tables ({@code format_type} of each, cached for a minute) so that values bound as text
 * are cast to the column's type.
 */
@ApplicationScoped
public class DatabaseWriter {
    private static final Logger LOG = Logger.getLogger(DatabaseWriter.class);
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Duration COLUMNS_TTL = Duration.ofMinutes(1);

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    ManagedThreadFactory threadFactory;

    @Inject
    RulesSettings settings;

    private final BlockingQueue<Row> queue = new ArrayBlockingQueue<>(100_000);
    private final Map<String, Columns> columns = new ConcurrentHashMap<>();
    private volatile Thread writer;
    private volatile boolean running = true;

    /** One row: a statement and its parameters, bound as text (null for SQL NULL). */
    record Row(String sql, List<String> parameters, CompletableFuture<Void> written) {}

    private record Columns(Map<String, String> types, long loadedAt) {}

    /** Checks a schema and table name as the actions accept them. */
    String qualified(ActionSettings settings, String schema, String table) {
        if (!IDENTIFIER.matcher(schema).matches() || !IDENTIFIER.matcher(table).matches()) {
            throw settings.invalid("schema and table names are letters, digits and underscores, at most 63");
        }
        if (!this.settings.databaseSchemas().contains(schema)) {
            throw settings.invalid("the schema " + schema + " is not one the rules may write to ("
                    + String.join(", ", this.settings.databaseSchemas())
                    + "; thingstead.rules.database.schemas)");
        }
        return "\"" + schema + "\".\"" + table + "\"";
    }

    String defaultSchema() {
        return settings.databaseSchemas().get(0);
    }

    /**
     * The table's columns and their types ({@code format_type}), lower-case names as PostgreSQL folds them.
     *
     * @throws IllegalStateException when the table does not exist
     */
    Map<String, String> columns(String schema, String table) {
        String key = schema + "." + table;
        Columns cached = columns.get(key);
        if (cached != null && System.nanoTime() - cached.loadedAt() < COLUMNS_TTL.toNanos()) {
            return cached.types();
        }
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                                + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the columns of " + key + " cannot be read: " + e.getMessage(), e);
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("the table " + key + " does not exist");
        }
        columns.put(key, new Columns(Map.copyOf(types), System.nanoTime()));
        return types;
    }

    CompletableFuture<Void> write(String sql, List<String> parameters) {
        start();
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (!queue.offer(new Row(sql, parameters, written))) {
            written.completeExceptionally(new IllegalStateException("the database actions' queue is full"));
        }
        return written;
    }

    private void start() {
        if (writer == null) {
            synchronized (this) {
                if (writer == null && running) {
                    Thread thread = threadFactory.newThread(this::run);
                    thread.setName("thingstead-rules-database");
                    thread.start();
                    writer = thread;
                }
            }
        }
    }

    private void run() {
        List<Row> batch = new ArrayList<>();
        while (running) {
            try {
                Row first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 999);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "the rules' database writer failed");
                batch.forEach(row -> row.written().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void writeBatch(List<Row> batch) {
        Map<String, List<Row>> bySql = new LinkedHashMap<>();
        for (Row row : batch) {
            bySql.computeIfAbsent(row.sql(), sql -> new ArrayList<>()).add(row);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Map.Entry<String, List<Row>> group : bySql.entrySet()) {
                    try (PreparedStatement insert = connection.prepareStatement(group.getKey())) {
                        for (Row row : group.getValue()) {
                            bind(insert, row);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                connection.commit();
                batch.forEach(row -> row.written().complete(null));
                return;
            } catch (SQLException e) {
                connection.rollback();
                if (batch.size() == 1) {
                    batch.get(0).written().completeExceptionally(failure(e));
                    return;
                }
            } finally {
                connection.setAutoCommit(true);
            }
            // one row spoilt the batch: each row on its own, so that only the bad ones fail
            for (Row row : batch) {
                try (PreparedStatement insert = connection.prepareStatement(row.sql())) {
                    bind(insert, row);
                    insert.executeUpdate();
                    row.written().complete(null);
                } catch (SQLException e) {
                    row.written().completeExceptionally(failure(e));
                }
            }
        } catch (SQLException e) {
            batch.forEach(row -> row.written().completeExceptionally(failure(e)));
        }
    }

    private static void bind(PreparedStatement statement, Row row) throws SQLException {
        for (int i = 0; i < row.parameters().size(); i++) {
            statement.setString(i + 1, row.parameters().get(i));
        }
    }

    private static IllegalStateException failure(SQLException e) {
        SQLException cause = Optional.ofNullable(e.getNextException()).orElse(e);
        return new IllegalStateException("PostgreSQL refused the row: " + cause.getMessage());
    }

    @PreDestroy
    void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
