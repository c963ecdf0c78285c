package io.thingstead.portal.views;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.thingstead.portal.internal.PlatformHealth;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The first page after sign-in: who is signed in, and how the platform is. */
@Route("")
@Menu(title = "Home", order = 0)
@PageTitle("Thingstead")
@PermitAll
@Dependent
public class HomeView extends VerticalLayout {
    private static final long serialVersionUID = 1L;
    static final String[] ROLES = {"operator", "end-user"};

    @Inject
    transient PlatformHealth health;

    @PostConstruct
    void render() {
        add(new H1("Thingstead"));

        VaadinRequest request = VaadinRequest.getCurrent();
        Principal user = request == null ? null : request.getUserPrincipal();
        String name = user == null ? "anonymous" : user.getName();
        String roles = request == null
                ? ""
                : Stream.of(ROLES).filter(request::isUserInRole).collect(Collectors.joining(", "));
        Span who = new Span(name);
        who.setId("signed-in-user");
        Span whoRoles = new Span(roles.isEmpty() ? "no Thingstead role" : roles);
        whoRoles.setId("signed-in-roles");
        add(new Paragraph(new Span("Signed in as "), who, new Span(" ("), whoRoles, new Span(")")));
        Span identity = new Span(io.thingstead.portal.internal.CurrentUser.get().identityId());
        identity.setId("identity-id");
        add(new Paragraph(new Span("Your identity id (what your devices' policies name): "), identity));

        add(new H2("Platform health"));
        boolean up = health.up();
        Span overall = new Span(up ? "UP" : "DOWN");
        overall.setId("platform-health");
        overall.getElement().getThemeList().add(up ? "badge success" : "badge error");
        add(new Paragraph(new Span("Readiness: "), overall));
        for (PlatformHealth.Check check : health.checks()) {
            Div line = new Div(new Span(check.name() + ": " + (check.up() ? "UP" : "DOWN") + " "
                    + check.data().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "))));
            line.addClassName("health-check");
            add(line);
        }
    }
}
