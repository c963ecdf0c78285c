package io.thingstead.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingstead.pki.api.AuthenticationResult;
import io.thingstead.pki.api.AuthenticationResult.Accepted;
import io.thingstead.pki.api.AuthenticationResult.Refused;
import io.thingstead.pki.api.AutoRegistrationStatus;
import io.thingstead.pki.api.CaCertificateStatus;
import io.thingstead.pki.api.CaKind;
import io.thingstead.pki.api.CertificateStatus;
import io.thingstead.pki.api.RefusalReason;
import io.thingstead.pki.internal.AuthenticationRules.CaFacts;
import io.thingstead.pki.internal.AuthenticationRules.KnownCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticationRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String ID = "a".repeat(64);
    private static final String CA = "c".repeat(64);
    private static final Map<String, List<String>> FIELDS = Map.of("Subject.CommonName", List.of("lamp-1"));

    private static CaFacts ca(CaKind kind, CaCertificateStatus status, AutoRegistrationStatus auto) {
        return new CaFacts(CA, kind, status, auto, NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(365)));
    }

    private static final CaFacts REGISTERED_ACTIVE =
            ca(CaKind.REGISTERED, CaCertificateStatus.ACTIVE, AutoRegistrationStatus.ENABLE);

    private static KnownCertificate known(CertificateStatus status, Optional<CaFacts> ca, boolean revokedByCa) {
        return new KnownCertificate(
                ID,
                "arn:aws:iot:us-east-1:000000000000:cert/" + ID,
                status,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(1)),
                ca,
                revokedByCa,
                FIELDS);
    }

    private static RefusalReason reason(AuthenticationResult result) {
        assertThat(result).isInstanceOf(Refused.class);
        return ((Refused) result).reason();
    }

    @Test
    void anActiveCertificateOfAnActiveCaIsAcceptedWithItsFields() {
        AuthenticationResult result =
                AuthenticationRules.decide(known(CertificateStatus.ACTIVE, Optional.of(REGISTERED_ACTIVE), false), NOW);

        assertThat(result).isInstanceOfSatisfying(Accepted.class, accepted -> {
            assertThat(accepted.certificateId()).contains(ID);
            assertThat(accepted.certificateArn()).endsWith(":cert/" + ID);
            assertThat(accepted.caCertificateId()).contains(CA);
            assertThat(accepted.certificateFields()).isEqualTo(FIELDS);
        });
        assertThat(result.accepted()).isTrue();
    }

    @Test
    void aCertificateRegisteredWithoutACaNeedsNoCa() {
        AuthenticationResult result =
                AuthenticationRules.decide(known(CertificateStatus.ACTIVE, Optional.empty(), false), NOW);

        assertThat(result)
                .isInstanceOfSatisfying(
                        Accepted.class,
                        accepted -> assertThat(accepted.caCertificateId()).isEmpty());
    }

    @Test
    void statusDecidesFirst() {
        Optional<CaFacts> ca = Optional.of(REGISTERED_ACTIVE);
        assertThat(reason(AuthenticationRules.decide(known(CertificateStatus.REVOKED, ca, false), NOW)))
                .isEqualTo(RefusalReason.REVOKED);
        assertThat(reason(AuthenticationRules.decide(known(CertificateStatus.INACTIVE, ca, false), NOW)))
                .isEqualTo(RefusalReason.INACTIVE);
        assertThat(reason(AuthenticationRules.decide(known(CertificateStatus.PENDING_ACTIVATION, ca, false), NOW)))
                .isEqualTo(RefusalReason.PENDING_ACTIVATION);
        assertThat(reason(AuthenticationRules.decide(known(CertificateStatus.ACTIVE, ca, true), NOW)))
                .as("on the CA's imported CRL")
                .isEqualTo(RefusalReason.REVOKED);
    }

    @Test
    void expiryIsJudgedAtEveryCall() {
        KnownCertificate certificate = known(CertificateStatus.ACTIVE, Optional.of(REGISTERED_ACTIVE), false);

        assertThat(AuthenticationRules.decide(certificate, NOW).accepted()).isTrue();
        assertThat(reason(AuthenticationRules.decide(certificate, NOW.plus(Duration.ofDays(2)))))
                .isEqualTo(RefusalReason.EXPIRED);
        assertThat(reason(AuthenticationRules.decide(certificate, NOW.minus(Duration.ofDays(2)))))
                .isEqualTo(RefusalReason.EXPIRED);
    }

    @Test
    void anInactiveOrExpiredCaRefusesItsCertificates() {
        CaFacts inactive = ca(CaKind.REGISTERED, CaCertificateStatus.INACTIVE, AutoRegistrationStatus.DISABLE);
        assertThat(reason(
                        AuthenticationRules.decide(known(CertificateStatus.ACTIVE, Optional.of(inactive), false), NOW)))
                .isEqualTo(RefusalReason.CA_INACTIVE);

        CaFacts expired = new CaFacts(
                CA,
                CaKind.REGISTERED,
                CaCertificateStatus.ACTIVE,
                AutoRegistrationStatus.DISABLE,
                NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofDays(1)));
        assertThat(reason(
                        AuthenticationRules.decide(known(CertificateStatus.ACTIVE, Optional.of(expired), false), NOW)))
                .isEqualTo(RefusalReason.EXPIRED);
    }

    @Test
    void unknownCertificates() {
        Instant from = NOW.minus(Duration.ofDays(1));
        Instant to = NOW.plus(Duration.ofDays(1));

        assertThat(AuthenticationRules.decideUnknown(ID, Optional.empty(), false, from, to, NOW))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNTRUSTED_CHAIN));
        assertThat(AuthenticationRules.decideUnknown(
                        ID,
                        Optional.of(ca(CaKind.ISSUING, CaCertificateStatus.ACTIVE, AutoRegistrationStatus.DISABLE)),
                        false,
                        from,
                        to,
                        NOW))
                .as("deleted from Thingstead's own CA")
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNKNOWN_CERTIFICATE));
        assertThat(AuthenticationRules.decideUnknown(
                        ID,
                        Optional.of(ca(CaKind.ISSUING, CaCertificateStatus.ACTIVE, AutoRegistrationStatus.DISABLE)),
                        true,
                        from,
                        to,
                        NOW))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RefusalReason.REVOKED));
        assertThat(AuthenticationRules.decideUnknown(
                        ID,
                        Optional.of(ca(CaKind.REGISTERED, CaCertificateStatus.INACTIVE, AutoRegistrationStatus.ENABLE)),
                        false,
                        from,
                        to,
                        NOW))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RefusalReason.CA_INACTIVE));
        assertThat(AuthenticationRules.decideUnknown(
                        ID,
                        Optional.of(ca(CaKind.REGISTERED, CaCertificateStatus.ACTIVE, AutoRegistrationStatus.DISABLE)),
                        false,
                        from,
                        to,
                        NOW))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNKNOWN_CERTIFICATE));
        assertThat(AuthenticationRules.decideUnknown(
                        ID, Optional.of(REGISTERED_ACTIVE), false, from, NOW.minusSeconds(1), NOW))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RefusalReason.EXPIRED));
        assertThat(AuthenticationRules.decideUnknown(ID, Optional.of(REGISTERED_ACTIVE), true, from, to, NOW))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RefusalReason.REVOKED));
    }

    @Test
    void anUnknownCertificateOfAnActiveCaWithAutoRegistrationIsRegisteredJustInTime() {
        assertThat(AuthenticationRules.decideUnknown(
                        ID,
                        Optional.of(REGISTERED_ACTIVE),
                        false,
                        NOW.minus(Duration.ofDays(1)),
                        NOW.plus(Duration.ofDays(1)),
                        NOW))
                .isEmpty();
    }
}
