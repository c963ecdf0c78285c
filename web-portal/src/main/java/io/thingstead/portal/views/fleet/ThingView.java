package io.thingstead.portal.views.fleet;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import io.thingstead.common.api.error.IotException;
import io.thingstead.console.api.ThingActivity;
import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import io.thingstead.pairing.api.IssuedCode;
import io.thingstead.pairing.api.PairingCodes;
import io.thingstead.pki.api.CertificateInfo;
import io.thingstead.pki.api.DeviceCertificates;
import io.thingstead.portal.components.CertificateActions;
import io.thingstead.portal.components.QrCode;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.Json;
import io.thingstead.portal.internal.LiveEvents;
import io.thingstead.portal.internal.PortalAudit;
import io.thingstead.portal.internal.PortalSettings;
import io.thingstead.registry.api.FleetIndex;
import io.thingstead.registry.api.ThingDescription;
import io.thingstead.registry.api.ThingGroups;
import io.thingstead.registry.api.ThingPrincipals;
import io.thingstead.registry.api.Things;
import io.thingstead.shadow.api.GetOutcome;
import io.thingstead.shadow.api.ShadowId;
import io.thingstead.shadow.api.ShadowService;
import io.thingstead.shadow.api.UpdateOutcome;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One thing for an operator: attributes and groups, its certificates (revoke, deactivate, activate), its shadow live
 * (server push on every committed change) with "update desired" and "send command", its connection history, and its
 * owner and pairing code.
 */
@Route("fleet/things/:thingName")
@PageTitle("Thing | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class ThingView extends VerticalLayout implements BeforeEnterObserver {
    private static final long serialVersionUID = 1L;

    @Inject
    transient Things things;

    @Inject
    transient ThingGroups groups;

    @Inject
    transient ThingPrincipals principals;

    @Inject
    transient DeviceCertificates certificates;

    @Inject
    transient ShadowService shadows;

    @Inject
    transient Gateway gateway;

    @Inject
    transient FleetIndex index;

    @Inject
    transient PairingCodes pairing;

    @Inject
    transient LiveEvents live;

    @Inject
    transient PortalAudit audit;

    @Inject
    transient PortalSettings settings;

    private String thingName;
    private final Pre shadow = new Pre();
    private final Span connection = new Span();
    private final Grid<ThingActivity.Connection> history = new Grid<>();
    private final Grid<CertificateInfo> certificateGrid = new Grid<>();
    private Registration liveRegistration;

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        thingName = event.getRouteParameters().get("thingName").orElse("");
        removeAll();
        Optional<ThingDescription> thing;
        try {
            thing = things.find(thingName);
        } catch (IotException e) {
            thing = Optional.empty();
        }
        if (thing.isEmpty()) {
            add(new H1("No such thing"), new Paragraph(thingName + " does not exist."));
            add(new RouterLink("Back to things", ThingsView.class));
            return;
        }
        render(thing.get());
    }

    private void render(ThingDescription thing) {
        H1 title = new H1(thing.thingName());
        title.setId("thing-title");
        add(new RouterLink("Back to things", ThingsView.class), title);
        TabSheet tabs = new TabSheet();
        tabs.setWidthFull();
        tabs.add("Overview", overview(thing));
        tabs.add("Certificates", certificatesTab());
        tabs.add("Shadow", shadowTab());
        tabs.add("Connection", connectionTab());
        tabs.add("Owner", ownerTab());
        tabs.setId("thing-tabs");
        tabs.addSelectedChangeListener(event -> {
            refreshShadow();
            refreshConnection();
            history.setItems(live.history(thing.thingName()));
        });
        add(tabs);
    }

    private VerticalLayout overview(ThingDescription thing) {
        VerticalLayout layout = new VerticalLayout();
        layout.add(new Paragraph("Type: " + thing.thingTypeName().orElse("(none)") + " · version " + thing.version()
                + " · ARN " + thing.thingArn()));
        Grid<Map.Entry<String, String>> attributes = new Grid<>();
        attributes.setId("thing-attributes");
        attributes.addColumn(Map.Entry::getKey).setHeader("Attribute");
        attributes.addColumn(Map.Entry::getValue).setHeader("Value");
        attributes.setItems(new ArrayList<>(thing.attributes().entrySet()));
        attributes.setAllRowsVisible(true);
        attributes.addThemeVariants(GridVariant.LUMO_COMPACT);
        layout.add(new H3("Attributes"), attributes);
        List<String> groupNames = new ArrayList<>();
        groups.listGroupsForThing(thing.thingName(), Optional.empty(), 100)
                .items()
                .forEach(g -> groupNames.add(g.groupName()));
        Paragraph groupText = new Paragraph(groupNames.isEmpty() ? "(none)" : String.join(", ", groupNames));
        groupText.setId("thing-groups");
        layout.add(new H3("Groups"), groupText);
        return layout;
    }

    private VerticalLayout certificatesTab() {
        VerticalLayout layout = new VerticalLayout();
        certificateGrid.setId("thing-certificates");
        certificateGrid.addThemeVariants(GridVariant.LUMO_COMPACT);
        certificateGrid.addColumn(c -> c.certificateId().substring(0, 16) + "…").setHeader("Certificate");
        certificateGrid.addColumn(c -> c.status().name()).setHeader("Status").setAutoWidth(true);
        certificateGrid.addColumn(c -> c.notAfter().toString()).setHeader("Valid until");
        certificateGrid
                .addComponentColumn(c -> new CertificateActions(
                        c, certificates, audit, Map.of("thingName", thingName), this::refreshCertificates))
                .setHeader("Actions")
                .setAutoWidth(true);
        certificateGrid.setAllRowsVisible(true);
        refreshCertificates();
        layout.add(certificateGrid);
        return layout;
    }

    private void refreshCertificates() {
        List<CertificateInfo> list = new ArrayList<>();
        for (String principal :
                principals.listPrincipals(thingName, Optional.empty(), 250).items()) {
            int slash = principal.lastIndexOf("cert/");
            if (principal.startsWith("arn:") && slash >= 0) {
                try {
                    list.add(certificates.describe(principal.substring(slash + 5)));
                } catch (IotException e) {
                    // deleted meanwhile
                }
            }
        }
        certificateGrid.setItems(list);
    }

    private VerticalLayout shadowTab() {
        VerticalLayout layout = new VerticalLayout();
        shadow.setId("thing-shadow");
        shadow.getElement().setAttribute("aria-live", "polite");
        shadow.getElement().setAttribute("aria-label", "Classic shadow");
        refreshShadow();
        TextArea desired = new TextArea("Desired state (JSON object)");
        desired.setId("desired-json");
        desired.setWidthFull();
        desired.setValue("{\n  \n}");
        Button update = new Button("Update desired", event -> updateDesired(desired));
        update.setId("update-desired");
        update.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        TextField command = new TextField("Command");
        command.setId("command-name");
        command.setHelperText("published on cmd/" + thingName + "/<command>");
        TextField payload = new TextField("Payload");
        payload.setId("command-payload");
        payload.setValue("{}");
        Button send = new Button("Send command", event -> sendCommand(command.getValue(), payload.getValue()));
        send.setId("send-command");
        HorizontalLayout commandRow = new HorizontalLayout(command, payload, send);
        commandRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        layout.add(new H3("Classic shadow (live)"), shadow, desired, update, new H3("Command"), commandRow);
        return layout;
    }

    private void refreshShadow() {
        GetOutcome outcome = shadows.get(ShadowId.classic(thingName), new byte[0]);
        shadow.setText(
                outcome instanceof GetOutcome.Accepted accepted ? Json.pretty(accepted.document()) : "(no shadow)");
    }

    private void updateDesired(TextArea field) {
        Optional<JsonObject> desired = Json.object(field.getValue());
        if (desired.isEmpty()) {
            field.setInvalid(true);
            field.setErrorMessage("Write a JSON object, e.g. {\"color\": \"green\"}");
            return;
        }
        field.setInvalid(false);
        String payload = jakarta.json.Json.createObjectBuilder()
                .add("state", jakarta.json.Json.createObjectBuilder().add("desired", desired.get()))
                .build()
                .toString();
        UpdateOutcome outcome = shadows.update(ShadowId.classic(thingName), payload.getBytes(StandardCharsets.UTF_8));
        boolean accepted = outcome instanceof UpdateOutcome.Accepted;
        audit.record(
                "iotdata:UpdateThingShadow",
                Optional.of(audit.thingArn(thingName)),
                accepted ? "SUCCESS" : "REJECTED",
                Map.of());
        notify(accepted ? "Desired state updated" : "Refused: " + outcome, !accepted);
    }

    private void sendCommand(String command, String payload) {
        if (!command.matches("[A-Za-z0-9_.-]{1,64}")) {
            notify("A command name has 1 to 64 letters, digits, '.', '_' or '-'.", true);
            return;
        }
        String topic = "cmd/" + thingName + "/" + command;
        gateway.publish(OutboundMessage.builder(topic).payload(payload).qos(1).build());
        audit.record("iotdata:Publish", Optional.of(audit.thingArn(thingName)), "SUCCESS", Map.of("topic", topic));
        notify("Published on " + topic, false);
    }

    private VerticalLayout connectionTab() {
        VerticalLayout layout = new VerticalLayout();
        connection.setId("thing-connection");
        refreshConnection();
        history.setId("connection-history");
        history.addThemeVariants(GridVariant.LUMO_COMPACT);
        history.addColumn(c -> c.at().toString()).setHeader("When");
        history.addColumn(c -> c.connected() ? "connected" : "disconnected").setHeader("Event");
        history.addColumn(ThingActivity.Connection::ipAddress).setHeader("From");
        history.addColumn(ThingActivity.Connection::detail).setHeader("Detail");
        history.setItems(live.history(thingName));
        history.setAllRowsVisible(true);
        layout.add(connection, new H3("History (since the server started)"), history);
        return layout;
    }

    private void refreshConnection() {
        String text = index
                .search(
                        Optional.empty(),
                        "thingName:" + io.thingstead.portal.internal.FleetLookups.quoted(thingName),
                        Optional.empty(),
                        1)
                .items()
                .stream()
                .findFirst()
                .flatMap(FleetIndex.ThingDocument::connectivity)
                .map(c -> (c.connected() ? "Connected" : "Disconnected") + " since "
                        + java.time.Instant.ofEpochMilli(c.timestamp())
                        + c.disconnectReason().map(r -> " (" + r + ")").orElse(""))
                .orElse("Never connected");
        connection.setText(text);
    }

    private VerticalLayout ownerTab() {
        VerticalLayout layout = new VerticalLayout();
        Paragraph owner = new Paragraph(pairing.ownerOf(thingName)
                .map(o -> "Owned by " + o.username() + " (" + o.identityId() + ") since " + o.pairedAt())
                .orElse("No owner"));
        owner.setId("thing-owner");
        Button release = new Button(
                "Release from owner",
                event -> confirm(
                        "Release " + thingName + "?",
                        "Its owner loses access at once; the device is told it has no owner.",
                        "Release",
                        () -> {
                            pairing.release(thingName, CurrentUser.get().actor());
                            owner.setText("No owner");
                        }));
        release.setId("release-owner");
        release.setEnabled(pairing.ownerOf(thingName).isPresent());
        Paragraph code = new Paragraph(pairing.latestCode(thingName)
                .map(c -> "Latest pairing code: made " + c.createdAt() + " by " + c.issuedBy() + ", "
                        + c.usedAt().map(u -> "used " + u).orElse("valid until " + c.expiresAt()))
                .orElse("No pairing code yet"));
        code.setId("pairing-code-status");
        Button issue = new Button(
                "New pairing code",
                event -> showLabel(pairing.issue(thingName, CurrentUser.get().actor())));
        issue.setId("new-pairing-code");
        layout.add(owner, release, code, issue);
        return layout;
    }

    private void showLabel(IssuedCode code) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Pairing label for " + thingName);
        Span text = new Span(code.code());
        text.setId("issued-pairing-code");
        text.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-xxl)");
        dialog.add(
                new Paragraph("Print this on the device's label. It works once, until " + code.expiresAt()
                        + "; older unused codes of this thing no longer work."),
                text,
                new QrCode(code.qrContent(settings.publicUrl()), "QR code of the pairing code"));
        Button close = new Button("Close", event -> dialog.close());
        close.setId("close-label");
        dialog.getFooter().add(close);
        dialog.open();
    }

    private void confirm(String header, String text, String action, Runnable work) {
        ConfirmDialog dialog = new ConfirmDialog(header, text, action, event -> work.run());
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.setId("confirm-dialog");
        dialog.open();
    }

    private static void notify(String text, boolean error) {
        Notification notification = Notification.show(text, 5000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        if (thingName != null && !thingName.isEmpty()) {
            liveRegistration = live.listen(this, thingName, change -> {
                if (change instanceof ThingActivity.ShadowUpdated updated
                        && updated.shadowName().isEmpty()) {
                    refreshShadow();
                } else if (change instanceof ThingActivity.ConnectionChanged) {
                    refreshConnection();
                    history.setItems(live.history(thingName));
                }
            });
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveRegistration != null) {
            liveRegistration.remove();
            liveRegistration = null;
        }
        super.onDetach(event);
    }
}
