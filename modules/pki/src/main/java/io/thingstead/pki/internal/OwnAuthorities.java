package io.thingstead.pki.internal;

import io.thingstead.common.api.Ids;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.identity.api.Secrets;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.CaMaterial;
import io.thingstead.pki.internal.crypto.CaMaterials;
import io.thingstead.pki.internal.crypto.CertificateAuthority;
import io.thingstead.pki.internal.crypto.Certificates;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.jboss.logging.Logger;

/**
 * Thingstead's own certificate authorities: a root CA, which signs only the issuing CA, and the issuing CA, which
 * signs device and server certificates. Both are created at the very first start; their private keys are sealed with
 * the master key ({@link Secrets}, purpose {@value #KEY_PURPOSE}{@code <ca id>}) before they touch the database, and
 * opened once per node into memory.
 *
 * <p>Two nodes starting at once serialise on a PostgreSQL advisory lock, and {@code pki_own_ca}'s single-row primary
 * key would refuse a second pair anyway.
 */
@ApplicationScoped
public class OwnAuthorities {
    static final String KEY_PURPOSE = "pki:ca-private-key:";
    /** The advisory lock taken while creating the CAs ("thingPKI"). */
    static final long BOOTSTRAP_LOCK = 0x7468696e67504b49L;

    private static final Logger LOG = Logger.getLogger(OwnAuthorities.class);

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Secrets secrets;

    @Inject
    PkiSettings settings;

    @Inject
    Clock clock;

    @Inject
    CrlService crls;

    private Jdbc jdbc;
    private volatile Loaded loaded;

    /** The CAs as held in memory. */
    record Loaded(String rootId, CertificateAuthority root, String issuingId, CertificateAuthority issuing) {}

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /**
     * Creates the root and issuing CA unless they exist, with their first (empty) CRLs.
     *
     * @return true when this call created them
     */
    @Transactional
    public boolean bootstrap() {
        jdbc.query("SELECT pg_advisory_xact_lock(?)", row -> 0, BOOTSTRAP_LOCK);
        if (jdbc.queryOne("SELECT 1 FROM pki_own_ca", row -> 1).isPresent()) {
            return false;
        }
        Instant now = clock.instant();
        CaMaterial rootMaterial = CertificateAuthority.createRoot(
                subject("Thingstead Root CA"),
                settings.caKeyAlgorithm(),
                CertificateAuthority.DEFAULT_ROOT_VALIDITY,
                clock);
        String rootId = Certificates.certificateId(rootMaterial.certificate());
        CertificateAuthority root =
                new CertificateAuthority(rootMaterial, settings.crlDistributionPoint(rootId), clock);
        CaMaterial issuingMaterial = root.createIntermediate(
                subject("Thingstead Issuing CA 1"),
                settings.caKeyAlgorithm(),
                CertificateAuthority.DEFAULT_INTERMEDIATE_VALIDITY);
        String issuingId = Certificates.certificateId(issuingMaterial.certificate());
        CertificateAuthority issuing =
                new CertificateAuthority(issuingMaterial, settings.crlDistributionPoint(issuingId), clock);
        insert(rootId, "ROOT", rootMaterial, now);
        insert(issuingId, "ISSUING", issuingMaterial, now);
        jdbc.update(
                "INSERT INTO pki_own_ca (root_ca_id, issuing_ca_id, created_at) VALUES (?, ?, ?)",
                rootId,
                issuingId,
                now);
        crls.regenerate(rootId, root);
        crls.regenerate(issuingId, issuing);
        LOG.infof(
                "Created Thingstead's root CA %s (%s) and issuing CA %s (%s); their keys are sealed with the"
                        + " master key",
                rootId,
                rootMaterial.certificate().getSubjectX500Principal().getName(),
                issuingId,
                issuingMaterial.certificate().getSubjectX500Principal().getName());
        return true;
    }

    /** The issuing CA, which signs device and server certificates. */
    public CertificateAuthority issuing() {
        return loaded().issuing();
    }

    public String issuingId() {
        return loaded().issuingId();
    }

    public CertificateAuthority root() {
        return loaded().root();
    }

    public String rootId() {
        return loaded().rootId();
    }

    public boolean isOwn(String caCertificateId) {
        Loaded current = loaded();
        return current.rootId().equals(caCertificateId) || current.issuingId().equals(caCertificateId);
    }

    /** One of Thingstead's own CAs by id. */
    public Optional<CertificateAuthority> authority(String caCertificateId) {
        Loaded current = loaded();
        if (current.rootId().equals(caCertificateId)) {
            return Optional.of(current.root());
        }
        if (current.issuingId().equals(caCertificateId)) {
            return Optional.of(current.issuing());
        }
        return Optional.empty();
    }

    public X509Certificate rootCertificate() {
        return loaded().root().certificate();
    }

    public X509Certificate issuingCertificate() {
        return loaded().issuing().certificate();
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    current = load();
                    loaded = current;
                }
            }
        }
        return current;
    }

    private Loaded load() {
        Optional<String[]> ids = jdbc.queryOne("SELECT root_ca_id, issuing_ca_id FROM pki_own_ca", row ->
                new String[] {row.getString(1), row.getString(2)});
        if (ids.isEmpty()) {
            throw new IotException(
                    ErrorCode.SERVICE_UNAVAILABLE,
                    "Thingstead's certificate authority is not created yet: the database schema is not ready.");
        }
        String rootId = ids.get()[0];
        String issuingId = ids.get()[1];
        return new Loaded(rootId, open(rootId), issuingId, open(issuingId));
    }

    private CertificateAuthority open(String caId) {
        Object[] row = jdbc.queryOne(
                        "SELECT certificate_pem, sealed_private_key FROM pki_ca WHERE id = ?",
                        r -> new Object[] {r.getString(1), r.getBytes(2)},
                        caId)
                .orElseThrow(() -> new IllegalStateException("Thingstead's CA " + caId + " is missing"));
        byte[] keyPem = secrets.open((byte[]) row[1], KEY_PURPOSE + caId);
        try {
            CaMaterial material = CaMaterials.load((String) row[0], keyPem);
            if (!Certificates.certificateId(material.certificate()).equals(caId)) {
                throw new IllegalStateException("the stored certificate of CA " + caId + " does not match its id");
            }
            return new CertificateAuthority(material, settings.crlDistributionPoint(caId), clock);
        } finally {
            Arrays.fill(keyPem, (byte) 0);
        }
    }

    private void insert(String id, String kind, CaMaterial material, Instant now) {
        byte[] keyPem = CaMaterials.privateKeyPem(material);
        byte[] sealed;
        try {
            sealed = secrets.seal(keyPem, KEY_PURPOSE + id);
        } finally {
            Arrays.fill(keyPem, (byte) 0);
        }
        X509Certificate certificate = material.certificate();
        jdbc.update(
                "INSERT INTO pki_ca (id, kind, certificate_pem, subject, sealed_private_key, status, not_before,"
                        + " not_after, generation_id, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?)",
                id,
                kind,
                CaMaterials.certificatePem(material),
                Rows.subject(certificate),
                sealed,
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                Ids.uuid(),
                now,
                now);
    }

    private X500Principal subject(String commonName) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, settings.organization())
                .addRDN(BCStyle.CN, commonName);
        try {
            return new X500Principal(name.build().getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode a CA name", e);
        }
    }
}
