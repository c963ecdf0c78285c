package io.thingstead.jobs.internal;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;

/** Whether the execution a download URL was signed for is still QUEUED or IN_PROGRESS. */
@ApplicationScoped
public class PendingCheck {
    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    boolean pending(DownloadUrls.Grant grant) {
        return jdbc.queryOne(
                        "SELECT 1 FROM jobs_execution WHERE job_id = ? AND thing_name = ? AND execution_number = ?"
                                + " AND status IN ('QUEUED', 'IN_PROGRESS')",
                        row -> true,
                        grant.jobId(),
                        grant.thingName(),
                        grant.executionNumber())
                .isPresent();
    }
}
