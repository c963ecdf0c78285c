package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is at least validated: Compose must accept it, and
 * the resolved file must wire the three services together. Uses {@code docker compose} when the plugin is there,
 * Debian's {@code docker-compose} otherwise (./thingstead test installs it as root).
 */
class DockerComposeFileIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void composeAcceptsTheFileAndWiresTheServices() throws Exception {
        Map<String, String> env = Map.of(
                "THINGSTEAD_DB_PASSWORD", "db-secret",
                "THINGSTEAD_OIDC_CLIENT_SECRET", "oidc-secret",
                "KEYCLOAK_ADMIN_PASSWORD", "kc-secret",
                "THINGSTEAD_OPERATOR_PASSWORD", "op-secret",
                "THINGSTEAD_USER_PASSWORD", "user-secret");

        Result result = compose(env, "config");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("postgres:", "keycloak:", "thingstead:")
                .contains("THINGSTEAD_DB_PASSWORD: db-secret")
                .contains("THINGSTEAD_PORTAL_CLIENT_SECRET: oidc-secret")
                .contains("THINGSTEAD_OIDC_PROVIDER_URL: http://localhost:8180/realms/thingstead")
                .contains("thingstead-realm.json");
        assertThat(Files.readString(ROOT.resolve("Dockerfile")))
                .as("the image is the release's server zip")
                .contains("distribution/target/thingstead-server-${THINGSTEAD_VERSION}.zip")
                .contains("/opt/thingstead/server/bin/standalone.sh");
        assertThat(result.output()).contains("THINGSTEAD_VERSION: 0.1.0-SNAPSHOT");
    }

    @Test
    void composeRefusesToStartWithoutTheSecrets() throws Exception {
        Result result = compose(Map.of(), "config");

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("set THINGSTEAD_DB_PASSWORD");
    }

    private record Result(int exit, String output) {}

    private static Result compose(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (works("docker", "compose", "version")) {
            command.addAll(List.of("docker", "compose"));
        } else if (works("docker-compose", "version")) {
            command.add("docker-compose");
        } else {
            throw new IllegalStateException("neither 'docker compose' nor 'docker-compose' is installed:"
                    + " apt-get install docker-compose (./thingstead test does it as root)");
        }
        command.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("THINGSTEAD_") || k.startsWith("KEYCLOAK_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static boolean works(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
