package io.thingstead.defender.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A security profile (table {@code defender_security_profile}); behaviors and alert targets as AWS's JSON. */
@Entity
@Table(name = "defender_security_profile")
public class SecurityProfileEntity {
    @Id
    @Column(name = "name", length = 128)
    public String name;

    @Column(name = "description", length = 1000)
    public String description;

    @Column(name = "behaviors", nullable = false)
    public String behaviors = "[]";

    @Column(name = "alert_targets", nullable = false)
    public String alertTargets = "{}";

    @Column(name = "additional_metrics", nullable = false)
    public String additionalMetrics = "[]";

    /** AWS's version: 1 at creation, +1 with every update. */
    @Column(name = "version", nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
