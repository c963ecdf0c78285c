package io.thingstead.defender.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A scheduled audit (table {@code defender_scheduled_audit}). */
@Entity
@Table(name = "defender_scheduled_audit")
public class ScheduledAuditEntity {
    @Id
    @Column(name = "name", length = 128)
    public String name;

    @Column(name = "frequency", nullable = false)
    public String frequency;

    @Column(name = "day_of_month")
    public String dayOfMonth;

    @Column(name = "day_of_week")
    public String dayOfWeek;

    /** targetCheckNames as a JSON array. */
    @Column(name = "check_names", nullable = false)
    public String checkNames;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "next_run_at", nullable = false)
    public Instant nextRunAt;
}
