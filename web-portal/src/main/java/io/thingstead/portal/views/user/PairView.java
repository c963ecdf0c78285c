package io.thingstead.portal.views.user;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.pairing.api.DevicePairing;
import io.thingstead.pairing.api.PairingRefusedException;
import io.thingstead.portal.components.QrScanner;
import io.thingstead.portal.internal.CurrentUser;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/**
 * Pairing a device: the person types the code from the device or its label, or scans its QR code with the camera (a
 * label's QR code is a link to this page with {@code ?code=}, so a phone's camera app opens it with the code filled
 * in). Wrong, expired and used codes get the pairing module's sentences; too many wrong ones, when to try again.
 */
@Route("pair")
@Menu(title = "Pair a device", order = 11)
@PageTitle("Pair a device | Thingstead")
@RolesAllowed(CurrentUser.END_USER)
@Dependent
public class PairView extends VerticalLayout implements BeforeEnterObserver {
    private static final long serialVersionUID = 1L;

    @Inject
    transient DevicePairing pairing;

    private final TextField code = new TextField("Pairing code");
    private final Div result = new Div();
    private QrScanner scanner;

    @PostConstruct
    void render() {
        add(new H1("Pair a device"));
        add(new Paragraph("Enter the pairing code shown on the device or printed on its label, or scan its QR code."));
        code.setId("pairing-code");
        code.setHelperText("12 letters and digits, e.g. 7K3M-QR9T-ZX2A");
        code.setPlaceholder("XXXX-XXXX-XXXX");
        code.setMaxLength(2048);
        code.setAutofocus(true);
        code.getElement().setAttribute("autocomplete", "off");
        code.getElement().setAttribute("autocapitalize", "characters");
        Button pair = new Button("Pair", event -> pair(code.getValue()));
        pair.setId("pair-button");
        pair.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        pair.addClickShortcut(Key.ENTER);
        Button scan = new Button("Scan QR code", event -> scan());
        scan.setId("scan-button");
        HorizontalLayout row = new HorizontalLayout(code, pair, scan);
        row.setAlignItems(Alignment.BASELINE);
        add(row);
        result.setId("pairing-result");
        result.getElement().setAttribute("role", "status");
        result.getElement().setAttribute("aria-live", "polite");
        add(result);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter("code").ifPresent(code::setValue);
    }

    private void scan() {
        if (scanner == null) {
            scanner = new QrScanner(
                    text -> {
                        code.setValue(text);
                        pair(text);
                    },
                    problem -> show(problem, false));
            scanner.setId("qr-scanner");
            addComponentAtIndex(3, scanner);
        }
        show("Point the camera at the QR code on the device or its label.", true);
        scanner.start();
    }

    void pair(String text) {
        try {
            String thing = pairing.pair(CurrentUser.get().endUser(), text);
            result.removeAll();
            Paragraph done = new Paragraph("Paired " + thing + ". It is in My devices now.");
            done.setId("pairing-success");
            Button open =
                    new Button("Open My devices", event -> getUI().ifPresent(ui -> ui.navigate(MyDevicesView.class)));
            open.setId("open-my-devices");
            result.add(done, open);
            result.getElement().setAttribute("theme", "success");
            code.clear();
        } catch (PairingRefusedException refused) {
            show(refused.getMessage(), false);
            result.getElement().setAttribute("data-reason", refused.reason().name());
        }
    }

    private void show(String message, boolean neutral) {
        result.removeAll();
        Paragraph text = new Paragraph(message);
        text.setId(neutral ? "pairing-info" : "pairing-error");
        if (!neutral) {
            text.getStyle().set("color", "var(--lumo-error-text-color)");
        }
        result.add(text);
    }
}
