package io.thingstead.identity.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.identity.api.AccessKeyInfo;
import io.thingstead.identity.api.AccessKeys;
import io.thingstead.identity.api.ActiveAccessKey;
import io.thingstead.identity.api.NewAccessKey;
import io.thingstead.identity.api.Role;
import io.thingstead.identity.api.Secrets;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;

/**
 * Issues and looks up access keys. Ids look like AWS's ({@code TSAK} + 16 characters of [A-Z2-7]); secrets are 40
 * characters, sealed with the master key before they touch the database. Active keys are cached in memory after the
 * first lookup, so verifying a signature costs no database round trip.
 */
@ApplicationScoped
public class AccessKeyService implements AccessKeys {
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final int SECRET_LENGTH = 40;

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, ActiveAccessKey> active = new ConcurrentHashMap<>();

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Secrets secrets;

    @Inject
    Clock clock;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    static String purpose(String accessKeyId) {
        return "access-key:" + accessKeyId;
    }

    @Override
    @Transactional
    public NewAccessKey create(String principal, Role role) {
        if (principal == null || principal.isBlank() || principal.length() > 128) {
            throw IotException.invalidRequest("An access key needs a principal name of 1 to 128 characters.");
        }
        String id = "TSAK" + random(ID_ALPHABET, 16);
        char[] secret = random(SECRET_ALPHABET, SECRET_LENGTH).toCharArray();
        byte[] secretBytes = utf8(secret);
        try {
            jdbc.update(
                    "INSERT INTO identity_access_key (access_key_id, principal, role, sealed_secret, created_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    id,
                    principal,
                    role.name(),
                    secrets.seal(secretBytes, purpose(id)),
                    clock.instant());
        } finally {
            Arrays.fill(secretBytes, (byte) 0);
        }
        return new NewAccessKey(id, secret, principal, role);
    }

    @Override
    public Optional<ActiveAccessKey> findActive(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() > 128) {
            return Optional.empty();
        }
        ActiveAccessKey cached = active.get(accessKeyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ActiveAccessKey> loaded = jdbc.queryOne(
                "SELECT access_key_id, principal, role, sealed_secret FROM identity_access_key"
                        + " WHERE access_key_id = ? AND status = 'Active'",
                row -> new ActiveAccessKey(
                        row.getString("access_key_id"),
                        row.getString("principal"),
                        Role.valueOf(row.getString("role")),
                        secrets.open(row.getBytes("sealed_secret"), purpose(row.getString("access_key_id")))),
                accessKeyId);
        loaded.ifPresent(key -> active.put(key.accessKeyId(), key));
        return loaded;
    }

    @Override
    @Transactional
    public void deactivate(String accessKeyId) {
        int changed =
                jdbc.update("UPDATE identity_access_key SET status = 'Inactive' WHERE access_key_id = ?", accessKeyId);
        active.remove(accessKeyId);
        if (changed == 0) {
            throw IotException.notFound("Access key " + accessKeyId + " does not exist.");
        }
    }

    @Override
    public List<AccessKeyInfo> list() {
        return jdbc.query(
                "SELECT access_key_id, principal, role, status, created_at FROM identity_access_key"
                        + " ORDER BY created_at, access_key_id",
                row -> new AccessKeyInfo(
                        row.getString("access_key_id"),
                        row.getString("principal"),
                        Role.valueOf(row.getString("role")),
                        "Active".equals(row.getString("status")),
                        Jdbc.instant(row, "created_at")));
    }

    long activeOperatorKeys() {
        return jdbc.queryOne(
                        "SELECT count(*) FROM identity_access_key WHERE status = 'Active' AND role = 'OPERATOR'",
                        row -> row.getLong(1))
                .orElse(0L);
    }

    boolean anyExists() {
        return jdbc.queryOne("SELECT 1 FROM identity_access_key LIMIT 1", row -> true)
                .isPresent();
    }

    private String random(char[] alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }

    static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
