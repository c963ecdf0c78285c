package io.thingstead.registry.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.registry.api.EventConfigurations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@link EventConfigurations} in {@code registry_event_configuration}, one row per AWS event type (all created
 * disabled by the migration). Read on every registry change that could publish: one primary-key lookup, in the
 * change's transaction, so a switch takes effect on every node at once.
 */
@ApplicationScoped
public class EventConfigurationService implements EventConfigurations {
    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Clock clock;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    private record Row(String type, boolean enabled, Instant created, Instant updated) {}

    @Override
    public Configuration describe() {
        List<Row> rows = jdbc.query(
                "SELECT event_type, enabled, created_at, updated_at FROM registry_event_configuration",
                row -> new Row(
                        row.getString(1),
                        row.getBoolean(2),
                        Jdbc.instant(row, "created_at"),
                        Jdbc.instant(row, "updated_at")));
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        EVENT_TYPES.forEach(type -> enabled.put(type, false));
        Instant created = null;
        Instant updated = null;
        for (Row row : rows) {
            if (enabled.containsKey(row.type())) {
                enabled.put(row.type(), row.enabled());
            }
            created = created == null || row.created().isBefore(created) ? row.created() : created;
            updated = updated == null || row.updated().isAfter(updated) ? row.updated() : updated;
        }
        Instant now = clock.instant();
        return new Configuration(enabled, created == null ? now : created, updated == null ? now : updated);
    }

    @Override
    @Transactional
    public void update(Map<String, Boolean> changes) {
        for (var change : changes.entrySet()) {
            if (!EVENT_TYPES.contains(change.getKey())) {
                throw IotException.invalidRequest("1 validation error detected: Value '" + change.getKey()
                        + "' at 'eventConfigurations' failed to satisfy constraint: Map keys must satisfy constraint:"
                        + " [Member must satisfy enum value set: " + EVENT_TYPES + "]");
            }
            if (change.getValue() == null) {
                throw IotException.invalidRequest("eventConfigurations." + change.getKey() + ".Enabled is required.");
            }
        }
        Instant now = clock.instant();
        for (var change : changes.entrySet()) {
            jdbc.update(
                    "INSERT INTO registry_event_configuration (event_type, enabled, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?) ON CONFLICT (event_type) DO UPDATE SET enabled = EXCLUDED.enabled,"
                            + " updated_at = EXCLUDED.updated_at",
                    change.getKey(),
                    change.getValue(),
                    now,
                    now);
        }
    }

    @Override
    public boolean enabled(String eventType) {
        return jdbc.queryOne(
                        "SELECT enabled FROM registry_event_configuration WHERE event_type = ?",
                        row -> row.getBoolean(1),
                        eventType)
                .orElse(false);
    }
}
