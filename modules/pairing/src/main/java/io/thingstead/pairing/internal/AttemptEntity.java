package io.thingstead.pairing.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One redemption attempt (table {@code pairing_attempt}). Written as {@code PENDING} before the code is looked at, so
 * that concurrent attempts of one user count against the limit too, then given its outcome.
 */
@Entity
@Table(name = "pairing_attempt")
public class AttemptEntity {
    static final String PENDING = "PENDING";
    static final String SUCCESS = "SUCCESS";

    @Id
    UUID id;

    @Column(name = "identity_id", nullable = false, length = 100)
    String identityId;

    @Column(name = "attempted_at", nullable = false)
    Instant attemptedAt;

    @Column(name = "outcome", nullable = false, length = 32)
    String outcome;

    @Column(name = "source_ip", length = 64)
    String sourceIp;

    protected AttemptEntity() {}

    AttemptEntity(String identityId, Instant attemptedAt, String sourceIp) {
        this.id = UUID.randomUUID();
        this.identityId = identityId;
        this.attemptedAt = attemptedAt;
        this.outcome = PENDING;
        this.sourceIp = sourceIp;
    }
}
