package io.thingstead.defender.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The account's audit configuration (table {@code defender_audit_configuration}, one row). */
@Entity
@Table(name = "defender_audit_configuration")
public class AuditConfigurationEntity {
    @Id
    @Column(name = "singleton")
    public Boolean singleton = Boolean.TRUE;

    @Column(name = "role_arn", length = 2048)
    public String roleArn;

    /** auditNotificationTargetConfigurations, as JSON. */
    @Column(name = "notification_targets", nullable = false)
    public String notificationTargets = "{}";

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
