package io.thingstead.portal.views.fleet;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import io.thingstead.portal.components.PagedGrid;
import io.thingstead.portal.internal.BulkWork;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.PortalAudit;
import io.thingstead.registry.api.FleetIndex;
import io.thingstead.registry.api.FleetIndex.ThingDocument;
import io.thingstead.registry.api.ThingGroups;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet, searched with the fleet query language (the control plane's SearchIndex) and paged by keyset: a page is
 * one indexed query whatever the fleet's size (100,000 things and more). The query and page size are in the URL, so
 * a search can be bookmarked. "Add all to group" works through every matching thing in the background and shows its
 * progress.
 */
@Route("fleet/things")
@Menu(title = "Things", order = 100)
@PageTitle("Things | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class ThingsView extends VerticalLayout implements BeforeEnterObserver {
    private static final long serialVersionUID = 1L;
    static final String DEFAULT_QUERY = "thingName:*";

    @Inject
    transient FleetIndex index;

    @Inject
    transient ThingGroups groups;

    @Inject
    transient BulkWork bulk;

    @Inject
    transient PortalAudit audit;

    private final TextField query = new TextField("Fleet query");
    private final Select<Integer> pageSize = new Select<>();
    private PagedGrid<ThingDocument> results;
    private final TextField group = new TextField("Thing group");
    private final ProgressBar progress = new ProgressBar();
    private final Span progressText = new Span();

    @PostConstruct
    void render() {
        add(new H1("Things"));
        query.setId("fleet-query");
        query.setValue(DEFAULT_QUERY);
        query.setWidth("36em");
        query.setHelperText("e.g. thingName:lamp-* AND connectivity.connected:true, attributes.room:kitchen");
        pageSize.setLabel("Per page");
        pageSize.setId("page-size");
        pageSize.setItems(25, 50, 100);
        pageSize.setValue(50);
        Button search = new Button("Search", event -> search());
        search.setId("search-button");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        search.addClickShortcut(Key.ENTER);
        HorizontalLayout bar = new HorizontalLayout(query, pageSize, search);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(bar);

        results = new PagedGrid<>("things-grid", 50, this::page);
        var grid = results.grid();
        grid.addComponentColumn(thing -> {
                    RouterLink link = new RouterLink(
                            thing.thingName(), ThingView.class, new RouteParameters("thingName", thing.thingName()));
                    link.setId("thing-link-" + thing.thingName());
                    return link;
                })
                .setHeader("Name")
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(thing -> thing.thingTypeName().orElse(""))
                .setHeader("Type")
                .setAutoWidth(true);
        grid.addColumn(thing -> String.join(", ", thing.thingGroupNames())).setHeader("Groups");
        grid.addColumn(thing -> thing.connectivity()
                        .map(c -> c.connected() ? "connected" : "disconnected")
                        .orElse("unknown"))
                .setHeader("Connection")
                .setAutoWidth(true);
        grid.addColumn(thing -> attributes(thing.attributes())).setHeader("Attributes");
        add(results);

        group.setId("bulk-group");
        Button addAll = new Button("Add all matching to group", event -> addAllToGroup());
        addAll.setId("bulk-add");
        progress.setId("bulk-progress");
        progress.setVisible(false);
        progress.setWidth("20em");
        progressText.setId("bulk-status");
        progressText.getElement().setAttribute("aria-live", "polite");
        HorizontalLayout bulkRow = new HorizontalLayout(group, addAll, progress, progressText);
        bulkRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(bulkRow);
    }

    private Page<ThingDocument> page(Optional<String> token, int size) {
        return index.search(Optional.empty(), query.getValue().strip(), token, size);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> parameters =
                event.getLocation().getQueryParameters().getParameters();
        Optional.ofNullable(parameters.get("q")).filter(v -> !v.isEmpty()).ifPresent(v -> query.setValue(v.get(0)));
        Optional.ofNullable(parameters.get("size"))
                .filter(v -> !v.isEmpty())
                .map(v -> v.get(0))
                .filter(v -> v.matches("25|50|100"))
                .ifPresent(v -> pageSize.setValue(Integer.parseInt(v)));
        results.reset(this::page, pageSize.getValue());
    }

    private void search() {
        results.reset(this::page, pageSize.getValue());
        getUI().ifPresent(ui -> ui.getPage()
                .getHistory()
                .replaceState(
                        null,
                        "fleet/things?"
                                + QueryParameters.simple(Map.of(
                                                "q", query.getValue(), "size", String.valueOf(pageSize.getValue())))
                                        .getQueryString()));
    }

    /** Every thing the query matches goes into the group, page by page, with progress on the page. */
    private void addAllToGroup() {
        String groupName = group.getValue().strip();
        try {
            groups.describe(groupName);
        } catch (IotException e) {
            group.setInvalid(true);
            group.setErrorMessage(e.getMessage());
            return;
        }
        group.setInvalid(false);
        String queryText = query.getValue().strip();
        UI ui = UI.getCurrent();
        progress.setVisible(true);
        progress.setIndeterminate(true);
        progressText.setText("Counting…");
        String actor = CurrentUser.get().actor();
        bulk.run(
                ui,
                "add things matching " + queryText + " to " + groupName,
                token -> index.search(Optional.empty(), queryText, token, 100),
                thing -> groups.addThing(groupName, thing.thingName(), false),
                (done, failed, total) -> {
                    progress.setIndeterminate(total.isEmpty());
                    total.ifPresent(t -> progress.setValue(t == 0 ? 1 : (double) done / t));
                    progressText.setText(done + (total.map(t -> " of " + t).orElse("")) + " done"
                            + (failed > 0 ? ", " + failed + " failed" : ""));
                },
                (done, failed) -> {
                    progress.setValue(1);
                    progress.setIndeterminate(false);
                    progressText.setText("Finished: " + done + " added to " + groupName
                            + (failed > 0 ? ", " + failed + " failed" : ""));
                    audit.recordAs(
                            actor,
                            "iot:AddThingToThingGroup",
                            Optional.of("bulk"),
                            failed == 0 ? "SUCCESS" : "PARTIAL",
                            Map.of("query", queryText, "thingGroupName", groupName, "added", String.valueOf(done)));
                    results.refresh();
                });
    }

    private static String attributes(Map<String, String> attributes) {
        StringBuilder text = new StringBuilder();
        attributes.forEach((k, v) ->
                text.append(text.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return text.toString();
    }
}
