package io.thingstead.jobs.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.KeysetPages;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.paging.PageSizes;
import io.thingstead.common.api.paging.PageTokens;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.jobs.api.FirmwareFiles;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.CodeSigning;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Firmware files in PostgreSQL: the description in {@code jobs_firmware}, the bytes in 256 KiB rows of {@code
 * jobs_firmware_chunk} (stored uncompressed, so a range is read without decompressing the whole file). An upload is
 * one transaction: the body is read once, hashed and stored chunk by chunk, checked against the size limit and the
 * declared SHA-256, and signed with the platform's code-signing key ({@link CodeSigning}); any failure stores nothing.
 */
@ApplicationScoped
public class FirmwareStore implements FirmwareFiles {
    static final int CHUNK_SIZE = 256 * 1024;
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,254}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    @PersistenceContext(unitName = "jobs")
    EntityManager em;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    CodeSigning codeSigning;

    @Inject
    JobsConfig config;

    @Inject
    Clock clock;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public FirmwareInfo store(
            String name, InputStream body, long length, Optional<String> declaredSha256, String uploadedBy) {
        requireName(name);
        Optional<String> declared = declaredSha256.map(hash -> {
            if (!SHA256.matcher(hash).matches()) {
                throw IotException.invalidRequest("The declared SHA-256 must be 64 hex digits.");
            }
            return hash.toLowerCase(Locale.ROOT);
        });
        long limit = config.settings().firmwareMaxBytes();
        if (length > limit) {
            throw tooLarge(limit);
        }
        if (em.find(FirmwareEntity.class, name) != null) {
            throw IotException.alreadyExists(
                    "Firmware " + name + " already exists; stored files never change.", name, null);
        }
        FirmwareEntity firmware = new FirmwareEntity(name);
        firmware.sha256 = "0".repeat(64);
        firmware.signature = "";
        firmware.signatureAlgorithm = CodeSigning.ALGORITHM;
        firmware.certificateChain = "";
        firmware.chunkSize = CHUNK_SIZE;
        firmware.uploadedBy = uploadedBy;
        firmware.createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        em.persist(firmware);
        em.flush();
        MessageDigest digest = sha256();
        long total = 0;
        int position = 0;
        byte[] buffer = new byte[CHUNK_SIZE];
        try {
            while (true) {
                int filled = body.readNBytes(buffer, 0, CHUNK_SIZE);
                if (filled == 0) {
                    break;
                }
                total += filled;
                if (total > limit) {
                    throw tooLarge(limit);
                }
                digest.update(buffer, 0, filled);
                byte[] chunk = filled == CHUNK_SIZE ? buffer.clone() : java.util.Arrays.copyOf(buffer, filled);
                jdbc.update(
                        "INSERT INTO jobs_firmware_chunk (name, position, data) VALUES (?, ?, ?)",
                        name,
                        position++,
                        chunk);
                if (filled < CHUNK_SIZE) {
                    break;
                }
            }
        } catch (IOException e) {
            throw IotException.invalidRequest("The upload was cut off: " + e.getMessage());
        }
        if (length >= 0 && total != length) {
            throw IotException.invalidRequest("The upload has " + total + " bytes, not the " + length + " declared.");
        }
        byte[] hash = digest.digest();
        String hex = HexFormat.of().formatHex(hash);
        if (declared.isPresent() && !declared.get().equals(hex)) {
            throw IotException.invalidRequest("The SHA-256 of the upload is " + hex + ", not the " + declared.get()
                    + " declared; nothing was stored.");
        }
        CodeSigning.CodeSignature signature = codeSigning.signSha256(hash);
        firmware.size = total;
        firmware.sha256 = hex;
        firmware.signature = Base64.getEncoder().encodeToString(signature.signature());
        firmware.signatureAlgorithm = signature.algorithm();
        firmware.certificateChain = signature.certificateChainPem();
        return firmware.info();
    }

    @Override
    @Transactional
    public FirmwareInfo describe(String name) {
        return find(name)
                .orElseThrow(() -> IotException.notFound("Firmware " + Members.cut(name) + " does not exist."));
    }

    @Transactional
    public Optional<FirmwareInfo> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(FirmwareEntity.class, name)).map(FirmwareEntity::info);
    }

    @Override
    @Transactional
    public Page<FirmwareInfo> list(Optional<String> nextToken, int maxResults) {
        int limit = PageSizes.check("maxResults", maxResults, 100, 250);
        Optional<String> after = PageTokens.decode("firmware", nextToken, "nextToken");
        List<FirmwareEntity> rows = em.createQuery(
                        "select f from FirmwareEntity f where f.name > :after order by f.name", FirmwareEntity.class)
                .setParameter("after", after.orElse(""))
                .setMaxResults(limit + 1)
                .getResultList();
        return KeysetPages.of(
                "firmware", rows.stream().map(FirmwareEntity::info).toList(), limit, FirmwareInfo::name);
    }

    @Override
    @Transactional
    public void delete(String name) {
        FirmwareEntity firmware = em.find(FirmwareEntity.class, name);
        if (firmware == null) {
            throw IotException.notFound("Firmware " + Members.cut(name) + " does not exist.");
        }
        List<String> users = em
                .createQuery("select j.jobId, j.document from JobEntity j where j.status in :active", Object[].class)
                .setParameter(
                        "active",
                        List.of(
                                io.thingstead.jobs.api.JobStatus.IN_PROGRESS,
                                io.thingstead.jobs.api.JobStatus.SCHEDULED))
                .getResultList()
                .stream()
                .filter(row -> JobDocument.firmwareNames((String) row[1]).contains(name))
                .map(row -> (String) row[0])
                .toList();
        if (!users.isEmpty()) {
            throw new IotException(
                    ErrorCode.CONFLICT,
                    "Firmware " + name + " is named by active jobs " + users + "; cancel or finish them first.");
        }
        em.remove(firmware);
    }

    /** Writes {@code length} bytes of the file from {@code offset}, reading only the chunks that hold them. */
    void copy(String name, long offset, long length, OutputStream out) throws IOException {
        if (length <= 0) {
            return;
        }
        int first = (int) (offset / CHUNK_SIZE);
        int last = (int) ((offset + length - 1) / CHUNK_SIZE);
        for (int position = first; position <= last; position++) {
            int index = position;
            byte[] chunk = jdbc.queryOne(
                            "SELECT data FROM jobs_firmware_chunk WHERE name = ? AND position = ?",
                            row -> row.getBytes(1),
                            name,
                            index)
                    .orElseThrow(() -> new UncheckedIOException(
                            new IOException("chunk " + index + " of " + name + " is missing")));
            long chunkStart = (long) position * CHUNK_SIZE;
            int from = (int) Math.max(0, offset - chunkStart);
            int to = (int) Math.min(chunk.length, offset + length - chunkStart);
            out.write(chunk, from, to - from);
        }
    }

    static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw IotException.invalidRequest("A firmware name has 1 to 255 letters, digits, '.', '_' and '-' and"
                    + " does not start with a dot.");
        }
    }

    private static IotException tooLarge(long limit) {
        return new IotException(
                ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                "A firmware file can be at most " + limit + " bytes (thingstead.jobs.firmware-max-bytes).");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
