package io.thingstead.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries of ARCHITECTURE.md and docs/architecture.md, checked over the compiled classes of every module in
 * the reactor: a class of module {@code io.thingstead.a} may use module {@code io.thingstead.b} only through {@code
 * io.thingstead.b.api}. (All modules share one class loader in the EAR, ADR 0005, so this test is what keeps them
 * apart.) Two more rules keep the device gateway and the PKI to their concerns (docs/architecture.md, "Modules"):
 * the gateway knows no business module (device services plug in through {@code gateway.api.DeviceService}), and
 * the PKI uses the registry and policies only for what certificates need, not for provisioning.
 */
class ModuleBoundariesTest {
    private static final String ROOT_PACKAGE = "io.thingstead.";
    private static JavaClasses classes;

    @BeforeAll
    static void importAllModules() throws IOException {
        Path reactor = Path.of(System.getProperty("user.dir")).getParent();
        List<Path> outputs;
        try (Stream<Path> walk = Files.walk(reactor, 4)) {
            outputs = walk.filter(p -> p.endsWith(Path.of("target", "classes")))
                    .filter(p -> !p.startsWith(reactor.resolve(".thingstead")))
                    .filter(p -> Files.isDirectory(p.resolve("io/thingstead")))
                    .toList();
        }
        classes = new ClassFileImporter().importPaths(outputs);
    }

    @Test
    void everyModuleIsImported() {
        Set<String> modules = new TreeSet<>();
        classes.forEach(c -> modules.add(moduleOf(c.getPackageName())));
        assertThat(modules).contains("common", "migrations", "portal");
    }

    @Test
    void modulesUseEachOtherOnlyThroughTheirApi() {
        apiOnlyRule().check(classes);
    }

    @Test
    void theRuleCatchesAReachIntoInternals() {
        JavaClasses fixture = new ClassFileImporter().importClasses(io.thingstead.archfixture.Violator.class);

        assertThatThrownBy(() -> apiOnlyRule().check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("DatabaseMigrator")
                .hasMessageNotContaining("SchemaState");
    }

    /**
     * The gateway depends on the PKI for authentication and trust, on policies for authorization, on the registry for
     * a connection's thing (policy variables, connectivity) and on access keys for the development listener; device
     * services (shadow, provisioning, jobs, Defender, the rules engine) plug into it, never the other way round.
     */
    static final Set<String> GATEWAY_MAY_USE =
            Set.of("gateway", "common", "migrations", "identity", "pki", "policy", "registry");

    /** What certificates need of the registry and policies: paging, principal checks and detaching on delete. */
    static final Set<String> PKI_MAY_USE_OF_REGISTRY_AND_POLICY = Set.of(
            "io.thingstead.common.api.paging.Page",
            "io.thingstead.registry.api.PrincipalValidator",
            "io.thingstead.registry.api.ThingPrincipals",
            "io.thingstead.policy.api.CertificateFieldSource",
            "io.thingstead.policy.api.Policies",
            "io.thingstead.policy.api.Policies$PolicyRef");

    @Test
    void theGatewayKnowsNoBusinessModule() {
        gatewayRule().check(classes);
    }

    @Test
    void theGatewayRuleCatchesABusinessModule() {
        JavaClasses fixture =
                new ClassFileImporter().importClasses(io.thingstead.gateway.archfixture.GatewayViolator.class);

        assertThatThrownBy(() -> gatewayRule().check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ProvisioningTemplates");
    }

    @Test
    void thePkiDoesNotProvision() {
        pkiRule().check(classes);
    }

    @Test
    void thePkiRuleCatchesProvisioningWork() {
        JavaClasses fixture = new ClassFileImporter().importClasses(io.thingstead.pki.archfixture.PkiViolator.class);

        assertThatThrownBy(() -> pkiRule().check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("registry.api.Things");
    }

    private static ArchRule gatewayRule() {
        return ArchRuleDefinition.classes()
                .that()
                .resideInAPackage("io.thingstead.gateway..")
                .should(new ArchCondition<JavaClass>("use no business module (device services plug in instead)") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            String target = dependency.getTargetClass().getPackageName();
                            if (target.startsWith(ROOT_PACKAGE) && !GATEWAY_MAY_USE.contains(moduleOf(target))) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
    }

    private static ArchRule pkiRule() {
        return ArchRuleDefinition.classes()
                .that()
                .resideInAPackage("io.thingstead.pki..")
                .should(new ArchCondition<JavaClass>("use the registry and policies only for certificates' needs") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass();
                            String module = target.getPackageName().startsWith(ROOT_PACKAGE)
                                    ? moduleOf(target.getPackageName())
                                    : "";
                            boolean registryOrPolicy = module.equals("registry") || module.equals("policy");
                            if (module.equals("provisioning")
                                    || (registryOrPolicy
                                            && !PKI_MAY_USE_OF_REGISTRY_AND_POLICY.contains(target.getName()))) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
    }

    private static ArchRule apiOnlyRule() {
        return ArchRuleDefinition.classes()
                .that()
                .resideInAPackage("io.thingstead..")
                .should(new ArchCondition<JavaClass>("use other modules only through their api packages") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String from = moduleOf(origin.getPackageName());
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            String target = dependency.getTargetClass().getPackageName();
                            if (!target.startsWith(ROOT_PACKAGE)) {
                                continue;
                            }
                            String to = moduleOf(target);
                            boolean allowed = to.equals(from) || target.startsWith(ROOT_PACKAGE + to + ".api");
                            if (!allowed) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
    }

    private static String moduleOf(String packageName) {
        String rest = packageName.substring(ROOT_PACKAGE.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
