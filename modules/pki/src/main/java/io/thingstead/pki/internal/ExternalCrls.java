package io.thingstead.pki.internal;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.CaCertificateChanged;
import io.thingstead.pki.api.CrlContents;
import io.thingstead.pki.api.CrlImportStatus;
import io.thingstead.pki.api.RevokedCertificate;
import io.thingstead.pki.internal.crypto.CrlFiles;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The CRLs of registered CAs, imported (uploaded or fetched) so that the gateway refuses their revoked serial numbers.
 * A CRL must verify with the CA's key and must not be older than the one imported before (a replayed old CRL would
 * un-revoke certificates).
 */
@ApplicationScoped
public class ExternalCrls {
    static final String UPLOAD = "upload";
    private static final int MAX_ERROR_LENGTH = 500;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    Event<CaCertificateChanged> changes;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** A CRL verified against the CA and ready to replace the stored one. */
    @Transactional
    public CrlImportStatus importCrl(String caCertificateId, byte[] crl, String source) {
        String pem = lockRegistered(caCertificateId);
        CrlContents contents = CrlFiles.parseAndVerify(crl, CaRegistry.parse(pem));
        Optional<Object[]> previous = jdbc.queryOne(
                "SELECT crl_number, this_update FROM pki_external_crl WHERE ca_id = ?",
                row -> new Object[] {Rows.bigInteger(row, "crl_number"), Jdbc.instant(row, "this_update")},
                caCertificateId);
        if (previous.isPresent()) {
            BigInteger previousNumber = (BigInteger) previous.get()[0];
            Instant previousThisUpdate = (Instant) previous.get()[1];
            boolean olderNumber = previousNumber != null
                    && contents.crlNumber().isPresent()
                    && contents.crlNumber().get().compareTo(previousNumber) < 0;
            if (olderNumber || contents.thisUpdate().isBefore(previousThisUpdate)) {
                throw new IotException(
                        ErrorCode.CERTIFICATE_VALIDATION,
                        "The CRL is older than the one already imported for CA " + caCertificateId + " (issued "
                                + previousThisUpdate + (previousNumber == null ? "" : ", number " + previousNumber)
                                + ").");
            }
        }
        Instant now = clock.instant();
        jdbc.update("DELETE FROM pki_external_revoked WHERE ca_id = ?", caCertificateId);
        List<String> serials = new ArrayList<>(contents.revoked().size());
        List<String> dates = new ArrayList<>(contents.revoked().size());
        for (RevokedCertificate entry : contents.revoked()) {
            serials.add(Rows.serial(entry.serialNumber()));
            dates.add(entry.revokedAt().toString());
        }
        if (!serials.isEmpty()) {
            jdbc.update(
                    "INSERT INTO pki_external_revoked (ca_id, serial_number, revoked_at)"
                            + " SELECT ?, s, r::timestamptz FROM unnest(?::text[], ?::text[]) AS t(s, r)"
                            + " ON CONFLICT DO NOTHING",
                    caCertificateId,
                    serials,
                    dates);
        }
        jdbc.update(
                "INSERT INTO pki_external_crl (ca_id, crl_number, this_update, next_update, revoked_count, source,"
                        + " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ca_id) DO UPDATE SET"
                        + " crl_number = EXCLUDED.crl_number, this_update = EXCLUDED.this_update,"
                        + " next_update = EXCLUDED.next_update, revoked_count = EXCLUDED.revoked_count,"
                        + " source = EXCLUDED.source, imported_at = EXCLUDED.imported_at",
                caCertificateId,
                contents.crlNumber().map(Rows::numeric),
                contents.thisUpdate(),
                contents.nextUpdate(),
                serials.size(),
                source,
                now);
        if (!UPLOAD.equals(source)) {
            jdbc.update(
                    "UPDATE pki_ca SET crl_last_attempt_at = ?, crl_last_error = NULL WHERE id = ?",
                    now,
                    caCertificateId);
        }
        changes.fire(new CaCertificateChanged(caCertificateId));
        return status(caCertificateId);
    }

    /** Sets or removes the URL a registered CA's CRL is fetched from. */
    @Transactional
    public void storeUrl(String caCertificateId, Optional<String> url) {
        lockRegistered(caCertificateId);
        jdbc.update(
                "UPDATE pki_ca SET crl_url = ?, crl_last_error = NULL, crl_last_attempt_at = NULL WHERE id = ?",
                url,
                caCertificateId);
    }

    @Transactional
    public void recordFailure(String caCertificateId, String problem) {
        String text = problem.length() > MAX_ERROR_LENGTH ? problem.substring(0, MAX_ERROR_LENGTH) + "..." : problem;
        jdbc.update(
                "UPDATE pki_ca SET crl_last_attempt_at = ?, crl_last_error = ? WHERE id = ?",
                clock.instant(),
                text,
                caCertificateId);
    }

    /** The CRL URL of a registered CA. */
    public Optional<String> url(String caCertificateId) {
        return jdbc.queryOne(
                        "SELECT crl_url FROM pki_ca WHERE id = ? AND kind = 'REGISTERED'",
                        row -> Optional.ofNullable(row.getString(1)),
                        caCertificateId)
                .flatMap(url -> url);
    }

    /** The registered CAs that have a CRL URL. */
    public List<String> withUrl() {
        return jdbc.query(
                "SELECT id FROM pki_ca WHERE kind = 'REGISTERED' AND crl_url IS NOT NULL ORDER BY id",
                row -> row.getString(1));
    }

    /** Whether the imported CRL of the CA lists the serial number (lower-case hex). */
    public boolean revoked(String caCertificateId, String serialNumber) {
        return jdbc.queryOne(
                        "SELECT 1 FROM pki_external_revoked WHERE ca_id = ? AND serial_number = ?",
                        row -> 1,
                        caCertificateId,
                        serialNumber)
                .isPresent();
    }

    public CrlImportStatus status(String caCertificateId) {
        Optional<Object[]> ca = jdbc.queryOne(
                "SELECT crl_url, crl_last_error FROM pki_ca WHERE id = ?",
                row -> new Object[] {row.getString(1), row.getString(2)},
                caCertificateId);
        if (ca.isEmpty()) {
            throw IotException.notFound("The CA certificate " + caCertificateId + " does not exist.");
        }
        Optional<String> url = Optional.ofNullable((String) ca.get()[0]);
        Optional<String> error = Optional.ofNullable((String) ca.get()[1]);
        return jdbc.queryOne(
                        "SELECT crl_number, this_update, next_update, revoked_count, source, imported_at"
                                + " FROM pki_external_crl WHERE ca_id = ?",
                        row -> new CrlImportStatus(
                                caCertificateId,
                                url,
                                Optional.ofNullable(Rows.bigInteger(row, "crl_number")),
                                Optional.of(Jdbc.instant(row, "this_update")),
                                Optional.ofNullable(Jdbc.instant(row, "next_update")),
                                row.getInt("revoked_count"),
                                Optional.of(row.getString("source")),
                                Optional.of(Jdbc.instant(row, "imported_at")),
                                error),
                        caCertificateId)
                .orElseGet(() -> new CrlImportStatus(
                        caCertificateId,
                        url,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        error));
    }

    /** Locks a registered CA's row (serialising imports) and returns its certificate. */
    private String lockRegistered(String caCertificateId) {
        String[] row = jdbc.queryOne(
                        "SELECT kind, certificate_pem FROM pki_ca WHERE id = ? FOR UPDATE",
                        r -> new String[] {r.getString(1), r.getString(2)},
                        caCertificateId)
                .orElseThrow(() -> IotException.notFound("The CA certificate " + caCertificateId + " does not exist."));
        if (!"REGISTERED".equals(row[0])) {
            throw IotException.invalidRequest("The CA certificate " + caCertificateId
                    + " is Thingstead's own; Thingstead publishes its CRL itself at /pki/crl/" + caCertificateId
                    + ".crl.");
        }
        return row[1];
    }
}
