package io.thingstead.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server modules whose jars the build copies (HiveMQ and OSHI, ADR 0007) must list exactly those jars in their
 * module.xml: a jar missing from the list would be a NoClassDefFoundError at run time, a listed jar that is not copied
 * a module that does not load. Runs after the copy (generate-resources) and before anything is packaged.
 */
class ModuleContentTest {
    private static final Pattern RESOURCE_ROOT = Pattern.compile("<resource-root path=\"([^\"]+)\"/>");

    @ParameterizedTest
    @ValueSource(strings = {"com/hivemq/embedded/main", "com/github/oshi/main", "software/amazon/cryptools/accp/main"})
    void moduleXmlListsExactlyTheCopiedJars(String module) throws IOException {
        Path copied = Path.of("target/server-content/modules").resolve(module);
        Path moduleXml = Path.of("src/main/wildfly/modules").resolve(module).resolve("module.xml");
        assertThat(copied).as("the build copies the jars of %s", module).isDirectory();

        Set<String> jars = new TreeSet<>();
        try (Stream<Path> files = Files.list(copied)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar"))
                    .forEach(jars::add);
        }
        Set<String> listed = new TreeSet<>();
        Matcher matcher = RESOURCE_ROOT.matcher(Files.readString(moduleXml));
        while (matcher.find()) {
            listed.add(matcher.group(1));
        }

        assertThat(jars).as("jars copied for %s", module).isNotEmpty();
        assertThat(listed).as("resource roots of %s", moduleXml).isEqualTo(jars);
    }

    @ParameterizedTest
    @ValueSource(strings = {"com/hivemq/embedded/main"})
    void theBrokerKeepsItsLibrariesToItself(String module) throws IOException {
        String xml = Files.readString(
                Path.of("src/main/wildfly/modules").resolve(module).resolve("module.xml"));

        assertThat(xml)
                .contains("<include path=\"com/hivemq/extension/sdk/api/**\"/>")
                .contains("<exclude path=\"**\"/>");
        assertThat(xml.indexOf("<exclude path=\"**\"/>"))
                .as("the catch-all exclude comes after the includes")
                .isGreaterThan(xml.lastIndexOf("<include "));
    }
}
