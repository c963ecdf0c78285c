package io.thingstead.portal.views.operations;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.audit.api.AuditEvent;
import io.thingstead.audit.api.AuditTrail;
import io.thingstead.portal.internal.CurrentUser;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit trail, newest first, for everything or one resource (a thing's ARN, a certificate's), page by page. */
@Route("operations/audit")
@Menu(title = "Audit trail", order = 310)
@PageTitle("Audit trail | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class AuditView extends VerticalLayout {
    private static final long serialVersionUID = 1L;
    static final int PAGE = 100;

    @Inject
    transient AuditTrail trail;

    private final Grid<AuditEvent> grid = new Grid<>();
    private final TextField resource = new TextField("Resource ARN");
    private Optional<Instant> before = Optional.empty();
    private final Button older = new Button("Older");

    @PostConstruct
    void render() {
        add(new H1("Audit trail"));
        resource.setId("audit-resource");
        resource.setWidth("36em");
        Button show = new Button("Show", event -> {
            before = Optional.empty();
            load();
        });
        show.setId("audit-show");
        HorizontalLayout bar = new HorizontalLayout(resource, show);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(bar);
        grid.setId("audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(e -> e.at().toString()).setHeader("When").setAutoWidth(true);
        grid.addColumn(AuditEvent::actor).setHeader("Who");
        grid.addColumn(AuditEvent::action).setHeader("What").setAutoWidth(true);
        grid.addColumn(e -> e.resourceArn().orElse("")).setHeader("Resource");
        grid.addColumn(AuditEvent::outcome).setHeader("Outcome").setAutoWidth(true);
        grid.addColumn(e -> e.sourceIp().orElse("")).setHeader("From");
        grid.setHeight("60vh");
        older.setId("audit-older");
        older.addClickListener(event -> load());
        add(grid, older);
        load();
    }

    private void load() {
        Optional<String> arn = Optional.of(resource.getValue().strip()).filter(v -> !v.isEmpty());
        List<AuditEvent> events = trail.recent(arn, before, PAGE);
        grid.setItems(events);
        before = events.isEmpty()
                ? before
                : Optional.of(events.get(events.size() - 1).at());
        older.setEnabled(events.size() == PAGE);
    }
}
