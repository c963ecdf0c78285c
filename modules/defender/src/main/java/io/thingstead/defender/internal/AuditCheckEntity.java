package io.thingstead.defender.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Whether one audit check is enabled, and its configuration (table {@code defender_audit_check}). */
@Entity
@Table(name = "defender_audit_check")
public class AuditCheckEntity {
    @Id
    @Column(name = "check_name", length = 100)
    public String checkName;

    @Column(name = "enabled", nullable = false)
    public boolean enabled;

    /** The check's configuration map as JSON, e.g. {"CERT_AGE_THRESHOLD_IN_DAYS":"365"}. */
    @Column(name = "configuration", nullable = false)
    public String configuration = "{}";

    protected AuditCheckEntity() {}

    public AuditCheckEntity(String checkName) {
        this.checkName = checkName;
    }
}
