package io.thingstead.portal.components;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import java.util.function.Consumer;

/**
 * Scans a QR code with the camera, where the browser has one and the person allows it (jsQR from npm). The text
 * goes to {@code onCode}; when there is no camera, {@code onProblem} says why, and people type the code instead.
 */
@Tag("thingstead-qr-scanner")
@JsModule("./thingstead/qr.js")
@NpmPackage(value = "jsqr", version = "1.4.0")
@NpmPackage(value = "qrcode", version = "1.5.4")
public class QrScanner extends Component {
    private static final long serialVersionUID = 1L;
    private final Consumer<String> onCode;
    private final Consumer<String> onProblem;

    public QrScanner(Consumer<String> onCode, Consumer<String> onProblem) {
        this.onCode = onCode;
        this.onProblem = onProblem;
    }

    public void start() {
        getElement().callJsFunction("start");
    }

    public void stop() {
        getElement().callJsFunction("stop");
    }

    @ClientCallable
    void onCode(String text) {
        onCode.accept(text);
    }

    @ClientCallable
    void onProblem(String problem) {
        onProblem.accept(problem);
    }
}
