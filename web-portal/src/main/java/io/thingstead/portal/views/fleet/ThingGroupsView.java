package io.thingstead.portal.views.fleet;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.thingstead.portal.components.PagedGrid;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.registry.api.ThingGroups;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Optional;

/** Thing groups (static and dynamic): the hierarchy's groups, a group's details and its things. */
@Route("fleet/groups")
@Menu(title = "Thing groups", order = 110)
@PageTitle("Thing groups | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class ThingGroupsView extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ThingGroups groups;

    private final H2 name = new H2();
    private final Paragraph description = new Paragraph();
    private PagedGrid<String> members;
    private String selected;

    @PostConstruct
    void render() {
        add(new H1("Thing groups"));
        PagedGrid<ThingGroups.GroupRef> list = new PagedGrid<>(
                "groups-grid", 50, (token, size) -> groups.list(Optional.empty(), Optional.empty(), true, token, size));
        list.grid()
                .addColumn(ThingGroups.GroupRef::groupName)
                .setHeader("Group")
                .setAutoWidth(true);
        list.grid().asSingleSelect().addValueChangeListener(event -> {
            if (event.getValue() != null) {
                select(event.getValue().groupName());
            }
        });
        list.setWidth("26em");
        list.reload();
        name.setId("group-name");
        description.setId("group-details");
        members = new PagedGrid<>(
                "group-things",
                50,
                (token, size) -> selected == null
                        ? new io.thingstead.common.api.paging.Page<>(java.util.List.of(), Optional.empty())
                        : groups.listThings(selected, false, token, size));
        members.grid()
                .addComponentColumn(
                        thing -> new RouterLink(thing, ThingView.class, new RouteParameters("thingName", thing)))
                .setHeader("Things in the group");
        VerticalLayout details = new VerticalLayout(name, description, members);
        HorizontalLayout layout = new HorizontalLayout(list, details);
        layout.setWidthFull();
        add(layout);
    }

    private void select(String groupName) {
        ThingGroups.ThingGroup group = groups.describe(groupName);
        selected = groupName;
        name.setText(group.thingGroupName());
        StringBuilder text = new StringBuilder(group.dynamic() ? "Dynamic group" : "Static group");
        group.parentGroupName().ifPresent(p -> text.append(" · parent ").append(p));
        group.description().ifPresent(d -> text.append(" · ").append(d));
        group.queryString().ifPresent(q -> text.append(" · query ").append(q));
        if (!group.attributes().isEmpty()) {
            text.append(" · attributes ").append(group.attributes());
        }
        description.setText(text.toString());
        members.reload();
    }
}
