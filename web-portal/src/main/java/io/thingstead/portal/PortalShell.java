package io.thingstead.portal;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;
import com.vaadin.flow.theme.lumo.Lumo;

/** Application shell: page-level settings shared by every view. */
@Meta(name = "referrer", content = "no-referrer")
@StyleSheet(Lumo.STYLESHEET)
// server push for live operator pages and progress; messages to the server go over XHR, so every call carries the
// signed-in session's cookie and principal as a normal request does
@Push(value = PushMode.AUTOMATIC, transport = Transport.WEBSOCKET_XHR)
public class PortalShell implements AppShellConfigurator {
    private static final long serialVersionUID = 1L;
}
