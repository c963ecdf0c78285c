package io.thingstead.jobs.internal;

import io.thingstead.jobs.api.FirmwareFiles.FirmwareInfo;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored firmware file's description (table {@code jobs_firmware}); its bytes are in {@code jobs_firmware_chunk}. */
@Entity
@Table(name = "jobs_firmware")
public class FirmwareEntity {
    @Id
    @Column(name = "name", nullable = false)
    String name;

    @Column(name = "size_bytes", nullable = false)
    long size;

    @Column(name = "sha256", nullable = false)
    String sha256;

    @Column(name = "signature", nullable = false)
    String signature;

    @Column(name = "signature_algorithm", nullable = false)
    String signatureAlgorithm;

    @Column(name = "certificate_chain", nullable = false)
    String certificateChain;

    @Column(name = "chunk_size", nullable = false)
    int chunkSize;

    @Column(name = "uploaded_by", nullable = false)
    String uploadedBy;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected FirmwareEntity() {}

    FirmwareEntity(String name) {
        this.name = name;
    }

    FirmwareInfo info() {
        return new FirmwareInfo(
                name, size, sha256, signature, signatureAlgorithm, certificateChain, uploadedBy, createdAt);
    }
}
