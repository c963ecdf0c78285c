package io.thingstead.defender.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A mitigation action (table {@code defender_mitigation_action}); its parameters as AWS's JSON. */
@Entity
@Table(name = "defender_mitigation_action")
public class MitigationActionEntity {
    @Id
    @Column(name = "name", length = 128)
    public String name;

    @Column(name = "id", nullable = false, unique = true)
    public UUID id;

    @Column(name = "action_type", nullable = false)
    public String actionType;

    @Column(name = "role_arn", nullable = false, length = 2048)
    public String roleArn;

    @Column(name = "params", nullable = false)
    public String params;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
