package io.thingstead.pki.internal;

import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.identity.api.Secrets;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.GatewayTrust.ServerCredentials;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.KeyAlgorithm;
import io.thingstead.pki.internal.crypto.CaMaterials;
import io.thingstead.pki.internal.crypto.Certificates;
import io.thingstead.pki.internal.crypto.KeyPairs;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The gateway's TLS server certificate: issued by the issuing CA for {@code thingstead.pki.endpoint-hosts}, stored
 * with its key sealed (purpose {@value #KEY_PURPOSE}{@code <id>}), shared by every node, and replaced when the hosts
 * change or {@value #RENEW_DAYS} days before it expires.
 */
@ApplicationScoped
public class ServerCertificates {
    static final String KEY_PURPOSE = "pki:server-private-key:";
    static final long RENEW_DAYS = 30;
    /** The advisory lock taken while issuing ("thingTLS"). */
    static final long ISSUE_LOCK = 0x7468696e67544c53L;

    private static final Logger LOG = Logger.getLogger(ServerCertificates.class);

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    Secrets secrets;

    @Inject
    PkiSettings settings;

    @Inject
    OwnAuthorities own;

    @Inject
    Clock clock;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** The current server certificate for the configured hosts, issuing one when there is none fresh enough. */
    @Transactional
    public ServerCredentials current() {
        EndpointHosts hosts = settings.endpointHosts();
        Instant horizon = clock.instant().plus(Duration.ofDays(RENEW_DAYS));
        Optional<ServerCredentials> stored = find(hosts, horizon);
        if (stored.isPresent()) {
            return stored.get();
        }
        jdbc.query("SELECT pg_advisory_xact_lock(?)", row -> 0, ISSUE_LOCK);
        return find(hosts, horizon).orElseGet(() -> issue(hosts));
    }

    private Optional<ServerCredentials> find(EndpointHosts hosts, Instant horizon) {
        return jdbc.queryOne(
                        "SELECT id, certificate_pem, sealed_private_key FROM pki_server_certificate"
                                + " WHERE hosts = ? AND not_after > ? ORDER BY not_after DESC LIMIT 1",
                        row -> new Object[] {row.getString(1), row.getString(2), row.getBytes(3)},
                        hosts.canonical(),
                        horizon)
                .map(row -> open((String) row[0], (String) row[1], (byte[]) row[2]));
    }

    private ServerCredentials open(String id, String certificatePem, byte[] sealed) {
        byte[] keyPem = secrets.open(sealed, KEY_PURPOSE + id);
        try {
            return new ServerCredentials(
                    List.of(Certificates.parsePem(certificatePem, "server certificate"), own.issuingCertificate()),
                    CaMaterials.privateKey(keyPem));
        } finally {
            Arrays.fill(keyPem, (byte) 0);
        }
    }

    private ServerCredentials issue(EndpointHosts hosts) {
        KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.EC_P256);
        IssuedCertificate issued = own.issuing()
                .issueServerCertificate(
                        keyPair.getPublic(),
                        hosts.dnsNames(),
                        hosts.ipAddresses(),
                        settings.serverCertificateValidity());
        byte[] keyPem = KeyPairs.privateKeyPkcs8Pem(keyPair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        byte[] sealed;
        try {
            sealed = secrets.seal(keyPem, KEY_PURPOSE + issued.certificateId());
        } finally {
            Arrays.fill(keyPem, (byte) 0);
        }
        jdbc.update(
                "INSERT INTO pki_server_certificate (id, hosts, certificate_pem, sealed_private_key, not_after,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                issued.certificateId(),
                hosts.canonical(),
                issued.certificatePem(),
                sealed,
                issued.certificate().getNotAfter().toInstant(),
                clock.instant());
        LOG.infof(
                "Issued the gateway's server certificate %s for %s, valid until %s",
                issued.certificateId(),
                hosts.canonical(),
                issued.certificate().getNotAfter().toInstant());
        return new ServerCredentials(List.of(issued.certificate(), own.issuingCertificate()), keyPair.getPrivate());
    }
}
