package io.thingstead.portal.views.security;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.identity.api.AccessKeyInfo;
import io.thingstead.identity.api.AccessKeys;
import io.thingstead.identity.api.NewAccessKey;
import io.thingstead.identity.api.Role;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.PortalAudit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Access keys for the AWS SDK and CLI (SigV4): who has one, creating one (its secret is shown once and never
 * stored in the clear) and deactivating one.
 */
@Route("security/access-keys")
@Menu(title = "Access keys", order = 230)
@PageTitle("Access keys | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class AccessKeysView extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    @Inject
    transient AccessKeys keys;

    @Inject
    transient PortalAudit audit;

    private final Grid<AccessKeyInfo> grid = new Grid<>();

    @PostConstruct
    void render() {
        add(new H1("Access keys"));
        TextField principal = new TextField("For whom");
        principal.setId("access-key-principal");
        principal.setHelperText("a name for the person or program, e.g. ci-deploy");
        Button create = new Button("Create operator key", event -> create(principal));
        create.setId("create-access-key");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout row = new HorizontalLayout(principal, create);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(row);
        grid.setId("access-keys-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(AccessKeyInfo::accessKeyId).setHeader("Access key id").setAutoWidth(true);
        grid.addColumn(AccessKeyInfo::principal).setHeader("For");
        grid.addColumn(k -> k.role().name()).setHeader("Role");
        grid.addColumn(k -> k.active() ? "active" : "inactive").setHeader("Status");
        grid.addColumn(k -> k.createdAt().toString()).setHeader("Created");
        grid.addComponentColumn(this::deactivateButton).setHeader("");
        grid.setAllRowsVisible(true);
        add(grid);
        refresh();
    }

    private Button deactivateButton(AccessKeyInfo key) {
        Button deactivate = new Button("Deactivate", event -> {
            ConfirmDialog confirm = new ConfirmDialog(
                    "Deactivate " + key.accessKeyId() + "?",
                    "Requests signed with it are refused from now on.",
                    "Deactivate",
                    e -> {
                        keys.deactivate(key.accessKeyId());
                        audit.record(
                                "thingstead:DeactivateAccessKey",
                                Optional.empty(),
                                "SUCCESS",
                                Map.of("accessKeyId", key.accessKeyId()));
                        refresh();
                    });
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        deactivate.setId("deactivate-key-" + key.accessKeyId());
        deactivate.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        deactivate.setEnabled(key.active());
        return deactivate;
    }

    private void create(TextField principal) {
        String name = principal.getValue().strip();
        if (!name.matches("[A-Za-z0-9_.@:-]{1,128}")) {
            principal.setInvalid(true);
            principal.setErrorMessage("1 to 128 letters, digits and _ . @ : -");
            return;
        }
        principal.setInvalid(false);
        NewAccessKey key = keys.create(name, Role.OPERATOR);
        audit.record(
                "thingstead:CreateAccessKey",
                Optional.empty(),
                "SUCCESS",
                Map.of("accessKeyId", key.accessKeyId(), "principal", name));
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New access key for " + name);
        Pre secret = new Pre("AWS_ACCESS_KEY_ID=" + key.accessKeyId() + "\nAWS_SECRET_ACCESS_KEY="
                + new String(key.secretAccessKey()));
        Arrays.fill(key.secretAccessKey(), '\0');
        secret.setId("new-access-key");
        dialog.add(new Paragraph("Copy the secret now: Thingstead keeps it sealed and cannot show it again."), secret);
        Button close = new Button("Close", event -> dialog.close());
        dialog.getFooter().add(close);
        dialog.open();
        principal.clear();
        refresh();
    }

    private void refresh() {
        grid.setItems(keys.list());
    }
}
