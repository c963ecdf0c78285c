package io.thingstead.portal.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

/** A QR code of a text, drawn in the browser (the qrcode npm package), e.g. a pairing label's. */
@Tag("thingstead-qr-code")
@JsModule("./thingstead/qr.js")
@NpmPackage(value = "qrcode", version = "1.5.4")
@NpmPackage(value = "jsqr", version = "1.4.0")
public class QrCode extends Component {
    private static final long serialVersionUID = 1L;

    public QrCode(String text, String label) {
        getElement().setAttribute("text", text);
        getElement().setAttribute("label", label);
    }
}
