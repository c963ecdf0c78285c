package io.thingstead.portal;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.theme.lumo.Lumo;

/** Application shell: page-level settings shared by every view. */
@Meta(name = "referrer", content = "no-referrer")
@StyleSheet(Lumo.STYLESHEET)
public class PortalShell implements AppShellConfigurator {
    private static final long serialVersionUID = 1L;
}
