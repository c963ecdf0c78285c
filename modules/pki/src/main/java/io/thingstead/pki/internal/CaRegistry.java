package io.thingstead.pki.internal;

import io.thingstead.common.api.Ids;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.api.AutoRegistrationStatus;
import io.thingstead.pki.api.CaCertificateChanged;
import io.thingstead.pki.api.CaCertificateInfo;
import io.thingstead.pki.api.CaCertificateStatus;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.CaKind;
import io.thingstead.pki.api.CrlImportStatus;
import io.thingstead.pki.api.IssuedCertificate;
import io.thingstead.pki.api.JustInTimeProvisioner;
import io.thingstead.pki.api.RegisterCaCertificate;
import io.thingstead.pki.api.RegistrationConfig;
import io.thingstead.pki.api.UpdateCaCertificate;
import io.thingstead.pki.internal.crypto.CaRegistration;
import io.thingstead.pki.internal.crypto.Certificates;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * CA certificates in {@code pki_ca}: Thingstead's own two (described, never changed through the API) and the CAs
 * operators register with RegisterCACertificate, with AWS's rules; plus the registration code.
 */
@ApplicationScoped
public class CaRegistry implements CaCertificates {
    static final String COLUMNS = "id, kind, status, certificate_pem, auto_registration, certificate_mode,"
            + " registration_config, crl_url, not_before, not_after, customer_version, generation_id, created_at,"
            + " updated_at";
    /** AWS: "You can register up to 10 CA certificates with the same subject field per AWS account per region." */
    static final int MAX_SAME_SUBJECT = 10;

    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    @Inject
    Clock clock;

    @Inject
    OwnAuthorities own;

    @Inject
    ExternalCrls externalCrls;

    @Inject
    CrlFetcher fetcher;

    @Inject
    Instance<JustInTimeProvisioner> justInTime;

    @Inject
    Event<CaCertificateChanged> changes;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /** A registered CA, for RegisterCertificate. */
    public record RegisteredCa(String caCertificateId, String status, X509Certificate certificate) {}

    /** The CA whose key verifies a certificate's signature. */
    public record IssuerMatch(
            String caCertificateId,
            CaKind kind,
            CaCertificateStatus status,
            AutoRegistrationStatus autoRegistration,
            X509Certificate certificate) {}

    @Override
    @Transactional
    public String registrationCode() {
        jdbc.update(
                "INSERT INTO pki_registration_code (code, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                CaRegistration.newRegistrationCode(),
                clock.instant());
        return currentRegistrationCode().orElseThrow();
    }

    @Override
    @Transactional
    public void deleteRegistrationCode() {
        if (jdbc.update("DELETE FROM pki_registration_code") == 0) {
            throw IotException.notFound("There is no registration code to delete.");
        }
    }

    @Override
    @Transactional
    public CaCertificateInfo register(RegisterCaCertificate request) {
        String mode = request.certificateMode().orElse("DEFAULT");
        if ("SNI_ONLY".equals(mode)) {
            throw IotException.invalidRequest("certificateMode SNI_ONLY (multi-account registration) is not supported:"
                    + " Thingstead has one account; register the CA in DEFAULT mode with a verification"
                    + " certificate.");
        }
        if (!"DEFAULT".equals(mode)) {
            throw IotException.invalidRequest("1 validation error detected: Value at 'certificateMode' failed to"
                    + " satisfy constraint: Member must satisfy enum value set: [DEFAULT, SNI_ONLY]");
        }
        if (request.caCertificatePem() == null || request.caCertificatePem().isBlank()) {
            throw IotException.invalidRequest("caCertificate is required.");
        }
        String verification = request.verificationCertificatePem()
                .filter(pem -> !pem.isBlank())
                .orElseThrow(() -> IotException.invalidRequest(
                        "verificationCertificate is required when certificateMode is DEFAULT."));
        request.registrationConfig().ifPresent(this::validateConfig);
        CaRegistration registration = new CaRegistration(clock);
        IssuedCertificate ca = registration.validateCaCertificate(request.caCertificatePem());
        String code = currentRegistrationCode()
                .orElseThrow(() -> new IotException(
                        ErrorCode.REGISTRATION_CODE_VALIDATION,
                        "There is no registration code: call GetRegistrationCode and put the code in the"
                                + " verification certificate's Common Name."));
        registration.verifyVerificationCertificate(verification, ca.certificate(), code);
        String id = ca.certificateId();
        String subject = Rows.subject(ca.certificate());
        int sameSubject = jdbc.queryOne(
                        "SELECT count(*) FROM pki_ca WHERE kind = 'REGISTERED' AND subject = ?",
                        row -> row.getInt(1),
                        subject)
                .orElse(0);
        if (sameSubject >= MAX_SAME_SUBJECT) {
            throw new IotException(
                    ErrorCode.LIMIT_EXCEEDED,
                    "At most " + MAX_SAME_SUBJECT + " CA certificates with the same subject can be registered.");
        }
        Instant now = clock.instant();
        int inserted = jdbc.update(
                "INSERT INTO pki_ca (id, kind, certificate_pem, subject, status, auto_registration,"
                        + " certificate_mode, registration_config, not_before, not_after, generation_id, created_at,"
                        + " updated_at) VALUES (?, 'REGISTERED', ?, ?, ?, ?, 'DEFAULT', ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING",
                id,
                ca.certificatePem(),
                subject,
                (request.setAsActive() ? CaCertificateStatus.ACTIVE : CaCertificateStatus.INACTIVE).name(),
                (request.allowAutoRegistration() ? AutoRegistrationStatus.ENABLE : AutoRegistrationStatus.DISABLE)
                        .name(),
                request.registrationConfig().map(CaRegistry::toJson),
                ca.certificate().getNotBefore().toInstant(),
                ca.certificate().getNotAfter().toInstant(),
                Ids.uuid(),
                now,
                now);
        if (inserted == 0) {
            throw IotException.alreadyExists("The CA certificate is already registered.", id, arn(id));
        }
        changes.fire(new CaCertificateChanged(id));
        return describe(id);
    }

    @Override
    public CaCertificateInfo describe(String caCertificateId) {
        String id = CertificateIds.require("caCertificateId", caCertificateId);
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM pki_ca WHERE id = ?", this::info, id)
                .orElseThrow(() -> notFound(id));
    }

    public boolean exists(String caCertificateId) {
        return jdbc.queryOne("SELECT 1 FROM pki_ca WHERE id = ?", row -> 1, caCertificateId)
                .isPresent();
    }

    @Override
    public Page<CaCertificateInfo> list(
            Optional<String> marker, int pageSize, boolean ascending, Optional<String> templateName) {
        String listing = "cacertificates" + templateName.map(name -> ":" + name).orElse("");
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM pki_ca WHERE kind = 'REGISTERED'");
        templateName.ifPresent(name -> {
            sql.append(" AND registration_config::jsonb ->> 'templateName' = ?");
            parameters.add(name);
        });
        return Markers.keysetPage(
                listing,
                marker,
                pageSize,
                ascending,
                sql,
                parameters,
                text -> jdbc.query(text, parameters, this::info),
                ca -> new Markers.Position(ca.creationDate(), ca.certificateId()));
    }

    @Override
    @Transactional
    public void update(UpdateCaCertificate request) {
        String id = CertificateIds.require("caCertificateId", request.caCertificateId());
        Optional<CaCertificateStatus> status =
                request.newStatus().map(value -> CaCertificateStatus.parse("newStatus", value));
        Optional<AutoRegistrationStatus> autoRegistration = request.newAutoRegistrationStatus()
                .map(value -> AutoRegistrationStatus.parse("newAutoRegistrationStatus", value));
        request.registrationConfig().ifPresent(this::validateConfig);
        lockRegistered(id, ErrorCode.INVALID_REQUEST);
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(
                "UPDATE pki_ca SET customer_version = customer_version + 1," + " generation_id = ?, updated_at = ?");
        parameters.add(Ids.uuid());
        parameters.add(clock.instant());
        status.ifPresent(value -> {
            sql.append(", status = ?");
            parameters.add(value.name());
        });
        autoRegistration.ifPresent(value -> {
            sql.append(", auto_registration = ?");
            parameters.add(value.name());
        });
        if (request.removeAutoRegistration()) {
            sql.append(", registration_config = NULL");
        } else if (request.registrationConfig().isPresent()) {
            sql.append(", registration_config = ?");
            parameters.add(toJson(request.registrationConfig().get()));
        }
        sql.append(" WHERE id = ?");
        parameters.add(id);
        jdbc.update(sql.toString(), parameters.toArray());
        changes.fire(new CaCertificateChanged(id));
    }

    @Override
    @Transactional
    public void delete(String caCertificateId) {
        String id = CertificateIds.require("caCertificateId", caCertificateId);
        CaCertificateStatus status = lockRegistered(id, ErrorCode.CERTIFICATE_STATE);
        if (status == CaCertificateStatus.ACTIVE) {
            throw new IotException(
                    ErrorCode.CERTIFICATE_STATE,
                    "The CA certificate " + id + " must be deactivated (INACTIVE) before deletion.");
        }
        int devices = jdbc.queryOne("SELECT count(*) FROM pki_certificate WHERE ca_id = ?", row -> row.getInt(1), id)
                .orElse(0);
        if (devices > 0) {
            throw new IotException(
                    ErrorCode.CERTIFICATE_STATE,
                    "The CA certificate " + id + " still has " + devices + " device certificate(s) registered with"
                            + " it; delete them first.");
        }
        jdbc.update("DELETE FROM pki_ca WHERE id = ?", id);
        changes.fire(new CaCertificateChanged(id));
    }

    @Override
    public CrlImportStatus importCrl(String caCertificateId, byte[] crl) {
        String id = CertificateIds.require("caCertificateId", caCertificateId);
        return externalCrls.importCrl(id, crl, ExternalCrls.UPLOAD);
    }

    @Override
    public CrlImportStatus setCrlUrl(String caCertificateId, Optional<String> crlUrl) {
        String id = CertificateIds.require("caCertificateId", caCertificateId);
        return fetcher.setUrlAndFetch(id, crlUrl);
    }

    /** A registered CA by id. */
    public Optional<RegisteredCa> registered(String caCertificateId) {
        return jdbc.queryOne(
                "SELECT id, status, certificate_pem FROM pki_ca WHERE id = ? AND kind = 'REGISTERED'",
                row -> new RegisteredCa(
                        row.getString("id"), row.getString("status"), parse(row.getString("certificate_pem"))),
                caCertificateId);
    }

    /**
     * The CA (Thingstead's own or registered) that issued {@code certificate}: its subject is the certificate's issuer
     * and its key verifies the certificate's signature. ACTIVE CAs are preferred when several share a subject.
     */
    public Optional<IssuerMatch> issuerOf(X509Certificate certificate) {
        List<IssuerMatch> candidates = jdbc.query(
                "SELECT id, kind, status, auto_registration, certificate_pem FROM pki_ca WHERE subject = ?"
                        + " ORDER BY (status = 'ACTIVE') DESC, created_at",
                row -> new IssuerMatch(
                        row.getString("id"),
                        CaKind.valueOf(row.getString("kind")),
                        CaCertificateStatus.valueOf(row.getString("status")),
                        AutoRegistrationStatus.valueOf(row.getString("auto_registration")),
                        parse(row.getString("certificate_pem"))),
                Rows.name(certificate.getIssuerX500Principal()));
        for (IssuerMatch candidate : candidates) {
            if (signedBy(certificate, candidate.certificate())) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The registered CA rows that are ACTIVE, for the gateway's trust store. */
    public List<X509Certificate> activeRegistered() {
        return jdbc.query(
                "SELECT certificate_pem FROM pki_ca WHERE kind = 'REGISTERED' AND status = 'ACTIVE' ORDER BY created_at",
                row -> parse(row.getString(1)));
    }

    private Optional<String> currentRegistrationCode() {
        return jdbc.queryOne("SELECT code FROM pki_registration_code", row -> row.getString(1));
    }

    /**
     * Locks a registered CA's row; Thingstead's own CAs cannot be changed.
     *
     * @param refusal what refusing one of Thingstead's own CAs is (each operation has the error AWS models for it)
     */
    private CaCertificateStatus lockRegistered(String id, ErrorCode refusal) {
        String[] row = jdbc.queryOne(
                        "SELECT kind, status FROM pki_ca WHERE id = ? FOR UPDATE",
                        r -> new String[] {r.getString(1), r.getString(2)},
                        id)
                .orElseThrow(() -> notFound(id));
        if (!"REGISTERED".equals(row[0])) {
            throw new IotException(
                    refusal,
                    "The CA certificate " + id + " is Thingstead's own " + row[0].toLowerCase(Locale.ROOT)
                            + " CA; it cannot be updated or deleted through the API (see docs/pki.md).");
        }
        return CaCertificateStatus.valueOf(row[1]);
    }

    private CaCertificateInfo info(ResultSet row) throws SQLException {
        String id = row.getString("id");
        return new CaCertificateInfo(
                id,
                arn(id),
                CaKind.valueOf(row.getString("kind")),
                CaCertificateStatus.valueOf(row.getString("status")),
                row.getString("certificate_pem"),
                platform.accountId(),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "updated_at"),
                AutoRegistrationStatus.valueOf(row.getString("auto_registration")),
                row.getInt("customer_version"),
                row.getString("generation_id"),
                Jdbc.instant(row, "not_before"),
                Jdbc.instant(row, "not_after"),
                row.getString("certificate_mode"),
                Optional.ofNullable(row.getString("registration_config")).map(CaRegistry::fromJson),
                Optional.ofNullable(row.getString("crl_url")));
    }

    private String arn(String id) {
        return platform.iotArn("cacert", id).toString();
    }

    static X509Certificate parse(String pem) {
        return Certificates.parsePem(pem, "stored CA certificate");
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private void validateConfig(RegistrationConfig config) {
        validate(config);
        if (justInTime.isResolvable()) {
            justInTime.get().validate(config);
        } else if (config.provisionsJustInTime()) {
            throw IotException.invalidRequest("Just-in-time provisioning is not available in this installation.");
        }
    }

    static void validate(RegistrationConfig config) {
        config.templateBody().filter(body -> body.length() > 10240).ifPresent(body -> {
            throw IotException.invalidRequest("registrationConfig.templateBody is longer than 10240 characters.");
        });
        config.roleArn().filter(arn -> arn.length() < 20 || arn.length() > 2048).ifPresent(arn -> {
            throw IotException.invalidRequest("registrationConfig.roleArn must have 20 to 2048 characters.");
        });
        config.templateName()
                .filter(name -> !name.matches("[0-9A-Za-z_-]{1,36}"))
                .ifPresent(name -> {
                    throw IotException.invalidRequest(
                            "registrationConfig.templateName must be 1 to 36 characters of [0-9A-Za-z_-].");
                });
    }

    static String toJson(RegistrationConfig config) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        config.templateBody().ifPresent(value -> json.add("templateBody", value));
        config.roleArn().ifPresent(value -> json.add("roleArn", value));
        config.templateName().ifPresent(value -> json.add("templateName", value));
        return json.build().toString();
    }

    static RegistrationConfig fromJson(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            return new RegistrationConfig(
                    string(json, "templateBody"), string(json, "roleArn"), string(json, "templateName"));
        }
    }

    private static Optional<String> string(JsonObject json, String member) {
        return json.get(member) instanceof JsonString value ? Optional.of(value.getString()) : Optional.empty();
    }

    private static IotException notFound(String id) {
        return IotException.notFound("The CA certificate " + id + " does not exist.");
    }
}
