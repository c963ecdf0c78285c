package io.thingstead.pki.internal;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.CaCertificateInfo;
import io.thingstead.pki.api.CaCertificateStatus;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.CertificateInventory;
import io.thingstead.pki.internal.crypto.KeyQuality;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link CertificateInventory}: keyset pages over {@code pki_certificate} by id, ACTIVE rows only. */
@ApplicationScoped
public class CertificateInventoryService implements CertificateInventory {
    private static final String COLUMNS = "c.id, c.ca_id, c.serial_number, c.created_at, c.not_before, c.not_after";

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    CaCertificates cas;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    public List<AuditedCertificate> activeExpiringBefore(Instant notAfterBefore, Optional<String> afterId, int limit) {
        return page("c.not_after < ?", notAfterBefore, afterId, limit, false);
    }

    @Override
    public List<AuditedCertificate> activeCreatedBefore(Instant createdBefore, Optional<String> afterId, int limit) {
        return page("c.created_at <= ?", createdBefore, afterId, limit, false);
    }

    @Override
    public List<AuditedCertificate> activeRevokedByIssuer(Optional<String> afterId, int limit) {
        return page(
                "(EXISTS (SELECT 1 FROM pki_revoked_serial r WHERE r.ca_id = c.ca_id AND r.serial_number = c.serial_number)"
                        + " OR EXISTS (SELECT 1 FROM pki_external_revoked x WHERE x.ca_id = c.ca_id"
                        + " AND x.serial_number = c.serial_number))",
                null,
                afterId,
                limit,
                false);
    }

    @Override
    public List<AuditedCertificate> activeIssuedBy(String caCertificateId, Optional<String> afterId, int limit) {
        return page("c.ca_id = ?", caCertificateId, afterId, limit, false);
    }

    @Override
    public WeakKeyPage activeWithWeakKeys(Optional<String> afterId, int limit) {
        List<AuditedCertificate> certificates = page("TRUE", null, afterId, limit, true);
        if (certificates.isEmpty()) {
            return new WeakKeyPage(List.of(), Optional.empty());
        }
        List<WeakKey> weak = new ArrayList<>();
        for (AuditedCertificate certificate : certificates) {
            certificate
                    .certificatePem()
                    .flatMap(KeyQuality::weakness)
                    .ifPresent(reason -> weak.add(new WeakKey(certificate.certificateId(), reason)));
        }
        return new WeakKeyPage(
                weak, Optional.of(certificates.get(certificates.size() - 1).certificateId()));
    }

    @Override
    public Optional<String> keyWeakness(String certificatePem) {
        return KeyQuality.weakness(certificatePem);
    }

    @Override
    public long activeCount() {
        return jdbc.queryOne("SELECT count(*) AS n FROM pki_certificate WHERE status = 'ACTIVE'", r -> r.getLong("n"))
                .orElse(0L);
    }

    @Override
    public List<CaCertificateInfo> activeCaCertificates() {
        List<String> ids =
                jdbc.query("SELECT id FROM pki_ca WHERE status = 'ACTIVE' ORDER BY id", r -> r.getString("id"));
        List<CaCertificateInfo> found = new ArrayList<>();
        for (String id : ids) {
            CaCertificateInfo info = cas.describe(id);
            if (info.status() == CaCertificateStatus.ACTIVE) {
                found.add(info);
            }
        }
        return found;
    }

    @Override
    public boolean revokedBy(String caCertificateId, String serialNumber) {
        return jdbc.queryOne(
                        "SELECT 1 AS hit FROM pki_revoked_serial WHERE ca_id = ? AND serial_number = ?"
                                + " UNION ALL SELECT 1 FROM pki_external_revoked WHERE ca_id = ? AND serial_number = ?"
                                + " LIMIT 1",
                        r -> true,
                        caCertificateId,
                        serialNumber,
                        caCertificateId,
                        serialNumber)
                .orElse(false);
    }

    private List<AuditedCertificate> page(
            String condition, Object parameter, Optional<String> afterId, int limit, boolean withPem) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + (withPem ? ", c.certificate_pem" : "")
                + " FROM pki_certificate c WHERE c.status = 'ACTIVE' AND " + condition);
        if (parameter != null) {
            parameters.add(parameter);
        }
        if (afterId.isPresent()) {
            sql.append(" AND c.id > ?");
            parameters.add(afterId.get());
        }
        sql.append(" ORDER BY c.id LIMIT ?");
        parameters.add(Math.max(1, Math.min(limit, 10_000)));
        return jdbc.query(sql.toString(), parameters, row -> audited(row, withPem));
    }

    private static AuditedCertificate audited(ResultSet row, boolean withPem) throws SQLException {
        return new AuditedCertificate(
                row.getString("id"),
                Optional.ofNullable(row.getString("ca_id")),
                row.getString("serial_number"),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "not_before"),
                Jdbc.instant(row, "not_after"),
                withPem ? Optional.of(row.getString("certificate_pem")) : Optional.empty());
    }
}
