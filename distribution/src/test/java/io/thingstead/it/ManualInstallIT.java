package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Thingstead on a WildFly 39 that was not built for it, configured by hand as docs/operations.md says ("Install by
 * hand"): a WildFly provisioned from WildFly's own feature pack only (its default standalone.xml), the modules of
 * thingstead-manual-install-VERSION.zip copied in, dist/thingstead.cli run twice with a properties file (the second
 * run must change nothing), the EAR deployed; then the smoke test.
 */
class ManualInstallIT {
    private static final Path WORK = Path.of(System.getProperty("user.dir"), "target", "it");
    /** The test server's offset + 1200: beside it and beside ReadyMeansReadyIT's (+1000). */
    private static final int OFFSET = Integer.getInteger("thingstead.port.offset", 10000) + 1200;

    @Test
    void aPlainWildFlyConfiguredWithTheCliScriptRunsThingstead() throws Exception {
        long started = System.nanoTime();
        Path home = WORK.resolve("plain");
        Installation.delete(home);
        Installation.copyTree(Path.of(System.getProperty("thingstead.plain.dir")), home);
        assertThat(Files.readString(home.resolve("standalone/configuration/standalone.xml")))
                .as("a WildFly that knows nothing of Thingstead")
                .doesNotContain("Thingstead")
                .doesNotContain("thingstead")
                .doesNotContain("micrometer");

        Path manual = WORK.resolve("manual-install");
        Installation.delete(manual);
        Installation.unzip(Path.of(System.getProperty("thingstead.manual.zip")), manual);
        Path kit = manual.resolve("thingstead-manual-install-" + System.getProperty("thingstead.version"));
        Installation.copyTree(kit.resolve("modules"), home.resolve("modules"));

        try (Installation server = new Installation(home, OFFSET, "it_manual")) {
            server.freshSchema();
            Path properties = WORK.resolve("manual.properties");
            Files.writeString(properties, properties(server, kit));
            server.start(Installation.secrets());
            server.awaitManagement();

            Installation.Result first =
                    server.cli("--file=" + kit.resolve("thingstead.cli"), "--properties=" + properties);
            assertThat(first.output()).as("first run").doesNotContain("\"outcome\" => \"failed\"");
            assertThat(first.exit()).as("first run:\n" + first.output()).isZero();
            String afterFirst = model(server);

            Installation.Result second =
                    server.cli("--file=" + kit.resolve("thingstead.cli"), "--properties=" + properties);
            assertThat(second.output()).as("second run").doesNotContain("\"outcome\" => \"failed\"");
            assertThat(second.exit()).as("second run:\n" + second.output()).isZero();
            // no assertion on "operation-requires-reload" in the second run's output: WildFly answers so to every
            // write-attribute of an attribute that needs a reload, even when the value is the one already there, and
            // the server still awaits the reload of the first run; what matters is the model, compared next
            assertThat(model(server)).as("the second run changes nothing").isEqualTo(afterFirst);

            String config = Files.readString(home.resolve("standalone/configuration/standalone.xml"));
            assertThat(count(config, "pool-name=\"ThingsteadDS\""))
                    .as("one datasource")
                    .isEqualTo(1);
            assertThat(count(config, "<socket-binding name=\"thingstead-mqtt\""))
                    .isEqualTo(1);
            assertThat(config)
                    .as("the secrets stay expressions the server resolves, not values in standalone.xml")
                    .contains("${env.THINGSTEAD_DB_PASSWORD}")
                    .contains("${env.THINGSTEAD_OIDC_CLIENT_SECRET}")
                    .doesNotContain(TestEnvironment.require("THINGSTEAD_DB_PASSWORD"));

            Installation.Result reload = server.cli(":reload");
            assertThat(reload.exit()).as(reload.output()).isZero();
            server.awaitManagement();
            Files.copy(
                    kit.resolve("thingstead.ear"),
                    home.resolve("standalone/deployments/thingstead.ear"),
                    StandardCopyOption.REPLACE_EXISTING);

            SmokeTest.run(server, server.awaitReady());
            assertThat(Files.readString(home.resolve("standalone/log/server.log")))
                    .as("the gateway listens where the socket binding says")
                    .contains("ports come from the socket bindings thingstead-mqtt*");
        }
        System.out.printf("ManualInstallIT took %s%n", Installation.since(started));
    }

    private static String properties(Installation server, Path kit) throws Exception {
        // the shipped example, with this test's database and OIDC provider
        Map<String, String> values = Map.of(
                "thingstead.db.url", server.databaseUrl(),
                "thingstead.db.user", TestEnvironment.require("THINGSTEAD_DB_USER"),
                "thingstead.oidc.provider-url", TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL"),
                "thingstead.observability.secured", "false");
        return Files.readAllLines(kit.resolve("thingstead.properties")).stream()
                .map(line -> {
                    int equals = line.indexOf('=');
                    if (line.startsWith("#") || equals < 0) {
                        return line;
                    }
                    String key = line.substring(0, equals);
                    return values.containsKey(key) ? key + "=" + values.get(key) : line;
                })
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** What the script configures, as the server's model has it (sorted: a reload may reorder children). */
    private static String model(Installation server) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String address : List.of(
                "/subsystem=datasources",
                "/subsystem=elytron-oidc-client",
                "/subsystem=micrometer",
                "/subsystem=microprofile-health-smallrye",
                "/subsystem=ee",
                "/socket-binding-group=standard-sockets",
                "/interface=thingstead-loopback",
                "/extension=org.wildfly.extension.micrometer")) {
            Installation.Result read = server.cli(address + ":read-resource(recursive=true)");
            assertThat(read.exit()).as(read.output()).isZero();
            all.append(read.output()
                    .lines()
                    .filter(l -> !l.contains("response-headers")
                            && !l.contains("process-state")
                            && !l.contains("operation-requires")
                            && !l.startsWith("WARNING"))
                    .map(String::strip)
                    .sorted()
                    .collect(Collectors.joining("\n")));
        }
        return all.toString();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
