package io.thingstead.portal.internal;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import io.thingstead.portal.layout.MainLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/** What a person sees when they open a page their role does not allow. */
@PermitAll
@com.vaadin.flow.router.ParentLayout(MainLayout.class)
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessControl.AccessDeniedException> {
    private static final long serialVersionUID = 1L;

    @Override
    public int setErrorParameter(
            BeforeEnterEvent event, ErrorParameter<AccessControl.AccessDeniedException> parameter) {
        removeAll();
        H1 title = new H1("Not for you");
        title.setId("access-denied");
        add(title, new Paragraph("Your role does not include this page."), new Anchor("", "Back to the start"));
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
