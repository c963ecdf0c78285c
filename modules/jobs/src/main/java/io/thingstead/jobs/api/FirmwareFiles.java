package io.thingstead.jobs.api;

import io.thingstead.common.api.paging.Page;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Firmware files for over-the-air updates, stored by the platform: uploaded once, never changed, signed at upload
 * with the platform's code-signing key (issued by the PKI). A job document names a file with placeholders that are
 * replaced when a device reads the document: a short-lived signed HTTPS download URL, its SHA-256, size, signature
 * and signing certificate (docs/jobs.md).
 */
public interface FirmwareFiles {
    /**
     * Stores a file read from {@code body}: at most the configured size limit, exactly {@code declaredSha256} (hex)
     * when given, and signs it. Nothing is stored when the body is too long, shorter than {@code length}, or its
     * hash differs.
     *
     * @param length the length the caller declared (Content-Length), or -1 when unknown
     * @throws io.thingstead.common.api.error.IotException ResourceAlreadyExistsException for a name in use,
     *     RequestEntityTooLargeException beyond the limit, InvalidRequestException for a bad name or hash
     */
    FirmwareInfo store(String name, InputStream body, long length, Optional<String> declaredSha256, String uploadedBy);

    /** @throws io.thingstead.common.api.error.IotException ResourceNotFoundException */
    FirmwareInfo describe(String name);

    Page<FirmwareInfo> list(Optional<String> nextToken, int maxResults);

    /**
     * Deletes a file no active job refers to.
     *
     * @throws io.thingstead.common.api.error.IotException ConflictException while an active job names it
     */
    void delete(String name);

    /**
     * A stored firmware file.
     *
     * @param signature base64 of the DER ECDSA signature over the file ({@code SHA256withECDSA})
     * @param certificateChainPem the code-signing certificate and the CA that issued it
     */
    record FirmwareInfo(
            String name,
            long size,
            String sha256,
            String signature,
            String signatureAlgorithm,
            String certificateChainPem,
            String uploadedBy,
            Instant createdAt) {}
}
