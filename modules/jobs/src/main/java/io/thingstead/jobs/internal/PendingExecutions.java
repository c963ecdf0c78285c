package io.thingstead.jobs.internal;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.jobs.api.JobExecutionStatus;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Things' pending executions (QUEUED and IN_PROGRESS), in the order AWS gives them to devices: IN_PROGRESS first, then
 * by the time they were queued. Set-wise SQL, so that the notifications after a rollout of thousands of executions
 * cost two queries, not two per thing (partial index {@code jobs_execution_pending}).
 */
@ApplicationScoped
public class PendingExecutions {
    private static final String ORDER = "(status = 'IN_PROGRESS') DESC, queued_at, job_id, execution_number";

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** The first pending execution of each thing that has one. */
    Map<String, ExecutionKey> next(Collection<String> things) {
        if (things.isEmpty()) {
            return Map.of();
        }
        Map<String, ExecutionKey> next = new HashMap<>();
        jdbc.query(
                        "SELECT DISTINCT ON (thing_name) thing_name, job_id, execution_number FROM jobs_execution"
                                + " WHERE thing_name = ANY(?) AND status IN ('QUEUED', 'IN_PROGRESS')"
                                + " ORDER BY thing_name, " + ORDER,
                        row -> new ExecutionKey(row.getString(2), row.getString(1), row.getLong(3)),
                        things)
                .forEach(key -> next.put(key.thingName(), key));
        return next;
    }

    Optional<ExecutionKey> next(String thing) {
        return Optional.ofNullable(next(List.of(thing)).get(thing));
    }

    /** Each thing's pending executions in order (things with none are absent). */
    Map<String, List<ExecutionView>> lists(Collection<String> things) {
        if (things.isEmpty()) {
            return Map.of();
        }
        Map<String, List<ExecutionView>> lists = new LinkedHashMap<>();
        jdbc.query(
                        "SELECT job_id, thing_name, execution_number, status, status_details, force_canceled,"
                                + " retry_attempt, version_number, queued_at, started_at, last_updated_at, timeout_at"
                                + " FROM jobs_execution WHERE thing_name = ANY(?)"
                                + " AND status IN ('QUEUED', 'IN_PROGRESS') ORDER BY thing_name, " + ORDER,
                        PendingExecutions::view,
                        things)
                .forEach(view -> lists.computeIfAbsent(view.thingName(), t -> new ArrayList<>())
                        .add(view));
        return lists;
    }

    List<ExecutionView> list(String thing) {
        return lists(List.of(thing)).getOrDefault(thing, List.of());
    }

    static ExecutionView view(ResultSet row) throws SQLException {
        return new ExecutionView(
                row.getString("job_id"),
                row.getString("thing_name"),
                row.getLong("execution_number"),
                JobExecutionStatus.valueOf(row.getString("status")),
                Members.stringMap(row.getString("status_details")),
                row.getBoolean("force_canceled"),
                row.getInt("retry_attempt"),
                row.getLong("version_number"),
                Jdbc.instant(row, "queued_at"),
                Optional.ofNullable(Jdbc.instant(row, "started_at")),
                Jdbc.instant(row, "last_updated_at"),
                Optional.ofNullable(Jdbc.instant(row, "timeout_at")));
    }
}
