package io.thingstead.portal.views.operations;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.common.api.error.IotException;
import io.thingstead.portal.components.PagedGrid;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.PortalAudit;
import io.thingstead.provisioning.api.ProvisioningTemplateInfo;
import io.thingstead.provisioning.api.ProvisioningTemplateSummary;
import io.thingstead.provisioning.api.ProvisioningTemplates;
import io.thingstead.provisioning.api.UpdateProvisioningTemplate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Provisioning templates (fleet provisioning and JITP): the list, a template's default body, enabling and disabling
 * it, and a new default version, checked as the control plane checks it (errors name the place in the template).
 */
@Route("operations/provisioning-templates")
@Menu(title = "Provisioning templates", order = 300)
@PageTitle("Provisioning templates | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class ProvisioningTemplatesView extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ProvisioningTemplates templates;

    @Inject
    transient PortalAudit audit;

    private final H2 name = new H2();
    private final Checkbox enabled = new Checkbox("Enabled");
    private final TextArea body = new TextArea("Default version's body");
    private final Paragraph result = new Paragraph();
    private final VerticalLayout details = new VerticalLayout();
    private PagedGrid<ProvisioningTemplateSummary> list;

    @PostConstruct
    void render() {
        add(new H1("Provisioning templates"));
        list = new PagedGrid<>("templates-grid", 50, (token, size) -> templates.list(token, size));
        list.grid()
                .addColumn(ProvisioningTemplateSummary::templateName)
                .setHeader("Template")
                .setAutoWidth(true);
        list.grid().addColumn(t -> t.type().name()).setHeader("Type");
        list.grid().addColumn(t -> t.enabled() ? "enabled" : "disabled").setHeader("Status");
        list.grid().asSingleSelect().addValueChangeListener(event -> {
            if (event.getValue() != null) {
                select(event.getValue().templateName());
            }
        });
        list.reload();
        name.setId("template-name");
        enabled.setId("template-enabled");
        enabled.addValueChangeListener(event -> {
            if (event.isFromClient()) {
                enableTemplate(event.getValue());
            }
        });
        body.setId("template-body");
        body.setWidthFull();
        body.setMinHeight("18em");
        result.setId("template-result");
        Button save = new Button("Save as new default version", event -> save());
        save.setId("save-template");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        details.add(name, enabled, body, new HorizontalLayout(save), result);
        details.setVisible(false);
        add(list, details);
    }

    private void select(String templateName) {
        ProvisioningTemplateInfo info = templates.describe(templateName);
        name.setText(info.templateName());
        enabled.setValue(info.enabled());
        body.setValue(info.templateBody());
        body.setInvalid(false);
        result.setText("Version " + info.defaultVersionId() + " is the default.");
        details.setVisible(true);
    }

    private void enableTemplate(boolean value) {
        String template = name.getText();
        templates.update(new UpdateProvisioningTemplate(
                template,
                Optional.empty(),
                Optional.of(value),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false));
        audit.record(
                "iot:UpdateProvisioningTemplate",
                Optional.of(templates.describe(template).templateArn()),
                "SUCCESS",
                Map.of("enabled", String.valueOf(value)));
        list.refresh();
    }

    private void save() {
        String template = name.getText();
        String outcome = "SUCCESS";
        try {
            var version = templates.createVersion(template, body.getValue(), true);
            body.setInvalid(false);
            result.setText("Saved as version " + version.versionId() + " (now the default).");
        } catch (IotException e) {
            outcome = e.code().name();
            body.setInvalid(true);
            body.setErrorMessage(e.getMessage());
            result.setText(e.getMessage());
        }
        audit.record(
                "iot:CreateProvisioningTemplateVersion",
                Optional.of(templates.describe(template).templateArn()),
                outcome,
                Map.of());
    }
}
