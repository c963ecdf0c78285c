package io.thingstead.identity.internal;

import io.thingstead.common.api.health.Readiness;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.migrations.api.SchemaReady;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Compares the master key with the database before anything opens a sealed secret (it observes {@link SchemaReady}
 * ahead of the PKI, the first operator key and the gateway). The database holds the key's check value ({@link
 * MasterKey#checkValue()}), written by the first start with that database; a database from before the check existed
 * gets one once an existing access key opens with this key. When the key is not the database's, {@link AesGcmSecrets}
 * refuses every seal and open from then on, and readiness names the mismatch and both keys' fingerprints.
 */
@ApplicationScoped
public class MasterKeyCheck {
    private static final Logger LOG = Logger.getLogger(MasterKeyCheck.class);
    private static final long RETRY_SECONDS = 30;
    static final String API_MESSAGE = "The server's master key is not the one this database's secrets were sealed with;"
            + " an administrator must restore the right master key (see the server log or /health/ready).";

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    AesGcmSecrets secrets;

    @Inject
    Clock clock;

    private Jdbc jdbc;
    private volatile Readiness readiness = Readiness.starting("the master key is not compared with the database yet");
    private ScheduledFuture<?> retry;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    void onSchemaReady(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) SchemaReady ready) {
        verify();
    }

    Readiness readiness() {
        return readiness;
    }

    synchronized void verify() {
        if (readiness.state() != Readiness.State.STARTING) {
            return;
        }
        MasterKey key = secrets.masterKey();
        byte[] mine = key.checkValue();
        Map<String, String> data = Map.of("fingerprint", MasterKey.fingerprint(mine), "source", key.source());
        try {
            Optional<byte[]> stored = storedOrAdopted(mine);
            if (stored.isEmpty() || MessageDigest.isEqual(stored.get(), mine)) {
                readiness = Readiness.up(data);
                LOG.infof(
                        "The master key (fingerprint %s, from %s) is this database's",
                        data.get("fingerprint"), key.source());
                return;
            }
            String reason = mismatch(key, MasterKey.fingerprint(stored.get()), data.get("fingerprint"));
            secrets.refuse(API_MESSAGE);
            readiness = new Readiness(Readiness.State.FAILED, reason, data);
            LOG.error(reason);
        } catch (RuntimeException e) {
            String reason = "the master key could not be compared with the database (" + e.getMessage()
                    + "); trying again in " + RETRY_SECONDS + " s";
            readiness = Readiness.starting(reason);
            LOG.error(reason, e);
            retry = scheduler.schedule(this::verify, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * The stored check value; else, when the database already holds secrets sealed before the check existed, the
     * check value of the key they open with (this key's, stored now), or a value that cannot match; else empty after
     * storing this key's (a new database).
     */
    private Optional<byte[]> storedOrAdopted(byte[] mine) {
        Optional<byte[]> stored = storedCheckValue();
        if (stored.isPresent()) {
            return stored;
        }
        Optional<SealedKey> oldest = jdbc.queryOne(
                "SELECT access_key_id, sealed_secret FROM identity_access_key ORDER BY created_at LIMIT 1",
                row -> new SealedKey(row.getString(1), row.getBytes(2)));
        if (oldest.isPresent()) {
            try {
                secrets.openWithKey(
                        oldest.get().sealed(),
                        AccessKeyService.purpose(oldest.get().id()));
            } catch (IllegalStateException e) {
                return Optional.of(new byte[32]); // sealed under some other key, whose check value we cannot know
            }
        }
        jdbc.update(
                "INSERT INTO identity_master_key_check (id, check_value, created_at) VALUES (1, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING",
                mine,
                clock.instant());
        return storedCheckValue(); // another node may have stored its own first
    }

    private record SealedKey(String id, byte[] sealed) {}

    private Optional<byte[]> storedCheckValue() {
        return jdbc.queryOne("SELECT check_value FROM identity_master_key_check WHERE id = 1", row -> row.getBytes(1));
    }

    private static String mismatch(MasterKey key, String expected, String actual) {
        String expectedText = expected.equals("00000000")
                ? "secrets sealed under another master key"
                : "secrets sealed under the master key with fingerprint " + expected;
        return "the database holds " + expectedText + ", but this server's master key (from " + key.source()
                + (key.created() ? ", created just now because it was missing" : "") + ") has fingerprint " + actual
                + ". Nothing sealed (CA keys, access keys) can be used. Restore the master key that belongs to this"
                + " database from your backup (THINGSTEAD_MASTER_KEY or the file " + MasterKey.FILE_NAME
                + " in the data directory) and restart; the database and its master key are backed up together";
    }

    @PreDestroy
    synchronized void stop() {
        if (retry != null) {
            retry.cancel(false);
        }
    }
}
