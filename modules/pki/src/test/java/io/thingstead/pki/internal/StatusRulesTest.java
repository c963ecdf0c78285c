package io.thingstead.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.CertificateStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusRulesTest {
    private static final String ID = "a".repeat(64);

    private static void assertError(Runnable call, ErrorCode code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(IotException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @ParameterizedTest
    @EnumSource(
            value = CertificateStatus.class,
            names = {"ACTIVE", "INACTIVE", "PENDING_ACTIVATION"})
    void activeInactiveAndRevokedCanBeSetFromAnyStatusButRevoked(CertificateStatus from) {
        assertThat(StatusRules.checkUpdate(ID, from, CertificateStatus.REVOKED)).isTrue();
        assertThat(StatusRules.checkUpdate(ID, from, CertificateStatus.ACTIVE))
                .isEqualTo(from != CertificateStatus.ACTIVE);
        assertThat(StatusRules.checkUpdate(ID, from, CertificateStatus.INACTIVE))
                .isEqualTo(from != CertificateStatus.INACTIVE);
    }

    @Test
    void revokedIsFinal() {
        assertError(
                () -> StatusRules.checkUpdate(ID, CertificateStatus.REVOKED, CertificateStatus.ACTIVE),
                ErrorCode.CERTIFICATE_STATE,
                "REVOKED");
        assertError(
                () -> StatusRules.checkUpdate(ID, CertificateStatus.REVOKED, CertificateStatus.INACTIVE),
                ErrorCode.CERTIFICATE_STATE,
                "cannot change");
        assertThat(StatusRules.checkUpdate(ID, CertificateStatus.REVOKED, CertificateStatus.REVOKED))
                .as("revoking again changes nothing")
                .isFalse();
        assertThat(ErrorCode.CERTIFICATE_STATE.httpStatus()).isEqualTo(406);
    }

    @Test
    void statusesThingsteadDoesNotSetAreInvalidRequests() {
        for (CertificateStatus target : new CertificateStatus[] {
            CertificateStatus.PENDING_TRANSFER,
            CertificateStatus.REGISTER_INACTIVE,
            CertificateStatus.PENDING_ACTIVATION
        }) {
            assertError(
                    () -> StatusRules.checkUpdate(ID, CertificateStatus.ACTIVE, target),
                    ErrorCode.INVALID_REQUEST,
                    target.name());
        }
        assertError(() -> CertificateStatus.parse("newStatus", "ENABLED"), ErrorCode.INVALID_REQUEST, "enum value");
        assertError(() -> CertificateStatus.parse("newStatus", null), ErrorCode.INVALID_REQUEST, "required");
    }

    @Test
    void onlyAnActiveCertificateCannotBeDeleted() {
        assertError(
                () -> StatusRules.checkDelete(ID, CertificateStatus.ACTIVE),
                ErrorCode.CERTIFICATE_STATE,
                "must be deactivated");
        StatusRules.checkDelete(ID, CertificateStatus.INACTIVE);
        StatusRules.checkDelete(ID, CertificateStatus.REVOKED);
        StatusRules.checkDelete(ID, CertificateStatus.PENDING_ACTIVATION);
    }

    @Test
    void registrationStatus() {
        assertThat(StatusRules.registrationStatus(Optional.empty(), false)).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(StatusRules.registrationStatus(Optional.empty(), true)).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(StatusRules.registrationStatus(Optional.of("ACTIVE"), false)).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(StatusRules.registrationStatus(Optional.of("INACTIVE"), true))
                .as("status wins over the deprecated setAsActive")
                .isEqualTo(CertificateStatus.INACTIVE);
        assertThat(StatusRules.registrationStatus(Optional.of("REVOKED"), false))
                .isEqualTo(CertificateStatus.REVOKED);
        assertError(
                () -> StatusRules.registrationStatus(Optional.of("PENDING_TRANSFER"), false),
                ErrorCode.INVALID_REQUEST,
                "ACTIVE, INACTIVE or REVOKED");
    }
}
