package io.thingstead.defender.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** An audit finding suppression (table {@code defender_audit_suppression}). */
@Entity
@Table(name = "defender_audit_suppression")
@IdClass(SuppressionEntity.Key.class)
public class SuppressionEntity {
    @Id
    @Column(name = "check_name")
    public String checkName;

    /** The resource identifier in its canonical form ({@link ResourceKeys}). */
    @Id
    @Column(name = "resource_key", length = 4096)
    public String resourceKey;

    /** The resource identifier as given, JSON. */
    @Column(name = "resource_identifier", nullable = false)
    public String resourceIdentifier;

    @Column(name = "expiration_date")
    public Instant expirationDate;

    @Column(name = "suppress_indefinitely", nullable = false)
    public boolean suppressIndefinitely;

    @Column(name = "description", length = 1000)
    public String description;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String checkName;
        public String resourceKey;

        public Key() {}

        public Key(String checkName, String resourceKey) {
            this.checkName = checkName;
            this.resourceKey = resourceKey;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(checkName, key.checkName)
                    && Objects.equals(resourceKey, key.resourceKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(checkName, resourceKey);
        }
    }

    public boolean activeAt(Instant now) {
        return suppressIndefinitely || expirationDate == null || expirationDate.isAfter(now);
    }
}
