package io.thingstead.common.api.sql;

import java.sql.SQLException;

/** A failed SQL statement, unchecked, keeping the SQLSTATE so callers can tell a duplicate from a real failure. */
public class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String SERIALIZATION_FAILURE = "40001";

    private final String sqlState;

    public SqlFailure(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public static SqlFailure of(SQLException e) {
        return new SqlFailure(e.getMessage(), e.getSQLState(), e);
    }

    public String sqlState() {
        return sqlState;
    }

    public boolean isUniqueViolation() {
        return UNIQUE_VIOLATION.equals(sqlState);
    }

    public boolean isForeignKeyViolation() {
        return FOREIGN_KEY_VIOLATION.equals(sqlState);
    }
}
