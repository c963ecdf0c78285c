package io.thingstead.pairing.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Who owns a thing (table {@code pairing_ownership}). */
@Entity
@Table(name = "pairing_ownership")
public class OwnershipEntity {
    @Id
    @Column(name = "thing_name", length = 128)
    String thingName;

    @Column(name = "identity_id", nullable = false, length = 100)
    String identityId;

    @Column(name = "subject", nullable = false, length = 255)
    String subject;

    @Column(name = "username", nullable = false, length = 255)
    String username;

    @Column(name = "paired_at", nullable = false)
    Instant pairedAt;

    @Version
    @Column(name = "version", nullable = false)
    long version;

    protected OwnershipEntity() {}

    OwnershipEntity(String thingName) {
        this.thingName = thingName;
    }
}
