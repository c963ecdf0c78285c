package io.thingstead.common.api.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Plain JDBC over the managed (JTA) datasource, for modules whose queries are SQL-first (fleet search, JSONB, keyset
 * paging, row locks). Every value is a bind parameter; {@code String[]} and collections of strings bind as
 * {@code text[]}, {@link Instant} as {@code timestamptz}. JSON is passed as a string and cast in the SQL
 * ({@code ?::jsonb}).
 */
public final class Jdbc {
    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        return query(sql, Arrays.asList(parameters), mapper);
    }

    public <T> List<T> query(String sql, List<?> parameters, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw SqlFailure.of(e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = query(sql, Arrays.asList(parameters), mapper);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size());
        }
        return rows.stream().findFirst();
    }

    /**
     * Runs an INSERT/UPDATE/DELETE and returns the number of rows it touched. A {@code null} parameter binds SQL NULL
     * (as does an empty {@link Optional}).
     */
    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, Arrays.asList(parameters))) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailure.of(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<?> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                bind(connection, statement, i + 1, parameters.get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, int index, Object value)
            throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case Instant instant -> statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            case String[] strings -> statement.setArray(index, textArray(connection, strings));
            case Collection<?> collection ->
                statement.setArray(
                        index,
                        textArray(
                                connection,
                                collection.stream().map(String::valueOf).toArray(String[]::new)));
            case Optional<?> optional -> bind(connection, statement, index, optional.orElse(null));
            default -> statement.setObject(index, value);
        }
    }

    private static Array textArray(Connection connection, String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }

    /** Reads a {@code timestamptz} column as an {@link Instant}. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Reads a {@code text[]} column. */
    public static List<String> strings(ResultSet row, String column) throws SQLException {
        Array array = row.getArray(column);
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }
}
