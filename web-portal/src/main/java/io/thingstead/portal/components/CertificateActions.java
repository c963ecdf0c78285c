package io.thingstead.portal.components;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.CertificateInfo;
import io.thingstead.pki.api.CertificateStatus;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.portal.internal.PortalAudit;
import java.util.Map;
import java.util.Optional;

/**
 * A certificate's actions, wherever a certificate is listed: revoke (after a confirmation: devices using it are
 * disconnected at once and it goes on its CA's CRL), deactivate or activate, and its CA's CRL. Every change is
 * audited as {@code iot:UpdateCertificate}.
 */
public class CertificateActions extends HorizontalLayout {
    private static final long serialVersionUID = 1L;

    /**
     * @param details what the audit trail records besides the new status (e.g. the thing's name)
     * @param changed called after a change (to show the list again)
     */
    public CertificateActions(
            CertificateInfo certificate,
            DeviceCertificates certificates,
            PortalAudit audit,
            Map<String, String> details,
            Runnable changed) {
        String shortId = certificate.certificateId().substring(0, 12);
        Button revoke = new Button("Revoke", event -> {
            ConfirmDialog confirm = new ConfirmDialog(
                    "Revoke " + shortId + "…?",
                    "Devices using it are disconnected at once and can never connect with it again; it goes on its"
                            + " CA's CRL. This cannot be undone.",
                    "Revoke",
                    e -> set(certificate, CertificateStatus.REVOKED, certificates, audit, details, changed));
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.setId("confirm-dialog");
            confirm.open();
        });
        revoke.setId("revoke-" + shortId);
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        revoke.setEnabled(certificate.status() != CertificateStatus.REVOKED);
        boolean active = certificate.status() == CertificateStatus.ACTIVE;
        Button toggle = new Button(
                active ? "Deactivate" : "Activate",
                event -> set(
                        certificate,
                        active ? CertificateStatus.INACTIVE : CertificateStatus.ACTIVE,
                        certificates,
                        audit,
                        details,
                        changed));
        toggle.setId((active ? "deactivate-" : "activate-") + shortId);
        toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
        toggle.setEnabled(active || certificate.status() == CertificateStatus.INACTIVE);
        add(revoke, toggle);
        certificate.caCertificateId().ifPresent(ca -> add(new Anchor("/pki/crl/" + ca + ".crl", "CRL")));
    }

    private static void set(
            CertificateInfo certificate,
            CertificateStatus status,
            DeviceCertificates certificates,
            PortalAudit audit,
            Map<String, String> details,
            Runnable changed) {
        String outcome = "SUCCESS";
        try {
            certificates.updateStatus(certificate.certificateId(), status.name());
            Notification.show(
                            "Certificate " + certificate.certificateId().substring(0, 12) + "… is " + status.name(),
                            5000,
                            Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (IotException e) {
            outcome = e.code().name();
            Notification.show(e.getMessage(), 6000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        Map<String, String> recorded = new java.util.LinkedHashMap<>(details);
        recorded.put("newStatus", status.name());
        audit.record("iot:UpdateCertificate", Optional.of(certificate.certificateArn()), outcome, recorded);
        changed.run();
    }
}
