package io.thingstead.portal.views.security;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.thingstead.common.api.PlatformIdentity;
import io.thingstead.common.api.error.IotException;
import io.thingstead.policy.api.AuthorizationTester;
import io.thingstead.policy.api.Policies;
import io.thingstead.portal.components.PagedGrid;
import io.thingstead.portal.internal.CurrentUser;
import io.thingstead.portal.internal.PortalAudit;
import io.thingstead.registry.api.ThingPrincipals;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IoT policies: the list, a policy's default document and versions, editing (a new default version; the document is
 * checked as AWS checks it and errors say where), and "test authorization": what a thing's principals (or any
 * certificate ARN or identity id) may do, decided by the same evaluator the gateway uses.
 */
@Route("security/policies")
@Menu(title = "Policies", order = 220)
@PageTitle("Policies | Thingstead")
@RolesAllowed(CurrentUser.OPERATOR)
@Dependent
public class PoliciesView extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    @Inject
    transient Policies policies;

    @Inject
    transient AuthorizationTester tester;

    @Inject
    transient ThingPrincipals principals;

    @Inject
    transient PlatformIdentity platform;

    @Inject
    transient PortalAudit audit;

    private final H2 selected = new H2();
    private final TextArea document = new TextArea("Default version's document");
    private final Paragraph saveResult = new Paragraph();
    private final Grid<Policies.PolicyVersionInfo> versions = new Grid<>();
    private final VerticalLayout details = new VerticalLayout();
    private final Grid<AuthorizationTester.AuthResult> results = new Grid<>();
    private final Paragraph testError = new Paragraph();

    @PostConstruct
    void render() {
        add(new H1("Policies"));
        PagedGrid<Policies.PolicyRef> list =
                new PagedGrid<>("policies-grid", 50, (token, size) -> policies.list(token, size, true));
        list.grid()
                .addColumn(Policies.PolicyRef::policyName)
                .setHeader("Policy")
                .setAutoWidth(true);
        list.grid().addItemClickListener(event -> select(event.getItem().policyName()));
        list.grid().asSingleSelect().addValueChangeListener(event -> {
            if (event.getValue() != null) {
                select(event.getValue().policyName());
            }
        });
        list.setWidth("28em");
        list.reload();

        selected.setId("policy-name");
        document.setId("policy-document");
        document.setWidthFull();
        document.setMinHeight("16em");
        saveResult.setId("policy-save-result");
        Button save = new Button("Save as new default version", event -> save());
        save.setId("save-policy");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        versions.setId("policy-versions");
        versions.addThemeVariants(GridVariant.LUMO_COMPACT);
        versions.addColumn(Policies.PolicyVersionInfo::versionId).setHeader("Version");
        versions.addColumn(v -> v.isDefaultVersion() ? "default" : "").setHeader("");
        versions.addColumn(v -> v.creationDate().toString()).setHeader("Created");
        versions.setAllRowsVisible(true);
        details.add(selected, document, save, saveResult, new H3("Versions"), versions, testPanel());
        details.setVisible(false);
        HorizontalLayout layout = new HorizontalLayout(list, details);
        layout.setWidthFull();
        details.setWidthFull();
        add(layout);
    }

    private void select(String name) {
        Policies.PolicyInfo policy = policies.get(name);
        selected.setText(name);
        document.setValue(policy.policyDocument());
        document.setInvalid(false);
        saveResult.setText("");
        versions.setItems(policies.listVersions(name));
        details.setVisible(true);
    }

    private void save() {
        String name = selected.getText();
        String outcome = "SUCCESS";
        try {
            List<Policies.PolicyVersionInfo> existing = policies.listVersions(name);
            if (existing.size() >= Policies.MAX_VERSIONS) {
                // as the AWS console does: the oldest version that is not the default makes room
                existing.stream()
                        .filter(v -> !v.isDefaultVersion())
                        .min((a, b) -> a.creationDate().compareTo(b.creationDate()))
                        .ifPresent(v -> policies.deleteVersion(name, v.versionId()));
            }
            Policies.PolicyVersionInfo version = policies.createVersion(name, document.getValue(), true);
            document.setInvalid(false);
            saveResult.setText("Saved as version " + version.versionId() + "; connections using it are re-bound now.");
            versions.setItems(policies.listVersions(name));
        } catch (IotException e) {
            outcome = e.code().name();
            document.setInvalid(true);
            document.setErrorMessage(e.getMessage());
            saveResult.setText(e.getMessage());
        }
        audit.record(
                "iot:CreatePolicyVersion",
                Optional.of(platform.iotArn("policy", name).toString()),
                outcome,
                Map.of());
    }

    private VerticalLayout testPanel() {
        TextField who = new TextField("Thing, certificate ARN or identity id");
        who.setId("test-principal");
        who.setWidth("28em");
        TextField clientId = new TextField("Client id");
        clientId.setId("test-client-id");
        Select<String> action = new Select<>();
        action.setLabel("Action");
        action.setId("test-action");
        action.setItems("CONNECT", "PUBLISH", "SUBSCRIBE", "RECEIVE");
        action.setValue("PUBLISH");
        TextField resource = new TextField("Resource (topic, topic filter or client id)");
        resource.setId("test-resource");
        resource.setWidth("24em");
        Button test = new Button(
                "Test authorization",
                event -> test(
                        who.getValue().strip(),
                        clientId.getValue().strip(),
                        action.getValue(),
                        resource.getValue().strip()));
        test.setId("test-authorization");
        testError.setId("test-error");
        results.setId("test-results");
        results.addThemeVariants(GridVariant.LUMO_COMPACT);
        results.addColumn(r -> r.authInfo().resources().get(0)).setHeader("Resource");
        results.addColumn(r -> r.decision().name()).setHeader("Decision");
        results.addColumn(r -> names(r.allowedBy())).setHeader("Allowed by");
        results.addColumn(r -> names(r.explicitlyDeniedBy())).setHeader("Denied by");
        results.setAllRowsVisible(true);
        HorizontalLayout first = new HorizontalLayout(who, clientId);
        HorizontalLayout second = new HorizontalLayout(action, resource, test);
        second.setAlignItems(FlexComponent.Alignment.BASELINE);
        VerticalLayout panel = new VerticalLayout(
                new H3("Test authorization"),
                new Paragraph("Decides with the principal's attached policies (the selected one included when it is"
                        + " attached), as the gateway would."),
                first,
                second,
                testError,
                results);
        panel.setPadding(false);
        return panel;
    }

    private void test(String who, String clientId, String action, String resource) {
        testError.setText("");
        try {
            List<String> principalList = new ArrayList<>();
            if (who.startsWith("arn:") || who.matches("[a-z0-9-]+:[0-9a-f-]{36}")) {
                principalList.add(who);
            } else {
                principalList.addAll(
                        principals.listPrincipals(who, Optional.empty(), 10).items());
            }
            if (principalList.isEmpty()) {
                testError.setText(who + " has no principals attached.");
                results.setItems(List.of());
                return;
            }
            String arn = resourceArn(action, resource);
            List<AuthorizationTester.AuthResult> all = new ArrayList<>();
            for (String principal : principalList) {
                all.addAll(tester.test(
                        principal,
                        clientId.isEmpty() ? Optional.empty() : Optional.of(clientId),
                        List.of(new AuthorizationTester.AuthInfo(action, List.of(arn))),
                        List.of(),
                        List.of()));
            }
            results.setItems(all);
        } catch (IotException e) {
            testError.setText(e.getMessage());
            results.setItems(List.of());
        }
    }

    private String resourceArn(String action, String resource) {
        if (resource.startsWith("arn:")) {
            return resource;
        }
        String type = switch (action) {
            case "CONNECT" -> "client";
            case "SUBSCRIBE" -> "topicfilter";
            default -> "topic";
        };
        return platform.iotArn(type, resource).toString();
    }

    private static String names(List<Policies.PolicyRef> refs) {
        return String.join(
                ", ", refs.stream().map(Policies.PolicyRef::policyName).toList());
    }
}
