package io.thingstead.rules.internal.engine;

import io.thingstead.migrations.api.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/**
 * Once Flyway is done ({@link SchemaReady}): checks that the rules entities match the tables (Hibernate's schema
 * validation, ADR 0009), then starts the engine, which first runs what the inbox kept from the last run. The outcome is
 * the readiness check {@code thingstead-rules}.
 */
@ApplicationScoped
public class RulesStartup {
    private static final Logger LOG = Logger.getLogger(RulesStartup.class);

    @PersistenceUnit(unitName = "rules")
    EntityManagerFactory factory;

    @Inject
    RulesEngine engine;

    private volatile Optional<String> problem = Optional.of("waiting for the database schema");

    synchronized void onSchemaReady(@Observes SchemaReady ready) {
        try {
            factory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        } catch (RuntimeException e) {
            problem = Optional.of("the rules entities do not match the tables: " + e.getMessage());
            LOG.errorf("the rules engine is not available: %s", problem.get());
            return;
        }
        try {
            engine.start();
            problem = Optional.empty();
        } catch (RuntimeException e) {
            problem = Optional.of("the rules engine could not start: " + e.getMessage());
            LOG.errorf(e, "the rules engine could not start");
        }
    }

    Optional<String> problem() {
        return problem;
    }
}
