package io.thingstead.pki.internal;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.identity.api.Secrets;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.CodeSigning;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.KeyAlgorithm;
import io.thingstead.pki.internal.crypto.BouncyCastle;
import io.thingstead.pki.internal.crypto.CaMaterials;
import io.thingstead.pki.internal.crypto.KeyPairs;
import io.thingstead.pki.internal.crypto.Pem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.jboss.logging.Logger;

/**
 * The platform's code-signing key ({@link CodeSigning}): created at the PKI's start when there is none (or when the
 * current certificate has less than {@link #RENEW_BEFORE} left), issued by the issuing CA, its private key sealed with
 * the master key (purpose {@value #KEY_PURPOSE}{@code <id>}) and opened once per node into memory. Two nodes starting
 * at once serialise on an advisory lock; the partial unique index on {@code current} refuses a second current key.
 */
@ApplicationScoped
public class CodeSigner implements CodeSigning {
    static final String KEY_PURPOSE = "pki:code-signing-key:";
    static final Duration VALIDITY = Duration.ofDays(10 * 366L);
    static final Duration RENEW_BEFORE = Duration.ofDays(366);
    /** The advisory lock taken while creating the key ("thingSIG"). */
    static final long CREATE_LOCK = 0x7468696e67534947L;

    private static final Logger LOG = Logger.getLogger(CodeSigner.class);

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Secrets secrets;

    @Inject
    OwnAuthorities own;

    @Inject
    PkiSettings settings;

    @Inject
    Clock clock;

    private Jdbc jdbc;
    private volatile Loaded loaded;

    /** The key in memory. */
    private record Loaded(String id, PrivateKey key, String chainPem, Instant notAfter) {}

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /**
     * Creates the code-signing key unless a current one exists that is valid for longer than {@link #RENEW_BEFORE}.
     *
     * @return true when this call created one
     */
    @Transactional
    public boolean ensure() {
        Instant horizon = clock.instant().plus(RENEW_BEFORE);
        if (currentRow().filter(row -> row.notAfter.isAfter(horizon)).isPresent()) {
            return false;
        }
        jdbc.query("SELECT pg_advisory_xact_lock(?)", row -> 0, CREATE_LOCK);
        if (currentRow().filter(row -> row.notAfter.isAfter(horizon)).isPresent()) {
            return false;
        }
        KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.EC_P256);
        IssuedCertificate issued = own.issuing().issueCodeSigningCertificate(keyPair.getPublic(), subject(), VALIDITY);
        byte[] keyPem = KeyPairs.privateKeyPkcs8Pem(keyPair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        byte[] sealed;
        try {
            sealed = secrets.seal(keyPem, KEY_PURPOSE + issued.certificateId());
        } finally {
            Arrays.fill(keyPem, (byte) 0);
        }
        Instant now = clock.instant();
        jdbc.update("UPDATE pki_code_signer SET current = false WHERE current");
        jdbc.update(
                "INSERT INTO pki_code_signer (id, certificate_pem, issuer_ca_id, sealed_private_key, current,"
                        + " not_before, not_after, created_at) VALUES (?, ?, ?, ?, true, ?, ?, ?)",
                issued.certificateId(),
                issued.certificatePem(),
                own.issuingId(),
                sealed,
                issued.certificate().getNotBefore().toInstant(),
                issued.certificate().getNotAfter().toInstant(),
                now);
        loaded = null;
        LOG.infof(
                "Created the platform's code-signing key; its certificate %s (issued by %s) is valid until %s",
                issued.certificateId(),
                own.issuingId(),
                issued.certificate().getNotAfter().toInstant());
        return true;
    }

    @Override
    public CodeSignature signSha256(byte[] sha256) {
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
        }
        Loaded current = loaded();
        try {
            // ECDSA signs the digest; over a P-256 key a 32-byte digest is used as it is, so this equals
            // SHA256withECDSA over the bytes themselves
            Signature signer = Signature.getInstance("NONEwithECDSA", BouncyCastle.provider());
            signer.initSign(current.key());
            signer.update(sha256);
            return new CodeSignature(signer.sign(), ALGORITHM, current.id(), current.chainPem());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the code-signing key cannot sign", e);
        }
    }

    @Override
    public String certificateChainPem() {
        return loaded().chainPem();
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    current = open();
                    loaded = current;
                }
            }
        }
        return current;
    }

    private Loaded open() {
        Row row = currentRow()
                .orElseThrow(() -> new IllegalStateException(
                        "the platform's code-signing key is not created yet: the PKI has not started"));
        byte[] keyPem = secrets.open(row.sealed, KEY_PURPOSE + row.id);
        try {
            String chain = row.certificatePem + Pem.certificate(own.issuingCertificate());
            return new Loaded(row.id, CaMaterials.privateKey(keyPem), chain, row.notAfter);
        } finally {
            Arrays.fill(keyPem, (byte) 0);
        }
    }

    private record Row(String id, String certificatePem, byte[] sealed, Instant notAfter) {}

    private Optional<Row> currentRow() {
        return jdbc.queryOne(
                "SELECT id, certificate_pem, sealed_private_key, not_after FROM pki_code_signer WHERE current",
                row -> new Row(row.getString(1), row.getString(2), row.getBytes(3), Jdbc.instant(row, "not_after")));
    }

    private X500Principal subject() {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, settings.organization())
                .addRDN(BCStyle.CN, "Thingstead Code Signing");
        try {
            return new X500Principal(name.build().getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode the code signer's name", e);
        }
    }
}
