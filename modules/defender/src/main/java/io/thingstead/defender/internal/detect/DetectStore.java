package io.thingstead.defender.internal.detect;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.defender.api.Violations;
import io.thingstead.defender.internal.Docs;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Violations and their events in plain SQL (query-shaped, ADR 0006); {@link Violations} for the API. */
@ApplicationScoped
public class DetectStore implements Violations {
    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** An active violation, as the engine resumes it after a restart. */
    public record Active(String violationId, String thingName, String profileName, String behaviorName) {}

    public List<Active> active() {
        return jdbc.query(
                "SELECT violation_id, thing_name, profile_name, behavior_name FROM defender_violation WHERE active",
                r -> new Active(
                        r.getString("violation_id"),
                        r.getString("thing_name"),
                        r.getString("profile_name"),
                        r.getString("behavior_name")));
    }

    /** Records a new violation and its in-alarm event; returns the violation id. */
    public String raise(String thing, String profile, Behavior behavior, JsonObject value, Instant at) {
        String id = UUID.randomUUID().toString().replace("-", "");
        jdbc.update(
                "INSERT INTO defender_violation (violation_id, thing_name, profile_name, behavior_name, behavior,"
                        + " suppress_alerts, started_at, last_value, last_violation_at, active)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)",
                id,
                thing,
                profile,
                behavior.name(),
                behavior.document().toString(),
                behavior.suppressAlerts(),
                at,
                value.toString(),
                at);
        event(id, thing, profile, behavior.document().toString(), behavior.suppressAlerts(), value, "in-alarm", at);
        return id;
    }

    /** A further violating datapoint of an active violation. */
    public void stillViolating(String violationId, JsonObject value, Instant at) {
        jdbc.update(
                "UPDATE defender_violation SET last_value = ?, last_violation_at = ? WHERE violation_id = ?",
                value.toString(),
                at,
                violationId);
    }

    /** Clears an active violation (alarm-cleared). */
    public void clear(String violationId, JsonObject value, Instant at) {
        end(violationId, Optional.of(value), "alarm-cleared", at);
    }

    /** Invalidates the active violations of a profile (or of one of its behaviors) that changed or went away. */
    public void invalidate(String profile, Optional<String> behavior, Instant at) {
        List<String> ids = jdbc.query(
                "SELECT violation_id FROM defender_violation WHERE active AND profile_name = ?"
                        + (behavior.isPresent() ? " AND behavior_name = ?" : ""),
                r -> r.getString("violation_id"),
                behavior.isPresent() ? new Object[] {profile, behavior.get()} : new Object[] {profile});
        for (String id : ids) {
            end(id, Optional.empty(), "alarm-invalidated", at);
        }
    }

    private void end(String violationId, Optional<JsonObject> value, String type, Instant at) {
        jdbc.query(
                        "UPDATE defender_violation SET active = FALSE, ended_at = ? WHERE violation_id = ? AND active"
                                + " RETURNING thing_name, profile_name, behavior, suppress_alerts",
                        r -> new String[] {
                            r.getString("thing_name"),
                            r.getString("profile_name"),
                            r.getString("behavior"),
                            Boolean.toString(r.getBoolean("suppress_alerts"))
                        },
                        at,
                        violationId)
                .forEach(row -> event(
                        violationId,
                        row[0],
                        row[1],
                        row[2],
                        Boolean.parseBoolean(row[3]),
                        value.orElse(null),
                        type,
                        at));
    }

    private void event(
            String id,
            String thing,
            String profile,
            String behavior,
            boolean suppress,
            JsonObject value,
            String type,
            Instant at) {
        jdbc.update(
                "INSERT INTO defender_violation_event (violation_id, thing_name, profile_name, behavior,"
                        + " suppress_alerts, metric_value, event_type, event_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                thing,
                profile,
                behavior,
                suppress,
                value == null ? null : value.toString(),
                type,
                at);
    }

    public Optional<String> thingOf(String violationId) {
        return jdbc.queryOne(
                "SELECT thing_name FROM defender_violation WHERE violation_id = ?",
                r -> r.getString("thing_name"),
                violationId);
    }

    /** Violations started in [from, to] (detect mitigation tasks), optionally of some profiles only. */
    public List<String[]> violationsBetween(Instant from, Instant to, List<String> ids, List<String> profiles) {
        StringBuilder sql = new StringBuilder(
                "SELECT violation_id, thing_name FROM defender_violation WHERE started_at >= ? AND started_at <= ?");
        List<Object> parameters = new ArrayList<>(List.of(from, to));
        if (!ids.isEmpty()) {
            sql.append(" AND violation_id = ANY (?)");
            parameters.add(ids.toArray(new String[0]));
        }
        if (!profiles.isEmpty()) {
            sql.append(" AND profile_name = ANY (?)");
            parameters.add(profiles.toArray(new String[0]));
        }
        sql.append(" ORDER BY violation_id LIMIT 10000");
        return jdbc.query(
                sql.toString(), parameters, r -> new String[] {r.getString("violation_id"), r.getString("thing_name")});
    }

    // --- the API ----------------------------------------------------------------------------------------------------

    @Override
    public JsonObject listActive(
            Optional<String> thingName,
            Optional<String> securityProfileName,
            Optional<String> behaviorCriteriaType,
            boolean listSuppressedAlerts,
            Optional<String> verificationState,
            Optional<String> nextToken,
            int maxResults) {
        int limit = SecurityProfileService.limit(maxResults);
        StringBuilder sql = new StringBuilder("SELECT * FROM defender_violation WHERE active AND violation_id > ?");
        List<Object> parameters = new ArrayList<>(List.of(
                PageTokens.decode("active-violations", nextToken, "nextToken").orElse("")));
        filters(sql, parameters, thingName, securityProfileName, listSuppressedAlerts, verificationState);
        sql.append(" ORDER BY violation_id LIMIT ?");
        parameters.add(limit + 1);
        List<JsonObject> rows = jdbc.query(sql.toString(), parameters, DetectStore::activeJson);
        JsonArrayBuilder items = Json.createArrayBuilder();
        rows.stream().limit(limit).forEach(items::add);
        JsonObjectBuilder json = Json.createObjectBuilder().add("activeViolations", items);
        if (rows.size() > limit) {
            json.add(
                    "nextToken",
                    PageTokens.encode("active-violations", rows.get(limit - 1).getString("violationId")));
        }
        return json.build();
    }

    private static void filters(
            StringBuilder sql,
            List<Object> parameters,
            Optional<String> thingName,
            Optional<String> profile,
            boolean listSuppressedAlerts,
            Optional<String> verificationState) {
        thingName.ifPresent(t -> {
            sql.append(" AND thing_name = ?");
            parameters.add(t);
        });
        profile.ifPresent(p -> {
            sql.append(" AND profile_name = ?");
            parameters.add(p);
        });
        if (!listSuppressedAlerts) {
            sql.append(" AND NOT suppress_alerts");
        }
        verificationState.ifPresent(v -> {
            sql.append(" AND coalesce(verification_state, 'UNKNOWN') = ?");
            parameters.add(v);
        });
    }

    private static JsonObject activeJson(ResultSet r) throws SQLException {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("violationId", r.getString("violation_id"))
                .add("thingName", r.getString("thing_name"))
                .add("securityProfileName", r.getString("profile_name"))
                .add("behavior", Docs.object(r.getString("behavior")))
                .add("violationStartTime", Docs.epochSeconds(Jdbc.instant(r, "started_at")))
                .add(
                        "verificationState",
                        Optional.ofNullable(r.getString("verification_state")).orElse("UNKNOWN"));
        if (r.getString("last_value") != null) {
            json.add("lastViolationValue", Docs.object(r.getString("last_value")));
            json.add("lastViolationTime", Docs.epochSeconds(Jdbc.instant(r, "last_violation_at")));
        }
        if (r.getString("verification_description") != null) {
            json.add("verificationStateDescription", r.getString("verification_description"));
        }
        return json.build();
    }

    @Override
    public JsonObject listEvents(
            Instant startTime,
            Instant endTime,
            Optional<String> thingName,
            Optional<String> securityProfileName,
            Optional<String> behaviorCriteriaType,
            boolean listSuppressedAlerts,
            Optional<String> verificationState,
            Optional<String> nextToken,
            int maxResults) {
        int limit = SecurityProfileService.limit(maxResults);
        long after = PageTokens.decode("violation-events", nextToken, "nextToken")
                .map(Long::parseLong)
                .orElse(0L);
        StringBuilder sql = new StringBuilder("SELECT e.*, v.verification_state, v.verification_description"
                + " FROM defender_violation_event e LEFT JOIN defender_violation v USING (violation_id)"
                + " WHERE e.event_time >= ? AND e.event_time <= ? AND e.id > ?");
        List<Object> parameters = new ArrayList<>(List.of(startTime, endTime, after));
        thingName.ifPresent(t -> {
            sql.append(" AND e.thing_name = ?");
            parameters.add(t);
        });
        securityProfileName.ifPresent(p -> {
            sql.append(" AND e.profile_name = ?");
            parameters.add(p);
        });
        if (!listSuppressedAlerts) {
            sql.append(" AND NOT e.suppress_alerts");
        }
        verificationState.ifPresent(v -> {
            sql.append(" AND coalesce(v.verification_state, 'UNKNOWN') = ?");
            parameters.add(v);
        });
        sql.append(" ORDER BY e.id LIMIT ?");
        parameters.add(limit + 1);
        List<long[]> ids = new ArrayList<>();
        List<JsonObject> rows = jdbc.query(sql.toString(), parameters, r -> {
            ids.add(new long[] {r.getLong("id")});
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("violationId", r.getString("violation_id"))
                    .add("thingName", r.getString("thing_name"))
                    .add("securityProfileName", r.getString("profile_name"))
                    .add("behavior", Docs.object(r.getString("behavior")))
                    .add("violationEventType", r.getString("event_type"))
                    .add("violationEventTime", Docs.epochSeconds(Jdbc.instant(r, "event_time")))
                    .add(
                            "verificationState",
                            Optional.ofNullable(r.getString("verification_state"))
                                    .orElse("UNKNOWN"));
            if (r.getString("metric_value") != null) {
                json.add("metricValue", Docs.object(r.getString("metric_value")));
            }
            return json.build();
        });
        JsonArrayBuilder items = Json.createArrayBuilder();
        rows.stream().limit(limit).forEach(items::add);
        JsonObjectBuilder json = Json.createObjectBuilder().add("violationEvents", items);
        if (rows.size() > limit) {
            json.add("nextToken", PageTokens.encode("violation-events", Long.toString(ids.get(limit - 1)[0])));
        }
        return json.build();
    }

    @Override
    public void putVerificationState(String violationId, String verificationState, Optional<String> description) {
        if (!List.of("FALSE_POSITIVE", "BENIGN_POSITIVE", "TRUE_POSITIVE", "UNKNOWN")
                .contains(verificationState)) {
            throw IotException.invalidRequest(
                    "verificationState must be FALSE_POSITIVE, BENIGN_POSITIVE, TRUE_POSITIVE or UNKNOWN.");
        }
        if (description.isPresent() && description.get().length() > 1000) {
            throw IotException.invalidRequest("verificationStateDescription must be at most 1000 characters.");
        }
        int updated = jdbc.update(
                "UPDATE defender_violation SET verification_state = ?, verification_description = ?"
                        + " WHERE violation_id = ?",
                verificationState,
                description.orElse(null),
                violationId);
        if (updated == 0) {
            throw IotException.notFound("Violation " + Docs.cut(violationId) + " does not exist.");
        }
    }
}
