package io.thingstead.pairing.internal;

import io.thingstead.pairing.api.IssuedCode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A pairing code (table {@code pairing_code}): only its HMAC is stored. */
@Entity
@Table(name = "pairing_code")
public class CodeEntity {
    @Id
    UUID id;

    @Column(name = "code_hash", nullable = false, unique = true)
    byte[] codeHash;

    @Column(name = "thing_name", nullable = false, length = 128)
    String thingName;

    @Enumerated(EnumType.STRING)
    @Column(name = "purpose", nullable = false, length = 16)
    IssuedCode.Purpose purpose;

    @Column(name = "issued_by", nullable = false, length = 300)
    String issuedBy;

    /** For a transfer code: the owner who made it; it is void once they no longer own the thing. */
    @Column(name = "transfer_from", length = 100)
    String transferFrom;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "used_at")
    Instant usedAt;

    @Column(name = "used_by", length = 100)
    String usedBy;

    /** When a newer code of the same purpose replaced it. */
    @Column(name = "superseded_at")
    Instant supersededAt;

    protected CodeEntity() {}

    CodeEntity(
            byte[] codeHash,
            String thingName,
            IssuedCode.Purpose purpose,
            String issuedBy,
            String transferFrom,
            Instant createdAt,
            Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.codeHash = codeHash;
        this.thingName = thingName;
        this.purpose = purpose;
        this.issuedBy = issuedBy;
        this.transferFrom = transferFrom;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }
}
