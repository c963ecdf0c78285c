package io.thingstead.defender.internal.audit;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.defender.internal.Docs;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Audit tasks, their checks and findings, in plain SQL (query-shaped: ADR 0006). */
@ApplicationScoped
public class AuditStore {
    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** A task row. */
    public record Task(
            String taskId, String type, String status, Instant startedAt, Optional<String> scheduledAuditName) {}

    /** A check's row of a task. */
    public record CheckRun(
            String checkName,
            String runStatus,
            long total,
            long nonCompliant,
            long suppressed,
            Optional<String> errorCode,
            Optional<String> message) {}

    public void createTask(
            String taskId, String type, Instant startedAt, Optional<String> scheduled, List<String> checks) {
        jdbc.update(
                "INSERT INTO defender_audit_task (task_id, task_type, status, started_at, scheduled_audit_name)"
                        + " VALUES (?, ?, 'IN_PROGRESS', ?, ?)",
                taskId,
                type,
                startedAt,
                scheduled);
        for (String check : checks) {
            jdbc.update(
                    "INSERT INTO defender_audit_task_check (task_id, check_name, run_status) VALUES (?, ?, 'IN_PROGRESS')",
                    taskId,
                    check);
        }
    }

    public Optional<Task> task(String taskId) {
        return jdbc.queryOne(
                "SELECT task_id, task_type, status, started_at, scheduled_audit_name FROM defender_audit_task"
                        + " WHERE task_id = ?",
                AuditStore::task,
                taskId);
    }

    private static Task task(ResultSet row) throws SQLException {
        return new Task(
                row.getString("task_id"),
                row.getString("task_type"),
                row.getString("status"),
                Jdbc.instant(row, "started_at"),
                Optional.ofNullable(row.getString("scheduled_audit_name")));
    }

    public List<Task> tasks(
            Instant start,
            Instant end,
            Optional<String> type,
            Optional<String> status,
            Optional<String> after,
            int limit) {
        List<Object> parameters = new ArrayList<>(List.of(start, end));
        StringBuilder sql = new StringBuilder(
                "SELECT task_id, task_type, status, started_at, scheduled_audit_name FROM defender_audit_task"
                        + " WHERE started_at >= ? AND started_at <= ?");
        type.ifPresent(t -> {
            sql.append(" AND task_type = ?");
            parameters.add(t);
        });
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            parameters.add(s);
        });
        after.ifPresent(a -> {
            sql.append(" AND task_id > ?");
            parameters.add(a);
        });
        sql.append(" ORDER BY task_id LIMIT ?");
        parameters.add(limit);
        return jdbc.query(sql.toString(), parameters, AuditStore::task);
    }

    public List<CheckRun> checks(String taskId) {
        return jdbc.query(
                "SELECT check_name, run_status, total, non_compliant, suppressed, error_code, message"
                        + " FROM defender_audit_task_check WHERE task_id = ? ORDER BY check_name",
                row -> new CheckRun(
                        row.getString("check_name"),
                        row.getString("run_status"),
                        row.getLong("total"),
                        row.getLong("non_compliant"),
                        row.getLong("suppressed"),
                        Optional.ofNullable(row.getString("error_code")),
                        Optional.ofNullable(row.getString("message"))),
                taskId);
    }

    public void checkDone(
            String taskId,
            String check,
            String runStatus,
            long total,
            long nonCompliant,
            long suppressed,
            String errorCode,
            String message) {
        jdbc.update(
                "UPDATE defender_audit_task_check SET run_status = ?, total = ?, non_compliant = ?, suppressed = ?,"
                        + " error_code = ?, message = ? WHERE task_id = ? AND check_name = ?",
                runStatus,
                total,
                nonCompliant,
                suppressed,
                errorCode,
                message,
                taskId,
                check);
    }

    /** Ends a task; an already CANCELED task stays CANCELED. */
    public void finish(String taskId, String status, Instant at) {
        jdbc.update(
                "UPDATE defender_audit_task SET status = CASE WHEN status = 'CANCELED' THEN status ELSE ? END,"
                        + " finished_at = ? WHERE task_id = ?",
                status,
                at,
                taskId);
        jdbc.update(
                "UPDATE defender_audit_task_check SET run_status = 'CANCELED' WHERE task_id = ?"
                        + " AND run_status = 'IN_PROGRESS'",
                taskId);
    }

    public boolean cancel(String taskId) {
        return jdbc.update(
                        "UPDATE defender_audit_task SET status = 'CANCELED' WHERE task_id = ? AND status = 'IN_PROGRESS'",
                        taskId)
                > 0;
    }

    public boolean canceled(String taskId) {
        return task(taskId).map(t -> t.status().equals("CANCELED")).orElse(true);
    }

    /** Writes findings in one batch. */
    public void insert(
            String taskId, Instant taskStart, Instant foundAt, List<Finding> findings, List<Boolean> suppressed) {
        if (findings.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO defender_audit_finding (finding_id, task_id, check_name, task_started_at, found_at,"
                                + " severity, resource_type, resource_key, resource, related_resources, reason,"
                                + " reason_code, suppressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < findings.size(); i++) {
                Finding finding = findings.get(i);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, taskId);
                insert.setString(3, finding.check().name());
                insert.setTimestamp(4, Timestamp.from(taskStart));
                insert.setTimestamp(5, Timestamp.from(foundAt));
                insert.setString(6, finding.check().severity());
                insert.setString(7, finding.check().resourceType());
                insert.setString(8, finding.resourceKey());
                insert.setString(9, finding.resource().toString());
                insert.setString(10, finding.related().toString());
                insert.setString(11, finding.reason());
                insert.setString(12, finding.reasonCode());
                insert.setBoolean(13, suppressed.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not store " + findings.size() + " audit findings: " + e.getMessage(), e);
        }
    }

    /** Findings as AWS's {@code AuditFinding} documents, filtered, keyset paged by finding id. */
    public List<JsonObject> findings(
            Optional<String> taskId,
            Optional<String> checkName,
            Optional<String> resourceKey,
            Optional<Instant> start,
            Optional<Instant> end,
            Optional<Boolean> suppressed,
            Optional<String> findingId,
            Optional<String> after,
            int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM defender_audit_finding WHERE TRUE");
        add(sql, parameters, " AND task_id = ?", taskId);
        add(sql, parameters, " AND check_name = ?", checkName);
        add(sql, parameters, " AND resource_key = ?", resourceKey);
        add(sql, parameters, " AND found_at >= ?", start);
        add(sql, parameters, " AND found_at <= ?", end);
        add(sql, parameters, " AND suppressed = ?", suppressed);
        add(sql, parameters, " AND finding_id = ?", findingId);
        add(sql, parameters, " AND finding_id > ?", after);
        sql.append(" ORDER BY finding_id LIMIT ?");
        parameters.add(limit);
        return jdbc.query(sql.toString(), parameters, AuditStore::finding);
    }

    private static void add(StringBuilder sql, List<Object> parameters, String condition, Optional<?> value) {
        if (value.isPresent()) {
            sql.append(condition);
            parameters.add(value.get());
        }
    }

    private static JsonObject finding(ResultSet row) throws SQLException {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("findingId", row.getString("finding_id"))
                .add("taskId", row.getString("task_id"))
                .add("checkName", row.getString("check_name"))
                .add("taskStartTime", Docs.epochSeconds(Jdbc.instant(row, "task_started_at")))
                .add("findingTime", Docs.epochSeconds(Jdbc.instant(row, "found_at")))
                .add("severity", row.getString("severity"))
                .add("nonCompliantResource", Docs.object(row.getString("resource")))
                .add("relatedResources", Docs.array(row.getString("related_resources")))
                .add("reasonForNonCompliance", row.getString("reason"))
                .add("reasonForNonComplianceCode", row.getString("reason_code"))
                .add("isSuppressed", row.getBoolean("suppressed"));
        return json.build();
    }

    /** The finding's check, resource key and resource document, for mitigation. */
    public record StoredFinding(
            String findingId,
            String taskId,
            String checkName,
            String resourceKey,
            JsonObject resource,
            boolean suppressed,
            JsonObject document) {}

    public List<StoredFinding> findingsOfTask(String taskId, Optional<String> after, int limit) {
        List<Object> parameters = new ArrayList<>(List.of(taskId));
        String sql = "SELECT * FROM defender_audit_finding WHERE task_id = ?"
                + (after.isPresent() ? " AND finding_id > ?" : "") + " ORDER BY finding_id LIMIT ?";
        after.ifPresent(parameters::add);
        parameters.add(limit);
        return jdbc.query(sql, parameters, AuditStore::stored);
    }

    public Optional<StoredFinding> storedFinding(String findingId) {
        return jdbc.queryOne(
                "SELECT * FROM defender_audit_finding WHERE finding_id = ?", AuditStore::stored, findingId);
    }

    private static StoredFinding stored(ResultSet row) throws SQLException {
        return new StoredFinding(
                row.getString("finding_id"),
                row.getString("task_id"),
                row.getString("check_name"),
                row.getString("resource_key"),
                Docs.object(row.getString("resource")),
                row.getBoolean("suppressed"),
                finding(row));
    }

    /** Certificates used by more than one client id at the same time, connected within [from, to]. */
    public record Shared(String principal, List<String> clientIds, Instant lastConnected) {}

    public List<Shared> sharedCertificates(Instant from, Instant to, Optional<String> after, int limit) {
        List<Object> parameters = new ArrayList<>(List.of(from, to));
        StringBuilder sql = new StringBuilder(
                "SELECT a.principal, array_agg(DISTINCT a.client_id) AS clients, max(a.connected_at) AS last_at"
                        + " FROM defender_connection a JOIN defender_connection b ON b.principal = a.principal"
                        + " AND b.client_id <> a.client_id"
                        + " AND a.connected_at < coalesce(b.disconnected_at, 'infinity'::timestamptz)"
                        + " AND b.connected_at < coalesce(a.disconnected_at, 'infinity'::timestamptz)"
                        + " WHERE a.connected_at >= ? AND a.connected_at <= ? AND a.principal ~ '^[0-9a-f]{64}$'");
        after.ifPresent(a -> {
            sql.append(" AND a.principal > ?");
            parameters.add(a);
        });
        sql.append(" GROUP BY a.principal ORDER BY a.principal LIMIT ?");
        parameters.add(limit);
        return jdbc.query(
                sql.toString(),
                parameters,
                row -> new Shared(
                        row.getString("principal"), Jdbc.strings(row, "clients"), Jdbc.instant(row, "last_at")));
    }

    public long distinctPrincipals(Instant from, Instant to) {
        return jdbc.queryOne(
                        "SELECT count(DISTINCT principal) AS n FROM defender_connection WHERE connected_at >= ?"
                                + " AND connected_at <= ?",
                        row -> row.getLong("n"),
                        from,
                        to)
                .orElse(0L);
    }

    /** Client ids whose connection another connection took over within [from, to]. */
    public record Conflict(String clientId, List<String> principals, long takeovers, Instant lastAt) {}

    public List<Conflict> conflictingClientIds(Instant from, Instant to, Optional<String> after, int limit) {
        List<Object> parameters = new ArrayList<>(List.of(from, to));
        StringBuilder sql = new StringBuilder(
                "SELECT client_id, array_agg(DISTINCT principal) || array_agg(DISTINCT previous_principal) AS principals,"
                        + " count(*) AS n, max(taken_at) AS last_at FROM defender_takeover"
                        + " WHERE taken_at >= ? AND taken_at <= ? AND principal <> previous_principal");
        after.ifPresent(a -> {
            sql.append(" AND client_id > ?");
            parameters.add(a);
        });
        sql.append(" GROUP BY client_id ORDER BY client_id LIMIT ?");
        parameters.add(limit);
        return jdbc.query(
                sql.toString(),
                parameters,
                row -> new Conflict(
                        row.getString("client_id"),
                        Jdbc.strings(row, "principals").stream()
                                .distinct()
                                .sorted()
                                .toList(),
                        row.getLong("n"),
                        Jdbc.instant(row, "last_at")));
    }

    public long distinctClientIds(Instant from, Instant to) {
        return jdbc.queryOne(
                        "SELECT count(DISTINCT client_id) AS n FROM defender_connection WHERE connected_at >= ?"
                                + " AND connected_at <= ?",
                        row -> row.getLong("n"),
                        from,
                        to)
                .orElse(0L);
    }

    /** Connections still open from before this start of the gateway are closed: it restarted with them. */
    public void closeOpenConnections(Instant at) {
        jdbc.update("UPDATE defender_connection SET disconnected_at = ? WHERE disconnected_at IS NULL", at);
    }
}
