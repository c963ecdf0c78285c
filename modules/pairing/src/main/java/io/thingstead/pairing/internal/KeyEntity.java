package io.thingstead.pairing.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The installation's pairing-code HMAC key, sealed under the master key (table {@code pairing_key}, one row). */
@Entity
@Table(name = "pairing_key")
public class KeyEntity {
    static final short ID = 1;

    @Id
    @Column(name = "id")
    short id;

    @Column(name = "sealed_key", nullable = false)
    byte[] sealedKey;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected KeyEntity() {}

    KeyEntity(byte[] sealedKey, Instant createdAt) {
        this.id = ID;
        this.sealedKey = sealedKey;
        this.createdAt = createdAt;
    }
}
