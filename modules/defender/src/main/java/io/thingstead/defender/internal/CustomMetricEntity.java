package io.thingstead.defender.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A custom metric (table {@code defender_custom_metric}). */
@Entity
@Table(name = "defender_custom_metric")
public class CustomMetricEntity {
    @Id
    @Column(name = "name", length = 128)
    public String name;

    @Column(name = "display_name", length = 128)
    public String displayName;

    @Column(name = "metric_type", nullable = false)
    public String metricType;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
