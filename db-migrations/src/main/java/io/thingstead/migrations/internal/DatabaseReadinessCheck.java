package io.thingstead.migrations.internal;

import io.thingstead.migrations.api.Datasources;
import io.thingstead.migrations.api.SchemaState;
import io.thingstead.migrations.api.SchemaStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when PostgreSQL answers and every migration is applied. Served by WildFly at {@code /health/ready} on the
 * management interface.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {
    static final String NAME = "thingstead-database";
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    SchemaState schema;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        boolean databaseAnswers = databaseAnswers(response);
        SchemaStatus status = schema.status();
        response.withData("schema", status.state().name());
        status.version().ifPresent(v -> response.withData("schemaVersion", v));
        status.problem().ifPresent(p -> response.withData("migrationProblem", p));
        return response.status(databaseAnswers && status.ready()).build();
    }

    private boolean databaseAnswers(HealthCheckResponseBuilder response) {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            response.withData("database", valid ? "UP" : "NOT ANSWERING");
            return valid;
        } catch (SQLException e) {
            response.withData("database", "DOWN: " + e.getMessage());
            return false;
        }
    }
}
