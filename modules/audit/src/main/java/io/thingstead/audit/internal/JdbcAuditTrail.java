package io.thingstead.audit.internal;

import io.thingstead.audit.api.AuditEvent;
import io.thingstead.audit.api.AuditTrail;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The audit trail in PostgreSQL ({@code audit_event}). */
@ApplicationScoped
public class JdbcAuditTrail implements AuditTrail {
    private static final int MAX_DETAIL_LENGTH = 1024;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(AuditEvent event) {
        jdbc.update(
                "INSERT INTO audit_event (at, actor, action, resource_arn, outcome, source_ip, details)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)",
                event.at(),
                event.actor(),
                event.action(),
                event.resourceArn(),
                event.outcome(),
                event.sourceIp(),
                event.details().isEmpty() ? null : toJson(event.details()));
    }

    @Override
    public List<AuditEvent> recent(Optional<String> resourceArn, Optional<Instant> before, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000");
        }
        StringBuilder sql = new StringBuilder(
                "SELECT at, actor, action, resource_arn, outcome, source_ip, details FROM audit_event WHERE true");
        List<Object> parameters = new ArrayList<>();
        resourceArn.ifPresent(arn -> {
            sql.append(" AND resource_arn = ?");
            parameters.add(arn);
        });
        before.ifPresent(instant -> {
            sql.append(" AND at < ?");
            parameters.add(instant);
        });
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        parameters.add(limit);
        return jdbc.query(sql.toString(), parameters, JdbcAuditTrail::event);
    }

    @Override
    public List<Recorded> lookup(Lookup query) {
        if (query.limit() < 1 || query.limit() > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000");
        }
        if (query.readOnly()) {
            return List.of(); // only changes are recorded
        }
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, resource_arn, outcome, source_ip, details"
                + " FROM audit_event WHERE true");
        List<Object> parameters = new ArrayList<>();
        query.start().ifPresent(start -> {
            sql.append(" AND at >= ?");
            parameters.add(start);
        });
        query.end().ifPresent(end -> {
            sql.append(" AND at <= ?");
            parameters.add(end);
        });
        query.beforeId().ifPresent(id -> {
            sql.append(" AND id < ?");
            parameters.add(id);
        });
        query.attribute().ifPresent(attribute -> {
            String condition = switch (attribute) {
                case EVENT_ID -> " AND id::text = ?"; // a text compare: any string is a valid (maybe unknown) id
                case EVENT_NAME -> " AND substring(action from position(':' in action) + 1) = ?";
                case USERNAME -> " AND (actor = ? OR substring(actor from '^accessKey/[^/]+/(.*)$') = ?)";
                case ACCESS_KEY_ID -> " AND substring(actor from '^accessKey/([^/]+)/') = ?";
                case RESOURCE_NAME -> " AND resource_arn = ?";
                case RESOURCE_TYPE -> " AND split_part(split_part(resource_arn, ':', 6), '/', 1) = ?";
                case SERVICE -> " AND split_part(action, ':', 1) = ?";
            };
            sql.append(condition);
            parameters.add(query.value());
            if (attribute == Attribute.USERNAME) {
                parameters.add(query.value());
            }
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(query.limit());
        return jdbc.query(sql.toString(), parameters, row -> new Recorded(row.getLong("id"), event(row)));
    }

    private static AuditEvent event(java.sql.ResultSet row) throws java.sql.SQLException {
        return new AuditEvent(
                Jdbc.instant(row, "at"),
                row.getString("actor"),
                row.getString("action"),
                Optional.ofNullable(row.getString("resource_arn")),
                row.getString("outcome"),
                Optional.ofNullable(row.getString("source_ip")),
                fromJson(row.getString("details")));
    }

    static String toJson(Map<String, String> details) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        details.forEach((key, value) -> json.add(
                key, value.length() > MAX_DETAIL_LENGTH ? value.substring(0, MAX_DETAIL_LENGTH) + "..." : value));
        return json.build().toString();
    }

    static Map<String, String> fromJson(String json) {
        if (json == null) {
            return Map.of();
        }
        Map<String, String> details = new LinkedHashMap<>();
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                details.put(
                        entry.getKey(),
                        entry.getValue() instanceof JsonString s
                                ? s.getString()
                                : entry.getValue().toString());
            }
        }
        return details;
    }
}
