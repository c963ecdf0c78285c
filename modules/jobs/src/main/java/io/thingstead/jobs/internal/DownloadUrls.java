package io.thingstead.jobs.internal;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.identity.api.Secrets;
import io.thingstead.migrations.api.Datasources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Firmware download URLs for one execution: {@code https://<host>:<port>/firmware/<name>?job=..&thing=..
 * &execution=..&expires=..&signature=..}, signed with HMAC-SHA256 under a 256-bit key the platform keeps sealed with
 * the master key (purpose {@value #KEY_PURPOSE}). A URL names the execution it was made for, so the download server
 * also refuses it once that execution is over, and it expires after the job's {@code presignedUrlConfig.expiresInSec}.
 */
@ApplicationScoped
public class DownloadUrls {
    static final String KEY_PURPOSE = "jobs:download-url-key";
    /** The advisory lock taken while creating the key ("thingURL"). */
    static final long CREATE_LOCK = 0x7468696e6755524cL;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Secrets secrets;

    @Inject
    JobsConfig config;

    @Inject
    Clock clock;

    private Jdbc jdbc;
    private volatile byte[] key;

    /** A verified download request. */
    record Grant(String firmware, String jobId, String thingName, long executionNumber, Instant expires) {}

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** Creates the signing key at the first start. */
    @Transactional
    public void ensureKey() {
        if (jdbc.queryOne("SELECT 1 FROM jobs_url_key", row -> 1).isPresent()) {
            return;
        }
        jdbc.query("SELECT pg_advisory_xact_lock(?)", row -> 0, CREATE_LOCK);
        if (jdbc.queryOne("SELECT 1 FROM jobs_url_key", row -> 1).isPresent()) {
            return;
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            jdbc.update(
                    "INSERT INTO jobs_url_key (sealed_key, created_at) VALUES (?, ?)",
                    secrets.seal(fresh, KEY_PURPOSE),
                    clock.instant());
        } finally {
            Arrays.fill(fresh, (byte) 0);
        }
    }

    String sign(String firmware, ExecutionKey execution, Instant expires) {
        long epoch = expires.getEpochSecond();
        return config.settings().downloadBase().toString().replaceAll("/+$", "") + "/firmware/" + firmware
                + "?job=" + encode(execution.jobId()) + "&thing=" + encode(execution.thingName()) + "&execution="
                + execution.executionNumber() + "&expires=" + epoch + "&signature="
                + signature(firmware, execution.jobId(), execution.thingName(), execution.executionNumber(), epoch);
    }

    /** The grant a request path and query carry, when the signature holds and it has not expired. */
    Optional<Grant> verify(String path, String rawQuery) {
        if (path == null || !path.startsWith("/firmware/") || rawQuery == null) {
            return Optional.empty();
        }
        String firmware = path.substring("/firmware/".length());
        if (!JobDocument.FIRMWARE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        Map<String, String> query = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                query.putIfAbsent(
                        pair.substring(0, equals),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        try {
            String job = query.get("job");
            String thing = query.get("thing");
            long execution = Long.parseLong(query.getOrDefault("execution", ""));
            long expires = Long.parseLong(query.getOrDefault("expires", ""));
            String given = query.get("signature");
            if (job == null || thing == null || given == null) {
                return Optional.empty();
            }
            byte[] expected =
                    signature(firmware, job, thing, execution, expires).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            Instant expiry = Instant.ofEpochSecond(expires);
            if (clock.instant().isAfter(expiry)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(firmware, job, thing, execution, expiry));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String signature(String firmware, String job, String thing, long execution, long expires) {
        String text = "GET\n/firmware/" + firmware + "\n" + job + "\n" + thing + "\n" + execution + "\n" + expires;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private byte[] key() {
        byte[] current = key;
        if (current == null) {
            synchronized (this) {
                current = key;
                if (current == null) {
                    byte[] sealed = jdbc.queryOne("SELECT sealed_key FROM jobs_url_key", row -> row.getBytes(1))
                            .orElseThrow(() -> new IllegalStateException("the download URL key is not created yet"));
                    current = secrets.open(sealed, KEY_PURPOSE);
                    key = current;
                }
            }
        }
        return current;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
