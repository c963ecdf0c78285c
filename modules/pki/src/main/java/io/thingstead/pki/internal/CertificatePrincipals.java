package io.thingstead.pki.internal;

import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.sql.Jdbc;
import io.thingstead.migrations.api.Datasources;
import io.thingstead.pki.internal.crypto.CertificateFieldReader;
import io.thingstead.pki.internal.crypto.Certificates;
import io.thingstead.policy.api.CertificateFieldSource;
import io.thingstead.registry.api.PrincipalValidator;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Certificate ARNs as principals for the other modules: the registry refuses to attach a certificate that does not
 * exist ({@link PrincipalValidator}), and TestAuthorization resolves {@code iot:Certificate.*} for a certificate
 * principal ({@link CertificateFieldSource}).
 */
@ApplicationScoped
public class CertificatePrincipals implements PrincipalValidator, CertificateFieldSource {
    @Resource(lookup = Datasources.THINGSTEAD)
    DataSource dataSource;

    @Inject
    PlatformIdentity platform;

    private Jdbc jdbc;

    @PostConstruct
    void init() {
        jdbc = new Jdbc(dataSource);
    }

    /**
     * Whether a certificate ARN names a certificate of this account and region. The row is read {@code FOR SHARE}, so
     * an attach in progress and a concurrent DeleteCertificate (which locks it {@code FOR UPDATE} and then checks
     * attachments) cannot both succeed.
     */
    @Override
    public Optional<Boolean> exists(String principalArn) {
        return CertificateIds.parseArn(principalArn)
                .map(arn -> arn.idIn(platform.region(), platform.accountId())
                        .map(id -> jdbc.queryOne("SELECT 1 FROM pki_certificate WHERE id = ? FOR SHARE", row -> 1, id)
                                .isPresent())
                        .orElse(false));
    }

    @Override
    public Optional<Map<String, List<String>>> certificateFields(String principal) {
        return CertificateIds.parseArn(principal)
                .flatMap(arn -> arn.idIn(platform.region(), platform.accountId()))
                .flatMap(id -> jdbc.queryOne(
                        "SELECT certificate_pem FROM pki_certificate WHERE id = ?", row -> row.getString(1), id))
                .map(pem -> CertificateFieldReader.fields(Certificates.parsePem(pem, "stored certificate")));
    }
}
