package io.thingstead.pki.internal;

import io.thingstead.common.api.Ids;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.CaKind;
import io.thingstead.pki.api.CertificateAutoRegistered;
import io.thingstead.pki.api.CertificateChanged;
import io.thingstead.pki.api.CertificateInfo;
import io.thingstead.pki.api.CertificateStatus;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.NewKeysAndCertificate;
import io.thingstead.pki.api.ProvisioningCertificates;
import io.thingstead.pki.api.RevocationReason;
import io.thingstead.pki.api.ValidatedCsr;
import io.thingstead.pki.internal.crypto.CaRegistration;
import io.thingstead.pki.internal.crypto.Certificates;
import io.thingstead.pki.internal.crypto.CsrValidator;
import io.thingstead.pki.internal.crypto.KeyPairs;
import io.thingstead.policy.api.Policies;
import io.thingstead.policy.api.Policies.PolicyRef;
import io.thingstead.registry.api.ThingPrincipals;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Device certificates in {@code pki_certificate}: issued by Thingstead's issuing CA, registered with a registered CA,
 * registered without a CA, or registered just in time. Rules and messages are AWS's; see {@link StatusRules}.
 */
@ApplicationScoped
public class CertificateService implements DeviceCertificates, ProvisioningCertificates {
    static final String COLUMNS = "id, ca_id, status, certificate_pem, certificate_mode, not_before, not_after,"
            + " customer_version, generation_id, created_at, updated_at";
    private static final Logger LOG = Logger.getLogger(CertificateService.class);

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    PkiSettings settings;

    @Inject
    OwnAuthorities own;

    @Inject
    CrlService crls;

    @Inject
    CaRegistry cas;

    @Inject
    ThingPrincipals principals;

    @Inject
    Policies policies;

    @Inject
    Event<CertificateChanged> changes;

    @Inject
    Event<CertificateAutoRegistered> autoRegistrations;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional
    public NewKeysAndCertificate createKeysAndCertificate(boolean setAsActive) {
        KeyPair keyPair = KeyPairs.generate(settings.deviceKeyAlgorithm());
        IssuedCertificate issued = own.issuing().issueDeviceCertificate(keyPair.getPublic());
        CertificateInfo info = insert(issued, Optional.of(own.issuingId()), "ISSUED", status(setAsActive), "DEFAULT");
        return new NewKeysAndCertificate(info, KeyPairs.toPem(keyPair));
    }

    @Override
    @Transactional
    public CertificateInfo createFromCsr(String certificateSigningRequest, boolean setAsActive) {
        ValidatedCsr csr = new CsrValidator().validate(certificateSigningRequest);
        IssuedCertificate issued = own.issuing().issueDeviceCertificate(csr);
        return insert(issued, Optional.of(own.issuingId()), "ISSUED", status(setAsActive), "DEFAULT");
    }

    /**
     * Fleet provisioning's CreateKeysAndCertificate: like {@link #createKeysAndCertificate}, but the certificate is
     * {@code PENDING_ACTIVATION} until RegisterThing applies a template to it (AWS's behaviour).
     */
    @Transactional
    public NewKeysAndCertificate createKeysAndCertificatePendingActivation() {
        KeyPair keyPair = KeyPairs.generate(settings.deviceKeyAlgorithm());
        IssuedCertificate issued = own.issuing().issueDeviceCertificate(keyPair.getPublic());
        CertificateInfo info =
                insert(issued, Optional.of(own.issuingId()), "ISSUED", CertificateStatus.PENDING_ACTIVATION, "DEFAULT");
        return new NewKeysAndCertificate(info, KeyPairs.toPem(keyPair));
    }

    /** Fleet provisioning's CreateCertificateFromCsr: a certificate in {@code PENDING_ACTIVATION}. */
    @Transactional
    public CertificateInfo createFromCsrPendingActivation(String certificateSigningRequest) {
        ValidatedCsr csr = new CsrValidator().validate(certificateSigningRequest);
        IssuedCertificate issued = own.issuing().issueDeviceCertificate(csr);
        return insert(issued, Optional.of(own.issuingId()), "ISSUED", CertificateStatus.PENDING_ACTIVATION, "DEFAULT");
    }

    @Override
    public CertificateInfo describe(String certificateId) {
        String id = CertificateIds.require("certificateId", certificateId);
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM pki_certificate WHERE id = ?", this::info, id)
                .orElseThrow(() -> notFound(id));
    }

    @Override
    public Page<CertificateInfo> list(Optional<String> marker, int pageSize, boolean ascending) {
        return page("certificates", Optional.empty(), marker, pageSize, ascending);
    }

    @Override
    public Page<CertificateInfo> listByCa(
            String caCertificateId, Optional<String> marker, int pageSize, boolean ascending) {
        String caId = CertificateIds.require("caCertificateId", caCertificateId);
        if (!cas.exists(caId)) {
            throw IotException.notFound("CA certificate " + caId + " does not exist.");
        }
        return page("certificates-by-ca", Optional.of(caId), marker, pageSize, ascending);
    }

    private Page<CertificateInfo> page(
            String listing, Optional<String> caId, Optional<String> marker, int pageSize, boolean ascending) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM pki_certificate WHERE TRUE");
        caId.ifPresent(id -> {
            sql.append(" AND ca_id = ?");
            parameters.add(id);
        });
        return Markers.keysetPage(
                listing + caId.map(id -> ":" + id).orElse(""),
                marker,
                pageSize,
                ascending,
                sql,
                parameters,
                text -> jdbc.query(text, parameters, this::info),
                certificate -> new Markers.Position(certificate.creationDate(), certificate.certificateId()));
    }

    @Override
    @Transactional
    public void updateStatus(String certificateId, String newStatus) {
        String id = CertificateIds.require("certificateId", certificateId);
        CertificateStatus target = CertificateStatus.parse("newStatus", newStatus);
        Locked row = lock(id);
        if (!StatusRules.checkUpdate(id, row.status(), target)) {
            return;
        }
        jdbc.update(
                "UPDATE pki_certificate SET status = ?, customer_version = customer_version + 1, generation_id = ?,"
                        + " updated_at = ? WHERE id = ?",
                target.name(),
                Ids.uuid(),
                clock.instant(),
                id);
        if (target == CertificateStatus.REVOKED) {
            revokeInCrl(row, Optional.empty());
        }
        changes.fire(new CertificateChanged(id));
    }

    @Override
    @Transactional
    public void delete(String certificateId, boolean forceDelete) {
        String id = CertificateIds.require("certificateId", certificateId);
        Locked row = lock(id);
        StatusRules.checkDelete(id, row.status());
        String arn = arn(id);
        if (!principals.listThings(arn, Optional.empty(), 1).items().isEmpty()) {
            throw new IotException(
                    ErrorCode.DELETE_CONFLICT, "Things must be detached before deletion (arn: " + arn + ")");
        }
        List<String> attached = attachedPolicies(arn);
        if (!attached.isEmpty() && !forceDelete) {
            throw new IotException(
                    ErrorCode.DELETE_CONFLICT,
                    "Certificate policies must be detached before deletion (arn: " + arn + ")");
        }
        attached.forEach(policy -> policies.detach(policy, arn));
        if (row.status() != CertificateStatus.REVOKED) {
            revokeInCrl(row, Optional.of(RevocationReason.CESSATION_OF_OPERATION));
        }
        jdbc.update("DELETE FROM pki_certificate WHERE id = ?", id);
        changes.fire(new CertificateChanged(id));
    }

    @Override
    @Transactional
    public CertificateInfo register(
            String certificatePem, Optional<String> caCertificatePem, Optional<String> status, boolean setAsActive) {
        CertificateStatus initial = StatusRules.registrationStatus(status, setAsActive);
        X509Certificate device = Certificates.parsePem(certificatePem, "certificate");
        CaRegistry.RegisteredCa ca;
        if (caCertificatePem.isPresent() && !caCertificatePem.get().isBlank()) {
            X509Certificate given = Certificates.parsePem(caCertificatePem.get(), "CA certificate");
            String givenId = Certificates.certificateId(given);
            refuseOwnCa(givenId);
            ca = cas.registered(givenId)
                    .orElseThrow(() -> new IotException(
                            ErrorCode.CERTIFICATE_VALIDATION,
                            "The CA certificate " + givenId + " is not registered; register it with"
                                    + " RegisterCACertificate first."));
        } else {
            Optional<CaRegistry.IssuerMatch> issuer = cas.issuerOf(device);
            issuer.filter(match -> match.kind() != CaKind.REGISTERED)
                    .ifPresent(match -> refuseOwnCa(match.caCertificateId()));
            ca = issuer.flatMap(match -> cas.registered(match.caCertificateId()))
                    .orElseThrow(() -> new IotException(
                            ErrorCode.CERTIFICATE_VALIDATION,
                            "The certificate was not issued by a registered CA certificate; register its CA with"
                                    + " RegisterCACertificate, or use RegisterCertificateWithoutCA."));
        }
        if (!"ACTIVE".equals(ca.status())) {
            throw new IotException(
                    ErrorCode.CERTIFICATE_STATE,
                    "The CA certificate " + ca.caCertificateId() + " is " + ca.status()
                            + "; certificates can be registered only with an ACTIVE CA certificate.");
        }
        IssuedCertificate validated =
                new CaRegistration(clock).validateDeviceCertificate(certificatePem, ca.certificate());
        return insert(validated, Optional.of(ca.caCertificateId()), "REGISTERED", initial, "DEFAULT");
    }

    @Override
    @Transactional
    public CertificateInfo registerWithoutCa(String certificatePem, Optional<String> status) {
        CertificateStatus initial = StatusRules.registrationStatus(status, false);
        IssuedCertificate validated = new CaRegistration(clock).validateCertificateWithoutCa(certificatePem);
        cas.issuerOf(validated.certificate())
                .filter(match -> match.kind() != CaKind.REGISTERED)
                .ifPresent(match -> refuseOwnCa(match.caCertificateId()));
        return insert(validated, Optional.empty(), "REGISTERED_WITHOUT_CA", initial, "SNI_ONLY");
    }

    /**
     * Just-in-time registration: registers a certificate a device presented as PENDING_ACTIVATION and fires {@link
     * CertificateAutoRegistered}. Called by the authenticator after it checked the certificate.
     *
     * @return false when another connection registered it first
     */
    @Transactional
    public boolean autoRegister(IssuedCertificate certificate, String caCertificateId) {
        if (!insertJustInTime(certificate, caCertificateId)) {
            return false;
        }
        autoRegistrations.fire(new CertificateAutoRegistered(
                certificate.certificateId(), caCertificateId, certificate.certificatePem(), clock.instant()));
        LOG.infof(
                "Certificate %s issued by CA %s registered just in time as PENDING_ACTIVATION",
                certificate.certificateId(), caCertificateId);
        return true;
    }

    /**
     * Registers a certificate a device presented, issued by a registered CA with auto-registration enabled, as {@code
     * PENDING_ACTIVATION} (origin AUTO_REGISTERED), without firing {@link CertificateAutoRegistered}: just-in-time
     * registration and just-in-time provisioning both start here.
     *
     * @return false when it is registered already
     */
    @Transactional
    public boolean insertJustInTime(IssuedCertificate certificate, String caCertificateId) {
        Instant now = clock.instant();
        int inserted = jdbc.update(
                "INSERT INTO pki_certificate (id, ca_id, origin, certificate_pem, serial_number, status,"
                        + " certificate_mode, not_before, not_after, generation_id, created_at, updated_at)"
                        + " VALUES (?, ?, 'AUTO_REGISTERED', ?, ?, 'PENDING_ACTIVATION', 'DEFAULT', ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING",
                certificate.certificateId(),
                caCertificateId,
                certificate.certificatePem(),
                Rows.serial(certificate.certificate().getSerialNumber()),
                certificate.certificate().getNotBefore().toInstant(),
                certificate.certificate().getNotAfter().toInstant(),
                Ids.uuid(),
                now,
                now);
        if (inserted == 0) {
            return false;
        }
        changes.fire(new CertificateChanged(certificate.certificateId()));
        return true;
    }

    private void refuseOwnCa(String caCertificateId) {
        if (own.isOwn(caCertificateId)) {
            throw new IotException(
                    ErrorCode.CERTIFICATE_VALIDATION,
                    "The certificate was issued by Thingstead's own CA; such certificates cannot be registered"
                            + " (a deleted one stays on the CA's revocation list). Create a new one instead.");
        }
    }

    private List<String> attachedPolicies(String arn) {
        List<String> names = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        do {
            Page<PolicyRef> page = policies.listAttached(arn, false, marker, 250);
            page.items().forEach(ref -> names.add(ref.policyName()));
            marker = page.nextToken();
        } while (marker.isPresent());
        return names;
    }

    /** Lists a certificate of one of Thingstead's CAs on that CA's CRL and signs the CRL again. */
    private void revokeInCrl(Locked row, Optional<RevocationReason> reason) {
        if (row.caId().isEmpty() || !own.isOwn(row.caId().get())) {
            return;
        }
        String caId = row.caId().get();
        jdbc.update(
                "INSERT INTO pki_revoked_serial (ca_id, serial_number, revoked_at, reason, not_after)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                caId,
                row.serialNumber(),
                clock.instant(),
                reason.map(RevocationReason::code),
                row.notAfter());
        own.authority(caId).ifPresent(ca -> crls.regenerate(caId, ca));
    }

    private record Locked(
            String id, Optional<String> caId, CertificateStatus status, String serialNumber, Instant notAfter) {}

    private Locked lock(String id) {
        return jdbc.queryOne(
                        "SELECT id, ca_id, status, serial_number, not_after FROM pki_certificate WHERE id = ?"
                                + " FOR UPDATE",
                        row -> new Locked(
                                row.getString("id"),
                                Optional.ofNullable(row.getString("ca_id")),
                                CertificateStatus.valueOf(row.getString("status")),
                                row.getString("serial_number"),
                                Jdbc.instant(row, "not_after")),
                        id)
                .orElseThrow(() -> notFound(id));
    }

    private CertificateInfo insert(
            IssuedCertificate certificate,
            Optional<String> caId,
            String origin,
            CertificateStatus status,
            String mode) {
        Instant now = clock.instant();
        X509Certificate x509 = certificate.certificate();
        int inserted = jdbc.update(
                "INSERT INTO pki_certificate (id, ca_id, origin, certificate_pem, serial_number, status,"
                        + " certificate_mode, not_before, not_after, generation_id, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                certificate.certificateId(),
                caId,
                origin,
                certificate.certificatePem(),
                Rows.serial(x509.getSerialNumber()),
                status.name(),
                mode,
                x509.getNotBefore().toInstant(),
                x509.getNotAfter().toInstant(),
                Ids.uuid(),
                now,
                now);
        if (inserted == 0) {
            throw IotException.alreadyExists(
                    "The certificate is already registered.",
                    certificate.certificateId(),
                    arn(certificate.certificateId()));
        }
        if (status == CertificateStatus.REVOKED) {
            revokeInCrl(
                    new Locked(
                            certificate.certificateId(),
                            caId,
                            status,
                            Rows.serial(x509.getSerialNumber()),
                            x509.getNotAfter().toInstant()),
                    Optional.empty());
        }
        changes.fire(new CertificateChanged(certificate.certificateId()));
        return describe(certificate.certificateId());
    }

    private CertificateInfo info(ResultSet row) throws SQLException {
        String id = row.getString("id");
        return new CertificateInfo(
                id,
                arn(id),
                Optional.ofNullable(row.getString("ca_id")),
                CertificateStatus.valueOf(row.getString("status")),
                row.getString("certificate_pem"),
                platform.accountId(),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "updated_at"),
                row.getInt("customer_version"),
                row.getString("generation_id"),
                Jdbc.instant(row, "not_before"),
                Jdbc.instant(row, "not_after"),
                row.getString("certificate_mode"));
    }

    private String arn(String id) {
        return platform.iotArn("cert", id).toString();
    }

    private static CertificateStatus status(boolean setAsActive) {
        return setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE;
    }

    private static IotException notFound(String id) {
        return IotException.notFound("The certificate " + id + " does not exist.");
    }
}
