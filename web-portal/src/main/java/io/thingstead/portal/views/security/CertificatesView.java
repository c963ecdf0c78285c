package io.thingstead.portal.views.security;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.pki.api.CaCertificateInfo;
import io.thingstead.pki.api.CaCertificates;
import io.thingstead.pki.api.CertificateInfo;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.portal.components.CertificateActions;
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
        grid.addComponentColumn(c -> new CertificateActions(c, certificates, audit, Map.of(), list::refresh))
                .setHeader("Actions")
                .setAutoWidth(true);
        add(list);
        list.reload();
    }

    private io.thingstead.common.api.paging.Page<CertificateInfo> page(Optional<String> token, int size) {
        return ALL.equals(ca.getValue())
                ? certificates.list(token, size, true)
                : certificates.listByCa(ca.getValue(), token, size, true);
    }
}
