package io.thingstead.portal.views.security;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.common.api.error.IotException;
import io.thingstead.pki.api.CaCertificateInfo;
import io.thingstead.pki.api.CaCertificateStatus;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.CaKind;
import io.thingstead.pki.api.UpdateCaCertificate;
import io.thingstead.portal.components.PagedGrid;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.PortalAudit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Certificate authorities: Thingstead's own root and issuing CAs and the CAs operators registered (bring your own CA),
 * with their status, CRLs to download, and activate/deactivate for registered ones.
 */
@Route("security/cas")
@Menu(title = "Certificate authorities", order = 210)
@PageTitle("Certificate authorities | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class CasView extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    @Inject
    transient CaCertificates cas;

    @Inject
    transient PortalAudit audit;

    private PagedGrid<CaCertificateInfo> list;

    @PostConstruct
    void render() {
        add(new H1("Certificate authorities"));
        add(new Paragraph(
                new Anchor("/pki/root-ca.pem", "Root CA (PEM)"),
                new com.vaadin.flow.component.html.Span(" · "),
                new Anchor("/pki/ca-chain.pem", "CA chain (PEM)")));
        list = new PagedGrid<>("cas-grid", 50, (token, size) -> cas.list(token, size, true, Optional.empty()));
        var grid = list.grid();
        grid.addColumn(c -> c.certificateId().substring(0, 20) + "…")
                .setHeader("CA")
                .setAutoWidth(true);
        grid.addColumn(c -> c.kind().name()).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(c -> c.status().name()).setHeader("Status").setAutoWidth(true);
        grid.addColumn(c -> c.autoRegistrationStatus().name()).setHeader("Auto-registration");
        grid.addColumn(c -> c.notAfter().toString()).setHeader("Valid until");
        grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true);
        add(list);
        list.reload();
    }

    private HorizontalLayout actions(CaCertificateInfo ca) {
        HorizontalLayout row = new HorizontalLayout();
        Anchor crl = new Anchor("/pki/crl/" + ca.certificateId() + ".crl", "Download CRL");
        crl.setId("crl-" + ca.certificateId().substring(0, 12));
        row.add(crl);
        if (ca.kind() == CaKind.REGISTERED) {
            boolean active = ca.status() == CaCertificateStatus.ACTIVE;
            Button toggle = new Button(active ? "Deactivate" : "Activate", event -> {
                String status = active ? "INACTIVE" : "ACTIVE";
                String outcome = "SUCCESS";
                try {
                    cas.update(new UpdateCaCertificate(
                            ca.certificateId(), Optional.of(status), Optional.empty(), Optional.empty(), false));
                } catch (IotException e) {
                    outcome = e.code().name();
                    Notification.show(e.getMessage(), 6000, Notification.Position.BOTTOM_START)
                            .addThemeVariants(NotificationVariant.LUMO_ERROR);
                }
                audit.record(
                        "iot:UpdateCACertificate",
                        Optional.of(ca.certificateArn()),
                        outcome,
                        Map.of("newStatus", status));
                list.refresh();
            });
            toggle.setId((active ? "deactivate-ca-" : "activate-ca-")
                    + ca.certificateId().substring(0, 12));
            toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
            row.add(toggle);
        }
        return row;
    }
}
