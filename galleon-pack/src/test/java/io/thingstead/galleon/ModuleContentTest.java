package io.thingstead.galleon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each server module of the pack lists its jars as Maven artifacts ({@code <artifact name="${group:artifact}"/>}) that
 * Galleon resolves at provisioning time. The list must be exactly what the build resolves for the module (HiveMQ CE and
 * its runtime dependencies, OSHI and JNA, ...): an artifact missing from it is a NoClassDefFoundError at run time, one
 * that the pom does not resolve fails every provisioning. The dependency plugin writes what the build resolves to
 * target/module-artifacts/ (process-resources).
 */
class ModuleContentTest {
    private static final Pattern ARTIFACT = Pattern.compile("<artifact name=\"\\$\\{([^}]+)}\"/>");
    /** {@code group:artifact:jar[:classifier]:version} as the dependency plugin's list goal writes it. */
    private static final Pattern LISTED =
            Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):jar:(?:([^:\\s]+):)?([^:\\s]+?)(?:\\s.*)?$");

    @ParameterizedTest
    @ValueSource(
            strings = {"com.hivemq.embedded", "com.github.oshi", "software.amazon.cryptools.accp", "org.postgresql"})
    void moduleXmlListsExactlyTheResolvedArtifacts(String module) throws IOException {
        Path moduleXml = Path.of("src/main/galleon/modules")
                .resolve(module.replace('.', '/'))
                .resolve("main/module.xml");
        Set<String> listed = new TreeSet<>();
        Matcher matcher = ARTIFACT.matcher(Files.readString(moduleXml));
        while (matcher.find()) {
            listed.add(matcher.group(1));
        }
        assertThat(Files.readString(moduleXml)).doesNotContain("<resource-root");

        Set<String> resolved = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("target/module-artifacts", module + ".txt"))) {
            Matcher m = LISTED.matcher(line.replaceAll("\u001B\\[[0-9;]*m", ""));
            if (m.matches()) {
                resolved.add(m.group(1) + ":" + m.group(2) + (m.group(3) == null ? "" : "::" + m.group(3)));
            }
        }

        assertThat(resolved).as("artifacts the build resolves for %s", module).isNotEmpty();
        assertThat(listed).as("artifacts of %s", moduleXml).isEqualTo(resolved);
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.hivemq.embedded"})
    void theBrokerKeepsItsLibrariesToItself(String module) throws IOException {
        String xml = Files.readString(Path.of("src/main/galleon/modules")
                .resolve(module.replace('.', '/'))
                .resolve("main/module.xml"));

        assertThat(xml)
                .contains("<include path=\"com/hivemq/extension/sdk/api/**\"/>")
                .contains("<exclude path=\"**\"/>");
        assertThat(xml.indexOf("<exclude path=\"**\"/>"))
                .as("the catch-all exclude comes after the includes")
                .isGreaterThan(xml.lastIndexOf("<include "));
    }
}
