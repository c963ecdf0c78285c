package io.thingstead.portal.views.user;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.thingstead.pairing.api.DevicePairing;
import io.thingstead.pairing.api.IssuedCode;
import io.thingstead.pairing.api.PairingRefusedException;
import io.thingstead.portal.components.Chart;
import io.thingstead.portal.components.MqttConnection;
import io.thingstead.portal.components.QrCode;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of the user's devices, live: connected or not (presence events), its reported state and what is still desired
 * (shadow documents), a control to change desired state, and its last telemetry as a chart. Everything it shows comes
 * over the browser's own MQTT connection, under the user's policies; changes are published from the browser too.
 */
class DeviceCard extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    private final String thing;
    private final String key;
    private final MqttConnection mqtt;
    private final Span connected = new Span("Unknown");
    private final Pre reported = new Pre("{}");
    private final Span pending = new Span();
    private final Chart chart;
    private final List<String> telemetryFields = new ArrayList<>();
    private final TextField desiredKey = new TextField("Setting");
    private final TextField desiredValue = new TextField("Value");

    DeviceCard(
            String thing,
            Optional<Boolean> initiallyConnected,
            MqttConnection mqtt,
            DevicePairing pairing,
            String portalUrl,
            Runnable afterUnpair) {
        this.thing = thing;
        this.key = thing.replaceAll("[^A-Za-z0-9_-]", "_");
        this.mqtt = mqtt;
        setId("device-" + key);
        addClassName("device-card");
        getStyle()
                .set("border", "1px solid var(--lumo-contrast-20pct)")
                .set("border-radius", "var(--lumo-border-radius-l)")
                .set("padding", "var(--lumo-space-m)");
        getElement().setAttribute("role", "region");
        getElement().setAttribute("aria-label", "Device " + thing);

        H2 title = new H2(thing);
        title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");
        connected.setId("connected-" + key);
        connected.getElement().setAttribute("aria-label", "Connection state of " + thing);
        setConnected(initiallyConnected);
        HorizontalLayout header = new HorizontalLayout(title, connected);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        add(header);

        reported.setId("reported-" + key);
        reported.getElement().setAttribute("aria-label", "Reported state of " + thing);
        reported.getStyle().set("margin", "0");
        pending.setId("pending-" + key);
        add(new Span("Reported state"), reported, pending);

        desiredKey.setId("desired-key-" + key);
        desiredKey.setHelperText("e.g. color");
        desiredValue.setId("desired-value-" + key);
        desiredValue.setHelperText("text, number, true/false");
        Button set = new Button("Set", event -> publishDesired());
        set.setId("set-desired-" + key);
        set.getElement().setAttribute("aria-label", "Set the desired value on " + thing);
        HorizontalLayout control = new HorizontalLayout(desiredKey, desiredValue, set);
        control.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(control);

        chart = new Chart("Telemetry of " + thing, "160px");
        chart.setId("chart-" + key);
        add(chart);

        Button transfer = new Button("Transfer", event -> transfer(pairing, portalUrl));
        transfer.setId("transfer-" + key);
        Button unpair = new Button("Unpair", event -> confirmUnpair(pairing, afterUnpair));
        unpair.setId("unpair-" + key);
        unpair.addThemeVariants(ButtonVariant.LUMO_ERROR);
        add(new HorizontalLayout(transfer, unpair));
    }

    String thing() {
        return thing;
    }

    /** The topics this card listens to (all allowed by the thing's owner policy). */
    List<String> topics() {
        String shadow = "$aws/things/" + thing + "/shadow/";
        return List.of(
                shadow + "get/accepted",
                shadow + "update/documents",
                "$aws/events/presence/+/" + thing,
                "dt/" + thing + "/#");
    }

    /** Asks for the shadow (the answer arrives on get/accepted). */
    void requestShadow() {
        mqtt.publish("$aws/things/" + thing + "/shadow/get", "{}");
    }

    /** A message on one of {@link #topics()}. */
    boolean accept(String topic, String payload) {
        String shadow = "$aws/things/" + thing + "/shadow/";
        Optional<JsonObject> json = Json.object(payload);
        if (json.isEmpty()) {
            return false;
        }
        if (topic.equals(shadow + "get/accepted")) {
            showState(json.get().getJsonObject("state"));
            return true;
        }
        if (topic.equals(shadow + "update/documents")) {
            JsonObject current = json.get().getJsonObject("current");
            showState(current == null ? null : current.getJsonObject("state"));
            return true;
        }
        if (topic.equals("$aws/events/presence/connected/" + thing)) {
            setConnected(Optional.of(true));
            return true;
        }
        if (topic.equals("$aws/events/presence/disconnected/" + thing)) {
            setConnected(Optional.of(false));
            return true;
        }
        if (topic.startsWith("dt/" + thing + "/")) {
            telemetry(json.get());
            return true;
        }
        return false;
    }

    private void showState(JsonObject state) {
        JsonObject report = state == null ? null : state.getJsonObject("reported");
        reported.setText(report == null ? "{}" : Json.pretty(report));
        JsonObject desired = state == null ? null : state.getJsonObject("desired");
        JsonObject delta = state == null ? null : state.getJsonObject("delta");
        if (delta == null && desired != null && report != null) {
            delta = Json.difference(desired, report);
        }
        pending.setText(delta == null || delta.isEmpty() ? "" : "Waiting for the device: " + delta);
    }

    private void setConnected(Optional<Boolean> state) {
        String text = state.map(c -> c ? "Connected" : "Disconnected").orElse("Unknown");
        connected.setText(text);
        connected.getElement().getThemeList().clear();
        connected
                .getElement()
                .getThemeList()
                .add(state.map(c -> c ? "badge success" : "badge error").orElse("badge"));
    }

    private void telemetry(JsonObject reading) {
        Instant at = Optional.ofNullable(reading.get("timestamp"))
                .filter(v -> v instanceof JsonNumber)
                .map(v -> Instant.ofEpochMilli(((JsonNumber) v).longValue()))
                .orElse(Instant.now());
        reading.forEach((name, value) -> {
            if (value instanceof JsonNumber number && !name.equals("timestamp") && !name.equals("sequence")) {
                int index = telemetryFields.indexOf(name);
                if (index < 0) {
                    telemetryFields.add(name);
                    index = telemetryFields.size() - 1;
                    List<Chart.Series> series = new ArrayList<>();
                    telemetryFields.forEach(field -> series.add(new Chart.Series(field, List.of())));
                    chart.setSeries(series);
                }
                chart.appendPoint(index, at, number.doubleValue());
            }
        });
    }

    private void publishDesired() {
        String name = desiredKey.getValue().strip();
        if (name.isEmpty()) {
            desiredKey.setInvalid(true);
            desiredKey.setErrorMessage("Which setting?");
            return;
        }
        desiredKey.setInvalid(false);
        JsonValue value = Json.value(desiredValue.getValue().strip());
        String payload = jakarta.json.Json.createObjectBuilder()
                .add(
                        "state",
                        jakarta.json.Json.createObjectBuilder()
                                .add(
                                        "desired",
                                        jakarta.json.Json.createObjectBuilder().add(name, value)))
                .build()
                .toString();
        mqtt.publish("$aws/things/" + thing + "/shadow/update", payload);
        pending.setText("Sent: " + name + " = " + value);
    }

    private void transfer(DevicePairing pairing, String portalUrl) {
        try {
            IssuedCode code = pairing.transferCode(CurrentUser.get().endUser(), thing);
            Dialog dialog = new Dialog();
            dialog.setHeaderTitle("Transfer " + thing);
            Paragraph text = new Paragraph("Give this code to the new owner. They enter it under Pair a device; until"
                    + " then the device stays yours. It works once, until " + code.expiresAt() + ".");
            Span shown = new Span(code.code());
            shown.setId("transfer-code");
            shown.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-xl)");
            dialog.add(text, shown, new QrCode(code.qrContent(portalUrl), "QR code of the transfer code"));
            Button close = new Button("Close", event -> dialog.close());
            close.setId("close-transfer");
            dialog.getFooter().add(close);
            dialog.open();
        } catch (PairingRefusedException refused) {
            pending.setText(refused.getMessage());
        }
    }

    private void confirmUnpair(DevicePairing pairing, Runnable afterUnpair) {
        ConfirmDialog confirm = new ConfirmDialog(
                "Unpair " + thing + "?",
                "You will no longer see or control it. Someone with a new pairing code can pair it.",
                "Unpair",
                event -> {
                    pairing.unpair(CurrentUser.get().endUser(), thing);
                    afterUnpair.run();
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.setId("confirm-unpair");
        confirm.open();
    }
}
