package io.thingstead.portal.views.fleet;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.portal.components.PagedGrid;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.PortalAudit;
import io.thingstead.registry.api.ThingTypes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/** Thing types: their searchable attributes, and deprecating one (or undoing it). */
@Route("fleet/types")
@Menu(title = "Thing types", order = 120)
@PageTitle("Thing types | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class ThingTypesView extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ThingTypes types;

    @Inject
    transient PortalAudit audit;

    private PagedGrid<ThingTypes.ThingType> list;

    @PostConstruct
    void render() {
        add(new H1("Thing types"));
        list = new PagedGrid<>("types-grid", 50, (token, size) -> types.list(Optional.empty(), token, size));
        list.grid()
                .addColumn(ThingTypes.ThingType::thingTypeName)
                .setHeader("Type")
                .setAutoWidth(true);
        list.grid().addColumn(t -> t.description().orElse("")).setHeader("Description");
        list.grid().addColumn(t -> String.join(", ", t.searchableAttributes())).setHeader("Searchable attributes");
        list.grid().addColumn(t -> t.deprecated() ? "deprecated" : "").setHeader("Status");
        list.grid().addComponentColumn(type -> {
            Button toggle = new Button(type.deprecated() ? "Undeprecate" : "Deprecate", event -> {
                types.deprecate(type.thingTypeName(), type.deprecated());
                audit.record(
                        "iot:DeprecateThingType",
                        Optional.of(type.thingTypeArn()),
                        "SUCCESS",
                        Map.of("undoDeprecate", String.valueOf(type.deprecated())));
                list.refresh();
            });
            toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
            toggle.setId("deprecate-" + type.thingTypeName());
            return toggle;
        });
        add(list);
        list.reload();
    }
}
