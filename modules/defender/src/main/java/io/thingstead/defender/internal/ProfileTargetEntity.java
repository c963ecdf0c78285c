package io.thingstead.defender.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** What a security profile is attached to (table {@code defender_security_profile_target}). */
@Entity
@Table(name = "defender_security_profile_target")
@IdClass(ProfileTargetEntity.Key.class)
public class ProfileTargetEntity {
    @Id
    @Column(name = "profile_name")
    public String profileName;

    @Id
    @Column(name = "target_arn", length = 2048)
    public String targetArn;

    @Column(name = "attached_at", nullable = false)
    public Instant attachedAt;

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String profileName;
        public String targetArn;

        public Key() {}

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(profileName, key.profileName)
                    && Objects.equals(targetArn, key.targetArn);
        }

        @Override
        public int hashCode() {
            return Objects.hash(profileName, targetArn);
        }
    }
}
