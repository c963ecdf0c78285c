package io.thingstead.portal.views.user;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.pairing.api.DevicePairing;
import io.thingstead.pairing.api.OwnedDevice;
import io.thingstead.portal.components.MqttConnection;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.FleetLookups;
import io.thingstead.portal.internal.PortalSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end user's devices, live. The page opens its own MQTT connection from the browser with the user's access token
 * (the gateway's MQTT over WebSocket), so it sees exactly what the user's policies allow: their devices' shadows,
 * presence and telemetry, and nothing of anyone else's.
 */
@Route("devices")
@Menu(title = "My devices", order = 10)
@PageTitle("My devices | Thingstead")
@RolesAllowed(CurrentUser.END_USER)
@Dependent
public class MyDevicesView extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    @Inject
    transient DevicePairing pairing;

    @Inject
    transient PortalSettings settings;

    @Inject
    transient FleetLookups fleet;

    private final Map<String, DeviceCard> cards = new LinkedHashMap<>();
    private final Span state = new Span("connecting");
    private MqttConnection mqtt;

    @PostConstruct
    void render() {
        CurrentUser user = CurrentUser.get();
        // the end-user policy lets the browser connect at all (as {identity}-...)
        pairing.enroll(user.endUser());

        H1 title = new H1("My devices");
        state.setId("mqtt-state");
        state.getElement().setAttribute("aria-label", "Live connection");
        state.getElement().getThemeList().add("badge contrast");
        Button pair = new Button("Pair a device", event -> getUI().ifPresent(ui -> ui.navigate(PairView.class)));
        pair.setId("pair-a-device");
        pair.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(title, state, pair);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        add(header);

        mqtt = new MqttConnection(settings.mqttUrl(), user.identityId() + "-portal-");
        add(mqtt);
        mqtt.addStateListener(this::onState);
        mqtt.addMessageListener(this::onMessage);

        List<OwnedDevice> devices = pairing.devices(user.identityId());
        if (devices.isEmpty()) {
            Paragraph none =
                    new Paragraph("You have no devices yet. Pair one with the code on the device or its label.");
            none.setId("no-devices");
            add(none);
        }
        String portalUrl = settings.publicUrl();
        for (OwnedDevice device : devices) {
            DeviceCard card = new DeviceCard(
                    device.thingName(),
                    fleet.connected(device.thingName()),
                    mqtt,
                    pairing,
                    portalUrl,
                    () -> getUI().ifPresent(ui -> ui.getPage().reload()));
            cards.put(device.thingName(), card);
            card.topics().forEach(mqtt::subscribe);
            add(card);
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
    }

    private void onState(String newState) {
        state.setText(newState);
        state.getElement().getThemeList().clear();
        state.getElement()
                .getThemeList()
                .add(
                        "connected".equals(newState)
                                ? "badge success"
                                : "error".equals(newState) ? "badge error" : "badge contrast");
        if ("connected".equals(newState)) {
            cards.values().forEach(DeviceCard::requestShadow);
        }
    }

    private void onMessage(String topic, String payload) {
        for (DeviceCard card : cards.values()) {
            if (card.accept(topic, payload)) {
                return;
            }
        }
    }
}
