package io.thingstead.pki.internal;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.PublishedPki;
import io.thingstead.pki.api.RevocationReason;
import io.thingstead.pki.api.RevokedCertificate;
import io.thingstead.pki.api.SignedCrl;
import io.thingstead.pki.internal.crypto.CertificateAuthority;
import io.thingstead.pki.internal.crypto.Pem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The CRLs of Thingstead's own CAs: signed again in the transaction of every revocation (so a revoked serial is
 * published the moment UpdateCertificate returns), and on a schedule before {@code nextUpdate} comes near. CRL numbers
 * only grow: the {@code pki_crl} row is locked while the next one is made, which also serialises nodes.
 */
@ApplicationScoped
public class CrlService implements PublishedPki {
    private static final Logger LOG = Logger.getLogger(CrlService.class);

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PkiSettings settings;

    @Inject
    Clock clock;

    @Inject
    OwnAuthorities own;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /**
     * Signs and stores the next CRL of one of Thingstead's CAs, listing every serial number in {@code
     * pki_revoked_serial} of that CA whose certificate has not expired. Joins the caller's transaction, so the CRL is
     * committed together with the revocation that caused it.
     */
    @Transactional(TxType.MANDATORY)
    public SignedCrl regenerate(String caCertificateId, CertificateAuthority ca) {
        Optional<BigInteger> current = jdbc.queryOne(
                "SELECT crl_number FROM pki_crl WHERE ca_id = ? FOR UPDATE",
                row -> Rows.bigInteger(row, "crl_number"),
                caCertificateId);
        BigInteger next = current.map(n -> n.add(BigInteger.ONE)).orElse(BigInteger.ONE);
        List<RevokedCertificate> revoked = jdbc.query(
                "SELECT serial_number, revoked_at, reason FROM pki_revoked_serial WHERE ca_id = ? AND not_after > ?"
                        + " ORDER BY revoked_at, serial_number",
                row -> {
                    int code = row.getInt("reason");
                    Optional<RevocationReason> reason =
                            row.wasNull() ? Optional.empty() : Optional.of(RevocationReason.ofCode(code));
                    return new RevokedCertificate(
                            Rows.serial(row.getString("serial_number")), Jdbc.instant(row, "revoked_at"), reason);
                },
                caCertificateId,
                clock.instant());
        SignedCrl crl = ca.createCrl(revoked, next, settings.crlValidity());
        byte[] der;
        try {
            der = crl.crl().getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException("cannot encode a CRL just signed", e);
        }
        jdbc.update(
                "INSERT INTO pki_crl (ca_id, crl_number, this_update, next_update, der) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (ca_id) DO UPDATE SET crl_number = EXCLUDED.crl_number,"
                        + " this_update = EXCLUDED.this_update, next_update = EXCLUDED.next_update, der = EXCLUDED.der"
                        + " WHERE pki_crl.crl_number < EXCLUDED.crl_number",
                caCertificateId,
                Rows.numeric(next),
                crl.thisUpdate(),
                crl.nextUpdate(),
                der);
        LOG.debugf("Signed CRL %s of CA %s with %d entries", next, caCertificateId, revoked.size());
        return crl;
    }

    /** The ids of Thingstead's CAs whose CRL reaches the second half of its validity before {@code horizon}. */
    public List<String> dueBefore(Instant horizon) {
        return jdbc.query(
                "SELECT ca_id FROM pki_crl WHERE next_update < ? ORDER BY ca_id", row -> row.getString(1), horizon);
    }

    /** Signs a new CRL for the CA if it is still due (another node may have just done it). */
    @Transactional
    public void refreshIfDue(String caCertificateId, Instant horizon) {
        Optional<Instant> nextUpdate = jdbc.queryOne(
                "SELECT next_update FROM pki_crl WHERE ca_id = ? FOR UPDATE",
                row -> Jdbc.instant(row, "next_update"),
                caCertificateId);
        if (nextUpdate.isEmpty() || !nextUpdate.get().isBefore(horizon)) {
            return;
        }
        own.authority(caCertificateId).ifPresent(ca -> regenerate(caCertificateId, ca));
    }

    @Override
    public String rootCertificatePem() {
        return Pem.certificate(own.rootCertificate());
    }

    @Override
    public String caChainPem() {
        return Pem.certificate(own.issuingCertificate()) + Pem.certificate(own.rootCertificate());
    }

    @Override
    public Optional<byte[]> crl(String caCertificateId) {
        return jdbc.queryOne("SELECT der FROM pki_crl WHERE ca_id = ?", row -> row.getBytes(1), caCertificateId);
    }
}
