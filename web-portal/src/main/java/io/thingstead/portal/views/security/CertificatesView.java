package io.thingstead.portal.views.security;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.CaCertificateInfo;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.CertificateInfo;
import io.thingstead.pki.api.CertificateStatus;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.portal.components.PagedGrid;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.PortalAudit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Device certificates: all of them or one CA's, with their status, and revoke, deactivate, activate. */
@Route("security/certificates")
@Menu(title = "Certificates", order = 200)
@PageTitle("Certificates | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class CertificatesView extends VerticalLayout {
    private static final long serialVersionUID = 1L;
    static final String ALL = "(all CAs)";

    @Inject
    transient DeviceCertificates certificates;

    @Inject
    transient CaCertificates cas;

    @Inject
    transient PortalAudit audit;

    private PagedGrid<CertificateInfo> list;
    private final Select<String> ca = new Select<>();

    @PostConstruct
    void render() {
        add(new H1("Certificates"));
        List<String> caIds = new ArrayList<>(List.of(ALL));
        cas.list(Optional.empty(), 250, true, Optional.empty()).items().stream()
                .map(CaCertificateInfo::certificateId)
                .forEach(caIds::add);
        ca.setLabel("Issued by");
        ca.setId("certificate-ca");
        ca.setItems(caIds);
        ca.setItemLabelGenerator(id -> id.equals(ALL) ? id : id.substring(0, 16) + "…");
        ca.setValue(ALL);
        ca.addValueChangeListener(event -> list.reset(this::page, 50));
        add(ca);
        list = new PagedGrid<>("certificates-grid", 50, this::page);
        var grid = list.grid();
        grid.addColumn(c -> c.certificateId().substring(0, 20) + "…")
                .setHeader("Certificate")
                .setAutoWidth(true);
        grid.addColumn(c -> c.status().name()).setHeader("Status").setAutoWidth(true);
        grid.addColumn(c ->
                        c.caCertificateId().map(id -> id.substring(0, 12) + "…").orElse("(none)"))
                .setHeader("CA");
        grid.addColumn(c -> c.creationDate().toString()).setHeader("Created");
        grid.addColumn(c -> c.notAfter().toString()).setHeader("Valid until");
        grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true);
        add(list);
        list.reload();
    }

    private io.thingstead.common.api.paging.Page<CertificateInfo> page(Optional<String> token, int size) {
        return ALL.equals(ca.getValue())
                ? certificates.list(token, size, true)
                : certificates.listByCa(ca.getValue(), token, size, true);
    }

    private HorizontalLayout actions(CertificateInfo certificate) {
        String shortId = certificate.certificateId().substring(0, 12);
        Button revoke = new Button("Revoke", event -> {
            ConfirmDialog confirm = new ConfirmDialog(
                    "Revoke " + shortId + "…?",
                    "Devices using it are disconnected at once and it goes on its CA's CRL. This cannot be undone.",
                    "Revoke",
                    e -> setStatus(certificate, CertificateStatus.REVOKED));
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        revoke.setId("revoke-" + shortId);
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        revoke.setEnabled(certificate.status() != CertificateStatus.REVOKED);
        boolean active = certificate.status() == CertificateStatus.ACTIVE;
        Button toggle = new Button(
                active ? "Deactivate" : "Activate",
                event -> setStatus(certificate, active ? CertificateStatus.INACTIVE : CertificateStatus.ACTIVE));
        toggle.setId((active ? "deactivate-" : "activate-") + shortId);
        toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
        toggle.setEnabled(active || certificate.status() == CertificateStatus.INACTIVE);
        HorizontalLayout row = new HorizontalLayout(revoke, toggle);
        certificate.caCertificateId().ifPresent(caId -> row.add(new Anchor("/pki/crl/" + caId + ".crl", "CRL")));
        return row;
    }

    private void setStatus(CertificateInfo certificate, CertificateStatus status) {
        String outcome = "SUCCESS";
        try {
            certificates.updateStatus(certificate.certificateId(), status.name());
            Notification.show("Certificate is " + status.name(), 4000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (IotException e) {
            outcome = e.code().name();
            Notification.show(e.getMessage(), 6000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        audit.record(
                "iot:UpdateCertificate",
                Optional.of(certificate.certificateArn()),
                outcome,
                Map.of("newStatus", status.name()));
        list.refresh();
    }
}
