package io.thingstead.portal.internal;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * Who may open which page: every view says so with {@code @RolesAllowed} ({@code operator}, {@code end-user}) or
 * {@code @PermitAll} (any signed-in person); a view that says nothing is closed to everyone. Checked before every
 * navigation, so typing a URL does not get past it; the menu shows only what the user may open ({@link #allows}).
 * Sign-in itself is the server's (OIDC, web.xml): nobody reaches Vaadin without it.
 */
public class AccessControl implements VaadinServiceInitListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AccessControl.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> {
            var ui = init.getUI();
            VaadinSession session = ui.getSession();
            if (session.getAttribute(CurrentUser.class.getName()) == null) {
                VaadinServletRequest request = VaadinServletRequest.getCurrent();
                if (request != null) {
                    CurrentUser.capture(request.getHttpServletRequest(), session);
                }
            }
            ui.addBeforeEnterListener(AccessControl::check);
        });
    }

    static void check(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (allows(target, CurrentUser.get())) {
            return;
        }
        LOG.infof("refused %s to %s", target.getSimpleName(), CurrentUser.get().username());
        event.rerouteToError(AccessDeniedException.class, "You may not open this page.");
    }

    /** Whether the user may open the view. */
    public static boolean allows(Class<?> view, CurrentUser user) {
        if (view.isAnnotationPresent(PermitAll.class)) {
            return true;
        }
        RolesAllowed allowed = view.getAnnotation(RolesAllowed.class);
        return allowed != null && Arrays.stream(allowed.value()).anyMatch(user::hasRole);
    }

    /** Navigation to a page the user may not open. */
    public static class AccessDeniedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
