package io.thingstead.pki.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.AuthenticationResult;
import io.thingstead.pki.api.AuthenticationResult.Refused;
import io.thingstead.pki.api.AutoRegistrationStatus;
import io.thingstead.pki.api.CaCertificateChanged;
import io.thingstead.pki.api.CaCertificateStatus;
import io.thingstead.pki.api.CaKind;
import io.thingstead.pki.api.CertificateChanged;
import io.thingstead.pki.api.CertificateStatus;
import io.thingstead.pki.api.DeviceAuthenticator;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.JustInTimeProvisioner;
import io.thingstead.pki.api.RefusalReason;
import io.thingstead.pki.api.RegistrationConfig;
import io.thingstead.pki.internal.AuthenticationRules.CaFacts;
import io.thingstead.pki.internal.AuthenticationRules.KnownCertificate;
import io.thingstead.pki.internal.crypto.CaRegistration;
import io.thingstead.pki.internal.crypto.CertificateFieldReader;
import io.thingstead.pki.internal.crypto.Certificates;
import io.thingstead.pki.internal.crypto.Pem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * {@link DeviceAuthenticator}: facts about a certificate are loaded once and cached per certificate id; the decision
 * is made from them at every call ({@link AuthenticationRules}), so that expiry needs no invalidation. Every
 * certificate or CA change empties the cache entry (or the cache) after its transaction commits; a generation counter
 * keeps a load that raced with a change from being cached. Entries also expire after {@code
 * thingstead.pki.authentication-cache-ttl}, which bounds how long another node's change takes to be seen.
 */
@ApplicationScoped
public class AuthenticationService implements DeviceAuthenticator {
    static final int MAX_ENTRIES = 200_000;
    private static final Logger LOG = Logger.getLogger(AuthenticationService.class);

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    PkiSettings settings;

    @Inject
    CaRegistry cas;

    @Inject
    ExternalCrls externalCrls;

    @Inject
    CertificateService certificates;

    @Inject
    Instance<JustInTimeProvisioner> justInTime;

    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private Jdbc jdbc;

    /** What is cached: facts about a known certificate, or the refusal of an unknown one. */
    private record Entry(Optional<KnownCertificate> known, Optional<Refused> refusal, Instant expires) {}

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    public AuthenticationResult authenticate(X509Certificate[] presentedChain) {
        if (presentedChain == null || presentedChain.length == 0 || presentedChain[0] == null) {
            return new Refused(RefusalReason.NO_CERTIFICATE, Optional.empty(), "no client certificate was presented");
        }
        X509Certificate leaf = presentedChain[0];
        String id = Certificates.certificateId(leaf);
        Instant now = clock.instant();
        Entry entry = cache.get(id);
        if (entry == null || now.isAfter(entry.expires())) {
            long before = generation.get();
            entry = load(id, leaf, now);
            if (entry != null && generation.get() == before) {
                if (cache.size() >= MAX_ENTRIES) {
                    cache.clear();
                }
                cache.put(id, entry);
            }
        }
        if (entry == null) {
            // registered just now, or a race with a change: decide from the database without caching
            return load(id, leaf, now) instanceof Entry fresh ? decide(fresh, now) : refusedNow(id);
        }
        return decide(entry, now);
    }

    private static AuthenticationResult decide(Entry entry, Instant now) {
        return entry.known().isPresent()
                ? AuthenticationRules.decide(entry.known().get(), now)
                : entry.refusal().orElseThrow();
    }

    private static AuthenticationResult refusedNow(String id) {
        return new Refused(RefusalReason.PENDING_ACTIVATION, Optional.of(id), "the certificate is being registered");
    }

    /** Facts from the database; null after a just-in-time registration (not cached: the next call loads it). */
    private Entry load(String id, X509Certificate leaf, Instant now) {
        Instant expires = now.plus(settings.authenticationCacheTtl());
        Optional<KnownCertificate> known = known(id, leaf);
        if (known.isPresent()) {
            return new Entry(known, Optional.empty(), expires);
        }
        Optional<CaRegistry.IssuerMatch> issuer = cas.issuerOf(leaf);
        String serial = Rows.serial(leaf.getSerialNumber());
        boolean revoked = issuer.map(ca -> ca.kind() == CaKind.REGISTERED
                        ? externalCrls.revoked(ca.caCertificateId(), serial)
                        : ownRevoked(ca.caCertificateId(), serial))
                .orElse(false);
        Optional<Refused> refusal = AuthenticationRules.decideUnknown(
                id,
                issuer.map(AuthenticationService::facts),
                revoked,
                leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(),
                now);
        if (refusal.isPresent()) {
            return new Entry(Optional.empty(), refusal, expires);
        }
        String caId = issuer.orElseThrow().caCertificateId();
        IssuedCertificate checked;
        try {
            checked = new CaRegistration(clock)
                    .validateDeviceCertificate(
                            Pem.certificate(leaf), issuer.get().certificate());
        } catch (IotException e) {
            return new Entry(
                    Optional.empty(),
                    Optional.of(new Refused(RefusalReason.UNTRUSTED_CHAIN, Optional.of(id), e.getMessage())),
                    expires);
        }
        Optional<RegistrationConfig> config = cas.describe(caId).registrationConfig();
        if (config.isPresent() && config.get().provisionsJustInTime()) {
            Optional<String> problem = justInTime.isResolvable()
                    ? justInTime.get().provision(checked, caId, config.get(), CertificateFieldReader.fields(leaf))
                    : Optional.of("just-in-time provisioning is not available in this installation");
            if (problem.isPresent()) {
                // nothing was registered; tried again once this refusal leaves the cache
                return new Entry(
                        Optional.empty(),
                        Optional.of(new Refused(
                                RefusalReason.UNKNOWN_CERTIFICATE,
                                Optional.of(id),
                                "just-in-time provisioning failed: " + problem.get())),
                        expires);
            }
            // AWS's behaviour: the connection that provisioned is refused, the next one is accepted
            return new Entry(
                    Optional.empty(),
                    Optional.of(new Refused(
                            RefusalReason.PENDING_ACTIVATION,
                            Optional.of(id),
                            "the certificate was provisioned just in time; connect again")),
                    now);
        }
        try {
            certificates.autoRegister(checked, caId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Certificate %s of CA %s could not be registered just in time", id, caId);
            return new Entry(
                    Optional.empty(),
                    Optional.of(new Refused(
                            RefusalReason.UNKNOWN_CERTIFICATE,
                            Optional.of(id),
                            "the certificate is not registered and could not be registered just in time")),
                    now);
        }
        return null;
    }

    private Optional<KnownCertificate> known(String id, X509Certificate leaf) {
        Optional<Object[]> row = jdbc.queryOne(
                "SELECT c.status, c.not_before, c.not_after, c.serial_number, c.ca_id, a.kind, a.status AS ca_status,"
                        + " a.auto_registration, a.not_before AS ca_not_before, a.not_after AS ca_not_after"
                        + " FROM pki_certificate c LEFT JOIN pki_ca a ON a.id = c.ca_id WHERE c.id = ?",
                r -> {
                    Optional<CaFacts> ca = r.getString("ca_id") == null
                            ? Optional.empty()
                            : Optional.of(new CaFacts(
                                    r.getString("ca_id"),
                                    CaKind.valueOf(r.getString("kind")),
                                    CaCertificateStatus.valueOf(r.getString("ca_status")),
                                    AutoRegistrationStatus.valueOf(r.getString("auto_registration")),
                                    Jdbc.instant(r, "ca_not_before"),
                                    Jdbc.instant(r, "ca_not_after")));
                    return new Object[] {
                        CertificateStatus.valueOf(r.getString("status")),
                        Jdbc.instant(r, "not_before"),
                        Jdbc.instant(r, "not_after"),
                        r.getString("serial_number"),
                        ca
                    };
                },
                id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Object[] values = row.get();
        @SuppressWarnings("unchecked")
        Optional<CaFacts> ca = (Optional<CaFacts>) values[4];
        boolean revokedByCa = ca.filter(facts -> facts.kind() == CaKind.REGISTERED)
                .map(facts -> externalCrls.revoked(facts.caCertificateId(), (String) values[3]))
                .orElse(false);
        return Optional.of(new KnownCertificate(
                id,
                platform.iotArn("cert", id).toString(),
                (CertificateStatus) values[0],
                (Instant) values[1],
                (Instant) values[2],
                ca,
                revokedByCa,
                CertificateFieldReader.fields(leaf)));
    }

    private boolean ownRevoked(String caId, String serial) {
        return jdbc.queryOne(
                        "SELECT 1 FROM pki_revoked_serial WHERE ca_id = ? AND serial_number = ?",
                        row -> 1,
                        caId,
                        serial)
                .isPresent();
    }

    private static CaFacts facts(CaRegistry.IssuerMatch ca) {
        return new CaFacts(
                ca.caCertificateId(),
                ca.kind(),
                ca.status(),
                ca.autoRegistration(),
                ca.certificate().getNotBefore().toInstant(),
                ca.certificate().getNotAfter().toInstant());
    }

    void onCertificateChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CertificateChanged change) {
        generation.incrementAndGet();
        cache.remove(change.certificateId());
        LOG.tracef("authentication cache: certificate %s changed", change.certificateId());
    }

    void onCaChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CaCertificateChanged change) {
        generation.incrementAndGet();
        cache.clear();
        LOG.tracef("authentication cache: CA %s changed", change.caCertificateId());
    }
}
