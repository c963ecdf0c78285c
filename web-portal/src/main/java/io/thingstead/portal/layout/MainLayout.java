package io.thingstead.portal.layout;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import io.thingstead.portal.internal.AccessControl;
import io.thingstead.portal.internal.CurrentUser;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The frame of every page: the side navigation, built from the pages themselves, and who is signed in.
 *
 * <p><b>Adding a page</b> (rules, jobs, Defender, ...): one class in the module's own package under {@code
 * io.thingstead.portal.views}, annotated
 *
 * <pre>{@code
 * @Route(value = "operations/rules", layout = MainLayout.class)
 * @Menu(title = "Rules", order = 320)
 * @RolesAllowed(CurrentUser.OPERATOR)
 * public class RulesView extends VerticalLayout { ... }
 * }</pre>
 *
 * The first segment of the route names the section it appears in ({@link #SECTIONS}; an unknown one gets a section
 * of its own), {@code order} its place, and the roles who sees it. Nothing else changes: no other page, no list of
 * pages, not this class. docs/portal.md describes the sections and orders in use.
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout {
    private static final long serialVersionUID = 1L;

    /** Sections by the route's first segment, in this order; pages without a segment come first. */
    public static final Map<String, String> SECTIONS = sections();

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("", "");
        sections.put("dashboards", "Dashboards");
        sections.put("fleet", "Fleet");
        sections.put("security", "Security");
        sections.put("operations", "Operations");
        return sections;
    }

    public MainLayout() {
        CurrentUser user = CurrentUser.get();
        DrawerToggle toggle = new DrawerToggle();
        toggle.setAriaLabel("Menu");
        H2 title = new H2("Thingstead");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        Span who = new Span(user.username());
        who.setId("navbar-user");
        Button signOut = new Button("Sign out", event -> signOut());
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout right = new HorizontalLayout(who, signOut);
        right.setAlignItems(FlexComponent.Alignment.CENTER);
        right.getStyle().set("margin-left", "auto").set("margin-right", "var(--lumo-space-m)");
        addToNavbar(toggle, title, right);

        Scroller scroller = new Scroller(navigation(user));
        scroller.setClassName("navigation");
        addToDrawer(scroller);
        setPrimarySection(Section.DRAWER);
    }

    /** The pages this user may open, grouped in sections: one side navigation per section. */
    static Component navigation(CurrentUser user) {
        Map<String, List<MenuEntry>> bySection = new LinkedHashMap<>();
        SECTIONS.keySet().forEach(key -> bySection.put(key, new ArrayList<>()));
        for (MenuEntry entry : MenuConfiguration.getMenuEntries(Locale.ENGLISH)) {
            if (entry.menuClass() == null || !AccessControl.allows(entry.menuClass(), user)) {
                continue;
            }
            bySection
                    .computeIfAbsent(sectionOf(entry.path()), key -> new ArrayList<>())
                    .add(entry);
        }
        Nav navigation = new Nav();
        navigation.setId("navigation");
        navigation.getElement().setAttribute("aria-label", "Pages");
        bySection.forEach((section, entries) -> {
            if (entries.isEmpty()) {
                return;
            }
            entries.sort((a, b) -> Double.compare(order(a), order(b)));
            SideNav nav = section.isEmpty()
                    ? new SideNav()
                    : new SideNav(SECTIONS.getOrDefault(section, capitalised(section)));
            nav.setId("nav-section-" + (section.isEmpty() ? "main" : section));
            nav.setCollapsible(!section.isEmpty());
            nav.setWidthFull();
            for (MenuEntry entry : entries) {
                SideNavItem item = new SideNavItem(entry.title(), entry.path());
                String id = entry.path().replaceAll("^/", "").replaceAll("[^a-zA-Z0-9]+", "-");
                item.setId("nav-" + (id.isEmpty() ? "home" : id));
                nav.addItem(item);
            }
            navigation.add(nav);
        });
        return navigation;
    }

    static String sectionOf(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? "" : trimmed.substring(0, slash);
    }

    private static double order(MenuEntry entry) {
        return entry.order() == null ? Double.MAX_VALUE : entry.order();
    }

    private static String capitalised(String section) {
        return section.isEmpty() ? section : Character.toUpperCase(section.charAt(0)) + section.substring(1);
    }

    /**
     * RP-initiated logout: the portal session ends here, then the browser goes to the provider's end-session endpoint
     * (with the ID token as hint), which ends the sign-in there and sends the browser back to the portal.
     */
    private static void signOut() {
        CurrentUser user = CurrentUser.get();
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        String back = request == null
                ? "/portal/"
                : request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                        + request.getContextPath() + "/";
        String target = user.logoutUrl(back).orElse(back);
        UI ui = UI.getCurrent();
        VaadinSession session = VaadinSession.getCurrent();
        ui.getPage().setLocation(target);
        session.getSession().invalidate();
        session.close();
    }
}
